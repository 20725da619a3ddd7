"""English signals of a check-worthy sentence: regex alternations over words and phrases."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.en.dates import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES

NUMBER_WORDS: Final = (
    "one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|"
    "dozen|half|twice|double|triple"
)
MONTHS: Final = "|".join(MONTH_NAMES + MONTH_ABBREVIATIONS)
RELATIVE_DATES: Final = (
    r"yesterday|today|last (year|month|week)|this (year|month|week)|" + "|".join(WEEKDAY_NAMES)
)
# "a year after", "two months later"
DURATION_UNITS: Final = r"years?|months?|weeks?|days?|decades?"
DURATION_RELATIONS: Final = "after|before|later|earlier|ago"
ATTRIBUTION: Final = (
    "said|says|say|told|tells|announced|announces|claimed|claims|stated|states|reported|"
    "reports|according to|argued|argues|insisted|denied|denies|alleged|alleges|confirmed|"
    "revealed|wrote|testified|estimated"
)
COMPARISON: Final = (
    "more|less|fewer|than|most|least|largest|biggest|smallest|highest|lowest|first|last|"
    "only|record|compared|twice|double|half|percent|majority|minority|leads?|behind|ahead"
)
OPINION: Final = (
    "i think|i believe|i feel|in my (opinion|view)|we should|should|must|ought|"
    "hopefully|perhaps|maybe"
)
