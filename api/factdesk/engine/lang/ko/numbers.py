"""Korean numerals, scale characters and counters (unit words are in `units`)."""

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
# Scales that close a group of four digits ("1조 2천억": 1 조, then 2천 억).
SCALES: Final = {"조": 1e12, "억": 1e8, "만": 1e4}
# Scales inside a group ("2천억" = 2,000 억, "3백만" = 300 만).
SMALL_SCALES: Final = {"천": 1e3, "백": 1e2, "십": 10.0}

# Native numerals that count people, things and animals ("세 명", "두 개").
COUNTING_NUMERALS: Final = ("다섯", "여섯", "일곱", "여덟", "아홉", "한", "두", "세", "네", "열")
COUNTERS: Final = ("명", "개", "마리")

# "100만 달러어치": worth, after a unit.
WORTH: Final = "어치"
# Particles between the two ends of a range ("10에서 20", "10부터 20").
RANGE_JOINERS: Final = ("에서", "부터")
