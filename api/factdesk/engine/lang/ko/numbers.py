"""Korean numerals, scale characters, counters and unit words."""

from __future__ import annotations

from typing import Final

# fmt: off
NATIVE: Final = {
    "한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5, "여섯": 6, "일곱": 7,
    "여덟": 8, "아홉": 9, "열": 10, "스무": 20,
}
SINO: Final = {
    "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10,
}
# fmt: on
SCALES: Final = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}

# Native numerals that count people, things and animals ("세 명", "두 개").
COUNTING_NUMERALS: Final = ("다섯", "여섯", "일곱", "여덟", "아홉", "한", "두", "세", "네", "열")
COUNTERS: Final = ("명", "개", "마리")

# fmt: off
UNITS: Final = {
    "달러": "usd", "원": "krw", "유로": "eur", "엔": "jpy", "위안": "cny", "파운드": "gbp",
    "명": "people", "개국": "countries", "개": "items", "마리": "animals", "퍼센트": "percent",
    "프로": "percent", "배": "times", "건": "cases", "톤": "tonnes", "세": "age",
    "도": "degrees",
}
# fmt: on
# "100만 달러어치": worth, after a unit.
WORTH: Final = "어치"
# Particles between the two ends of a range ("10에서 20", "10부터 20").
RANGE_JOINERS: Final = ("에서", "부터")
