"""Korean unit words and their canonical unit, with the factor to that unit's base (the
same canonical units as `lang.en.units`), and the markers of ordinals and ranks."""

from __future__ import annotations

from typing import Final

# fmt: off
UNITS: Final = {
    "달러": ("usd", 1.0), "원": ("krw", 1.0), "유로": ("eur", 1.0), "엔": ("jpy", 1.0),
    "위안": ("cny", 1.0), "파운드": ("gbp", 1.0), "명": ("people", 1.0),
    "개국": ("countries", 1.0), "개": ("items", 1.0), "마리": ("animals", 1.0),
    "퍼센트": ("percent", 1.0), "프로": ("percent", 1.0), "%포인트": ("percentage_points", 1.0),
    "퍼센트포인트": ("percentage_points", 1.0), "배": ("times", 1.0), "건": ("cases", 1.0),
    "톤": ("kg", 1e3), "킬로그램": ("kg", 1.0), "그램": ("kg", 1e-3), "세": ("age", 1.0),
    "도": ("degrees", 1.0), "킬로미터": ("m", 1e3), "센티미터": ("m", 1e-2),
    "밀리미터": ("m", 1e-3), "미터": ("m", 1.0), "리터": ("l", 1.0), "헥타르": ("m2", 1e4),
    "제곱킬로미터": ("m2", 1e6), "km": ("m", 1e3), "m": ("m", 1.0), "kg": ("kg", 1.0),
}
# fmt: on

# Ordinals: "첫 번째", "세 번째 시도", "3번째", "1차", "제1회"; ranks: "1위".
ORDINAL_NATIVE: Final = {
    "첫": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
ORDINAL_SUFFIX: Final = "번째"
# After a digit: "1차 발사", "2회 대회".
ORDINAL_COUNTERS: Final = ("차",)
# "제1회", "제2차", "제20대": the prefix and the counters it takes.
ORDINAL_PREFIX: Final = "제"
ORDINAL_PREFIX_COUNTERS: Final = ("회", "차", "대")
RANK_SUFFIX: Final = "위"
# "첫 시도": "첫" on its own is "first".
FIRST: Final = "첫"
