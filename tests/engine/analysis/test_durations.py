"""Durations: English and Korean lengths of time and their bounds."""

from __future__ import annotations

import pytest
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import Duration


def durations(text: str) -> list[tuple[float, bool]]:
    return [(d.days, d.approx) for d in parse(text).durations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a month after", [(30.0, False)]),
        ("one month after", [(30.0, False)]),
        ("a year later", [(365.0, False)]),
        ("within 1 year", [(365.0, False)]),
        ("two weeks", [(14.0, False)]),
        ("about ten days", [(10.0, True)]),
        ("10 days", [(10.0, False)]),
        ("a two-week trip", [(14.0, False)]),
        ("한 달 뒤에", [(30.0, False)]),
        ("1년 뒤", [(365.0, False)]),
        ("일 년 만에", [(365.0, False)]),
        ("소송을 제기한 지 10여 일 만으로", [(10.0, True)]),
        ("열흘 뒤", [(10.0, False)]),
        ("2주 동안", [(14.0, False)]),
        ("석 달 만에", [(90.0, False)]),
        ("6개월간", [(180.0, False)]),
        ("twice a year", []),
        ("the 2018 decade", []),
        ("창립 2주년", []),
        ("3월 11일", []),
    ],
)
def test_durations(text: str, expected: list[tuple[float, bool]]) -> None:
    assert durations(text) == expected


def test_duration_bounds() -> None:
    exact = Duration(30.0, False, "a month")
    hedged = Duration(10.0, True, "about ten days")
    assert exact.bounds()[0] > 25 and exact.bounds()[1] < 35
    assert hedged.bounds() == pytest.approx((7.0, 13.0))
    assert parse("more than a year").durations[0].bounds()[1] == float("inf")
