"""Korean calendar words: date units, parts of a period, relative dates."""

from __future__ import annotations

from typing import Final

YEAR: Final = "년"
MONTH: Final = "월"
DAY: Final = "일"
# "2024년도": the year as a fiscal or school year.
YEAR_SUFFIX: Final = "도"
# "월" that starts another word: 월요일 (Monday), 월급 (salary), 월세 (rent).
NOT_MONTH_AFTER: Final = ("요일", "급", "세")
# What may follow a bare "N일" that is a day of the month (a particle's first syllable).
DAY_FOLLOWERS: Final = "은는이에의도부까"

# fmt: off
# Longer forms first: the alternation is built in this order.
PARTS: Final = {
    "초순": "early", "초": "early", "중순": "mid", "하순": "late", "상순": "early",
    "말": "late",
}
# fmt: on
# What may follow a part of a period ("말에", "초께", "중순경").
PART_FOLLOWERS: Final = ("에", "께", "경", "쯤", "까지", "부터", "엔")

# fmt: off
RELATIVE_YEARS: Final = {
    "재작년": -2, "지난해": -1, "지난 해": -1, "작년": -1, "올해": 0, "금년": 0, "내년": 1,
}
RELATIVE_MONTHS: Final = {
    "지난달": -1, "지난 달": -1, "이번 달": 0, "이번달": 0, "이달": 0, "다음 달": 1,
    "다음달": 1,
}
RELATIVE_WEEKS: Final = {
    "지난주": -7, "지난 주": -7, "이번 주": 0, "이번주": 0, "금주": 0, "다음 주": 7,
    "다음주": 7,
}
# fmt: on
RELATIVE_DAYS: Final = {"그제": -2, "그저께": -2, "어제": -1, "오늘": 0, "내일": 1}
