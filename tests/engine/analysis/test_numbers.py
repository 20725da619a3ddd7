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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one canonical unit per dimension, whatever the spelling
        ("The peak is 8,849 metres high.", [(8849.0, "m")]),
        ("The peak is 8,849 meters high.", [(8849.0, "m")]),
        ("a 42.195 km race", [(42195.0, "m")]),
        ("a 42.195-kilometre race", [(42195.0, "m")]),
        ("He ran 10km.", [(10000.0, "m")]),
        ("10km를 달렸다", [(10000.0, "m")]),
        ("높이는 8,849미터다", [(8849.0, "m")]),
        ("It weighs 5 kg.", [(5.0, "kg")]),
        ("It weighs 5 kilograms.", [(5.0, "kg")]),
        ("20 per cent of voters", [(20.0, "percent")]),
        ("30퍼센트가 찬성했다", [(30.0, "percent")]),
        ("30프로가 찬성했다", [(30.0, "percent")]),
        ("5 euros", [(5.0, "eur")]),
        ("5유로", [(5.0, "eur")]),
        ("US$5", [(5.0, "usd")]),
        ("5달러", [(5.0, "usd")]),
        ("₩5,000", [(5000.0, "krw")]),
        # Korean scales, mixed with digits
        ("1조 2천억 원", [(1.2e12, "krw")]),
        ("매출 5천억 원을 기록했다", [(5e11, "krw")]),
        ("3만 5천 명", [(35000.0, "people")]),
        ("2억 5000만 달러", [(2.5e8, "usd")]),
        ("3백만 명", [(3e6, "people")]),
    ],
)
def test_units_and_korean_scales(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "about 35,000 people",
        "약 3만 5천 명",
        "100여 명이 모였다",
        "10만 명가량",
        "5천억 원 안팎",
        "3만 명 정도",
        "nearly 2,000 runners",
        "roughly 40 percent",
    ],
)
def test_approximate_markers_widen_the_figure(text: str) -> None:
    (quantity,) = parse(text).numbers
    assert quantity.approx
    low, high = quantity.bounds()
    assert low < quantity.value * 0.9 and high > quantity.value * 1.1


def test_a_bound_after_a_korean_figure_opens_its_range() -> None:
    (quantity,) = parse("10% 이상").numbers
    assert quantity.bounds()[1] == float("inf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rocket reached orbit on its third attempt.", [(3.0, "ordinal")]),
        ("for the first time", [(1.0, "ordinal")]),
        ("the 21st century", [(21.0, "ordinal")]),
        ("세 번째 시도에서 궤도에 올랐다", [(3.0, "ordinal")]),
        ("첫 번째 시도", [(1.0, "ordinal")]),
        ("1차 발사는 실패했다", [(1.0, "ordinal")]),
        ("제1회 대회", [(1.0, "ordinal")]),
        ("the number one seller", [(1.0, "rank")]),
        ("the No. 1 seller", [(1.0, "rank")]),
        ("She finished third.", [(3.0, "rank")]),
        ("판매량 1위를 차지했다", [(1.0, "rank")]),
        # not ordinals: a fraction-like phrase, a compound, a currency that starts like a rank
        ("a third-party referee", []),
        ("10위안", [(10.0, "cny")]),
    ],
)
def test_ordinals_and_ranks(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert numbers(text) == expected
