"""Dates: absolute and relative, English and Korean, and the intervals they allow."""

from __future__ import annotations

from datetime import date

import pytest
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import DateRef

REF = date(2024, 3, 13)


def numbers(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in parse(text).numbers]


def dates(text: str, reference: date | None = None) -> list[tuple[object, ...]]:
    return [(d.year, d.month, d.day, d.part) for d in parse(text, reference_date=reference).dates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 2024-03-13", [(2024, 3, 13, None)]),
        ("on March 11, 2024", [(2024, 3, 11, None)]),
        ("on 11 March 2024", [(2024, 3, 11, None)]),
        ("ChatGPT launched in November 2022", [(2022, 11, None, None)]),
        ("Musk left in 2018", [(2018, None, None, None)]),
        ("in late February 2024", [(2024, 2, None, "late")]),
        ("at the end of February 2024", [(2024, 2, None, "late")]),
        ("early 2024 and mid-2023", [(2024, None, None, "early"), (2023, None, None, "mid")]),
        ("2024년 3월 11일", [(2024, 3, 11, None)]),
        ("2022년 11월에 출시된", [(2022, 11, None, None)]),
        ("2018년 이사회에서", [(2018, None, None, None)]),
        ("2023년 말", [(2023, None, None, "late")]),
        ("May I ask? Sales march on.", []),
        ("2000 people came", []),
    ],
)
def test_absolute_dates(text: str, expected: list[tuple[object, ...]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("머스크는 지난해 xAI를 설립했다", [(2023, None, None, None)]),
        ("지난달 말 소송을 제기했다", [(2024, 2, None, "late")]),
        ("지난해 11월 인터뷰에서", [(2023, 11, None, None)]),
        ("올해 출시", [(2024, None, None, None)]),
        ("이번 주 공개", [(2024, 3, None, None)]),
        ("11일(현지 시간) 밝혔다", [(2024, 3, 11, None)]),
        ("Musk sued last month", [(2024, 2, None, None)]),
        ("It launched last year", [(2023, None, None, None)]),
        ("yesterday", [(2024, 3, 12, None)]),
        ("last November", [(2023, 11, None, None)]),
    ],
)
def test_relative_dates_resolve_against_reference(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert dates(text, REF) == expected


def test_relative_dates_left_out_without_reference() -> None:
    assert dates("지난해 11월 머스크는") == []
    assert dates("지난달 말") == []
    assert dates("Musk sued last month") == []
    assert numbers("지난해 11월") == []


def test_date_interval() -> None:
    assert DateRef(2024, 2, None, "late", "").interval() == (date(2024, 2, 19), date(2024, 2, 29))
    assert DateRef(2023, None, None, None, "").interval() == (date(2023, 1, 1), date(2023, 12, 31))
    assert DateRef(None, 11, None, None, "").interval() is None
