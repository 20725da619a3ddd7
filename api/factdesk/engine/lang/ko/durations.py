"""Korean time units, day-count words, and what may follow a duration."""

from __future__ import annotations

from typing import Final

# fmt: off
UNIT_DAYS: Final = {
    "개월": 30.0, "달": 30.0, "년": 365.0, "주일": 7.0, "주": 7.0, "일": 1.0, "시간": 1 / 24,
}
DAY_WORDS: Final = {
    "하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8,
    "아흐레": 9, "열흘": 10, "보름": 15,
}
# fmt: on
YEAR: Final = "년"
DAY: Final = "일"
# Native numerals do not count these ("한 년" is no Korean; "일 년", "한 해" are).
SINO_ONLY_UNITS: Final = ("개월", "년", "일")
# The units a sino-Korean numeral word is read before ("삼 년", "이 주일"); "이" is also the
# subject particle and a pronoun, so it counts only years.
SINO_UNITS: Final = ("년", "주일", "개월")
SINO_YEARS_ONLY: Final = ("이",)
# "3년 반": and a half.
HALF: Final = "반"
HALF_YEAR: Final = r"반\s?년"
# Time-relation words that may follow a duration ("3년간", "한 달 뒤"); a bare "N일" needs one
# of them to be a span of days rather than a day of the month.
SPAN_MARKS: Final = ("간", "동안", "째", "뒤", "후", "전", "만", "이내")
