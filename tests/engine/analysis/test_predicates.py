"""Predicates on the opposition axes, from the English and Korean lexicons."""

from __future__ import annotations

import pytest
from factdesk.engine.analysis.parse import parse


@pytest.mark.parametrize(
    ("text", "predicates"),
    [
        ("xAI launched Grok", [("launch", 1)]),
        ("xAI scrapped Grok", [("launch", -1)]),
        ("Musk left the board", [("membership", -1)]),
        ("Musk co-founded OpenAI", [("founding", 1)]),
        ("Musk joined OpenAI in 2015", [("membership", 1)]),
        ("Grok, developed by xAI", [("develop", 1)]),
        ("the developing world", []),
        ("xAI가 개발한 챗봇", [("develop", 1)]),
        ("AI 개발 자금", []),
        ("they signed a contract", [("agreement", 1)]),
        ("창립 당시 합의한 바가 없다", [("founding", 1), ("agreement", 1)]),
        ("Musk sued OpenAI", [("legal_action", 1)]),
        ("Musk dropped the lawsuit", [("legal_action", -1)]),
        ("prices fell", [("change", -1)]),
        ("he favours open source", [("support", 1), ("launch", 1)]),
        ("a month after", [("order", -1)]),
        ("2018년 이사회에서 물러났다", [("membership", -1)]),
        ("소송을 제기했다", [("legal_action", 1)]),
        ("소송을 취하했다", [("legal_action", -1)]),
        ("오픈소스 AI의 개념을 선호한다", [("support", 1)]),
        ("한 달 뒤에 그록을 선보였다", [("order", -1), ("launch", 1)]),
    ],
)
def test_predicates(text: str, predicates: list[tuple[str, int]]) -> None:
    assert [(p.key, p.polarity) for p in parse(text).predicates] == predicates
