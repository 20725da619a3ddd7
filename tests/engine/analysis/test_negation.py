"""Negation cues in English and Korean, and the phrases that negate nothing."""

from __future__ import annotations

import pytest
from factdesk.engine.analysis.parse import parse


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("Musk did not sue OpenAI", ["not"]),
        ("Musk didn't sue OpenAI", ["n't"]),
        ("He never joined", ["never"]),
        ("It is no longer open", ["no"]),
        ("He failed to file", ["failed to"]),
        ("OpenAI denied the claim", ["denied"]),
        ("not only Grok but also ChatGPT", []),
        ("scientists have no doubt", []),
        ("머스크는 소송을 제기하지 않았다", ["않"]),
        ("그는 안 갔다", ["안"]),
        ("출시하지 못했다", ["못"]),
        ("사실이 아니다", ["아니"]),
        ("합의한 바가 없다", ["없"]),
        ("AI 안전 서밋에서 발표했다", []),
        ("틀림없다", []),
        ("그록뿐만 아니라 챗GPT도", []),
    ],
)
def test_negations(text: str, cues: list[str]) -> None:
    assert list(parse(text).negations) == cues
