"""Numbers: digits and words, scales, units, hedges and ranges."""

from __future__ import annotations

import pytest
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import Quantity


def numbers(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in parse(text).numbers]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It has 10,373 claims.", [(10373.0, "claim")]),
        ("Shares rose 3.5% on Monday", [(3.5, "percent")]),
        ("a $10 billion investment", [(1e10, "usd")]),
        ("100억 원을 투자했다", [(1e10, "krw")]),
        ("1만2000명이 모였다", [(12000.0, "people")]),
        ("3억 달러", [(3e8, "usd")]),
        ("two hundred people came", [(200.0, "people")]),
        ("five million dollars", [(5e6, "usd")]),
        ("50 percent of users", [(50.0, "percent")]),
        ("두 명이 다쳤다", [(2.0, "people")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert numbers(text) == expected


def test_numbers_skip_dates_durations_entities_and_tokens() -> None:
    text = "On March 11, 2024, a month after ChatGPT-4 and GPT-4, COVID-19 hit H100 sales in 2023."
    assert numbers(text) == []
    assert numbers("xAI는 2023년 3월 11일 설립 1년 뒤에") == []
    assert numbers("no one came, one of them said") == []


def test_number_approx_and_range() -> None:
    (q,) = parse("about 10,000 people").numbers
    assert q == Quantity(10000.0, "people", "about 10,000 people", approx=True)
    low, high = parse("1,000 to 2,300 ppm").numbers
    assert (low.unit, high.unit) == ("ppm", "ppm")
    # A round figure tolerates rounding, an exact one does not.
    assert parse("10,000 people").numbers[0].bounds()[0] <= 9600
    assert parse("10,373 people").numbers[0].bounds()[0] > 10300
    assert parse("more than 5 million people").numbers[0].bounds()[1] == float("inf")
