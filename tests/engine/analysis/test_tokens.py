"""Language detection and lexical tokens (English stemming, Korean morphemes, other scripts)."""

from __future__ import annotations

import re

import pytest
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("xAI launched Grok a month after being founded", "en"),
        ("Musk founded xAI", "en"),
        ("Grok 2 beats GPT-4o", "en"),
        ("The Los Angeles Lakers won the title", "en"),
        ("Charles de Gaulle led la France libre from London", "en"),
        ("Le président a annoncé une nouvelle loi sur les retraites.", "fr"),
        ("Elon Musk a fondé xAI en 2023 et la société est basée à Palo Alto.", "fr"),
        ("El gobierno de España aprobó la ley de vivienda en marzo.", "es"),
        ("Elon Musk fundó xAI en 2023 y la empresa tiene su sede en Palo Alto.", "es"),
        ("Die Regierung hat das neue Gesetz im März beschlossen.", "de"),
        ("Elon Musk gründete xAI im Jahr 2023 und das Unternehmen ist in Palo Alto.", "de"),
        ("O governo aprovou uma nova lei sobre as pensões.", "pt"),
        ("Il governo ha approvato una nuova legge sulle pensioni.", "it"),
        ("xAI는 설립 한 달 뒤에 그록을 출시했다", "ko"),
        ("머스크 CEO는 xAI의 Grok을 OpenAI의 ChatGPT와 비교했다", "ko"),
        ("Elon Musk의 xAI, Grok-1.5 공개", "ko"),
        ("Samsung chairman 이재용 said the company would invest", "en"),
        ("イーロン・マスクはGrokを公開した", "ja"),
        ("马斯克发布了Grok", "zh"),
        ("Маск выпустил Grok", "ru"),
        ("أطلق ماسك جروك", "ar"),
        ("מאסק השיק את גרוק", "he"),
        ("?!… 🚀🚀", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_lexical_tokens_english() -> None:
    tokens = lexical_tokens("Musk's xAI launched the chatbots and released them; it was releasing")
    assert tokens == ["musk", "xai", "launch", "chatbot", "releas", "releas"]
    assert lexical_tokens("He sued") == lexical_tokens("to sue") == ["sue"]
    assert lexical_tokens("10,373 claims") == ["10373", "claim"]


def test_lexical_tokens_korean_morphemes() -> None:
    # Kiwi's content morphemes: particles and endings go, no syllable bigrams are added.
    assert lexical_tokens("그록을") == lexical_tokens("그록") == ["그록"]
    assert lexical_tokens("출시했다") == ["출시"]
    assert lexical_tokens("오픈AI와") == ["오픈", "ai"]
    assert lexical_tokens("샌프란시스코에서") == ["샌프란시스코"]
    assert lexical_tokens("연구소를 만들기로 합의했다") == ["연구소", "만들", "합의"]
    # A Latin word in Korean text is tokenised as it is in English text.
    assert lexical_tokens("머스크는 chatbots를 released") == ["머스크", "chatbot", "releas"]
    assert lexical_tokens("가격은 1,000원") == ["가격", "1000", "원"]


def test_lexical_tokens_other_latin_languages_are_not_stemmed() -> None:
    assert lexical_tokens("Les présidents ont annoncé des réformes") == [
        "presidents",
        "annonce",
        "reformes",
    ]
    assert lexical_tokens("Los gobiernos aprobaron las leyes", "es") == [
        "gobiernos",
        "aprobaron",
        "leyes",
    ]
    assert lexical_tokens("launched chatbots", "de") == ["launched", "chatbots"]
    assert lexical_tokens("launched chatbots", "en-GB") == ["launch", "chatbot"]


def test_lexical_tokens_are_fts5_safe() -> None:
    text = 'Musk said "AI" -- (NOT) OR 50% «café» 챗GPT는* x^2 naïve AND near'
    for token in lexical_tokens(text):
        assert re.fullmatch(r"[0-9a-z\uac00-\ud7a3]+", token), token
    assert lexical_tokens("café naïve") == lexical_tokens("cafe naive")
    # Other scripts' letters are tokens too, and never punctuation.
    for token in lexical_tokens('משרד "החינוך" (פתח) — وزارة* التعليم، Министерство'):
        assert re.fullmatch(r"[^\W_]+", token), token


def test_lexical_tokens_other_scripts() -> None:
    assert lexical_tokens("משרד החינוך פתח") == ["משרד", "החינוך", "פתח"]
    assert lexical_tokens("وزارة التعليم") == ["وزارة", "التعليم"]
    assert lexical_tokens("Министерство образования") == ["министерство", "образования"]
    assert lexical_tokens("🙂 !!! \u200b") == []
