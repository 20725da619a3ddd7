"""Korean cue words that hedge or bound a stated amount ("약", "여", "이상", "최대")."""

from __future__ import annotations

from typing import Final

LOWER_BOUND: Final = ("이상", "넘게", "넘는", "넘어", "최소")
UPPER_BOUND: Final = ("이내", "미만", "최대")

# Before an amount.
APPROXIMATE_BEFORE: Final = ("약", "대략", "거의")
QUALIFIERS_BEFORE: Final = (*APPROXIMATE_BEFORE, "최소", "최대")
# After an amount ("3개월여", "한 달 가량", "1년 이상").
APPROXIMATE_AFTER: Final = ("여", "가량", "쯤", "정도", "안팎", "남짓")
QUALIFIERS_AFTER: Final = (*APPROXIMATE_AFTER, "이상", "넘게", "이내", "미만")
# Between the count and the unit: "3여 년".
APPROXIMATE_INSIDE: Final = "여"
