"""Check-worthiness: checkable factual sentences score high, the rest low, in both languages."""

from __future__ import annotations

import pytest
from factdesk.engine.checkworthiness import CHECK_WORTHY, score


@pytest.mark.parametrize(
    ("sentence", "signals"),
    [
        ("Elon Musk founded xAI in 2023 to build a rival to OpenAI.", {"date", "entity"}),
        ("OpenAI's ChatGPT was launched in November 2022.", {"date", "entity"}),
        ("According to Reuters, sales rose 40 percent, more than any rival.", {"number"}),
        ("지난 2022년 11월에 출시된 챗GPT는 생성형 AI 분야를 선도하고 있다.", {"date"}),
        ("머스크는 지난해 xAI를 설립하고, 한 달 뒤에 그록을 선보였다.", {"number", "date"}),
        ("오픈AI는 법원에 제출한 서류에서 합의한 바가 없다고 밝혔다.", {"attribution"}),
    ],
)
def test_checkable_sentences_are_check_worthy(sentence: str, signals: set[str]) -> None:
    result = score(sentence)
    assert result.score >= CHECK_WORTHY, result
    assert signals <= set(result.signals)


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("Is this the biggest AI launch of 2024?", "question"),
        ("I think we should all try it.", "opinion"),
        ("Similar Posts", "fragment"),
        ("답글 남기기", "fragment"),
        ("사진=xAI", "fragment"),
        ("그록의 상업화를 염두에 둔 행보인가?", "question"),
    ],
)
def test_questions_opinions_and_fragments_are_not(sentence: str, signal: str) -> None:
    result = score(sentence)
    assert result.score < CHECK_WORTHY, result
    assert signal in result.signals


def test_more_signals_score_higher() -> None:
    plain = score("The company released a chatbot.")
    dated = score("The company released a chatbot in November 2023.")
    rich = score("Musk said xAI released Grok in November 2023, a month after its founding.")
    assert plain.score < dated.score < rich.score <= 1
    assert plain.score < CHECK_WORTHY <= dated.score
