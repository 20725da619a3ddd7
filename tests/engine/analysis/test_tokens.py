"""Language detection and lexical tokens (English stemming, Korean particles, other scripts)."""

from __future__ import annotations

import re

import pytest
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("xAI launched Grok a month after being founded", "en"),
        ("xAI는 설립 한 달 뒤에 그록을 출시했다", "ko"),
        ("머스크 CEO는 xAI의 Grok을 OpenAI의 ChatGPT와 비교했다", "ko"),
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


def test_lexical_tokens_korean_particles_and_bigrams() -> None:
    with_particle = lexical_tokens("그록을")
    assert "그록" in with_particle
    assert set(lexical_tokens("그록")) <= set(with_particle)
    assert "출시" in lexical_tokens("출시했다")
    assert "오픈" in lexical_tokens("오픈AI와") and "ai" in lexical_tokens("오픈AI와")
    assert {"샌프", "프란", "샌프란시스코"} <= set(lexical_tokens("샌프란시스코에서"))


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
