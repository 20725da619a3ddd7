"""English calendar words: months, weekdays, parts of a period, relative dates, prepositions."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

MONTH_NAMES: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
FULL_MONTHS: Final = frozenset(MONTH_NAMES)
# Three-letter stem -> month number ("sep" for "Sept.", "September").
MONTHS: Final = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}
# Every written form of a month, full or abbreviated (regex alternation, case-insensitive).
MONTH_FORMS: Final = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Abbreviations written with a full stop ("Sept."), other than the full name "may".
MONTH_ABBREVIATIONS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
# Month names that are also verbs ("may", "march"): months only when capitalised.
VERB_MONTHS: Final = ("may", "march")

WEEKDAY_NAMES: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# "early", "mid-", "the end of" before a month or year (regex alternation).
PARTS: Final = r"early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of"
# Which part each cue word names; any other part ("late", "the end of") is "late".
PART_CUES: Final = {"early": ("early", "start", "beginning"), "mid": ("mid", "middle")}

# Relative references: "last year", "next month", "this week".
RELATIVE_STEPS: Final = {"last": -1, "this": 0, "next": 1, "previous": -1}
# Unit word -> the unit it counts.
RELATIVE_UNITS: Final = {"year": "year", "month": "month", "week": "week"}
# Before a month name ("last March"): no "previous".
RELATIVE_MONTH_WORDS: Final = ("last", "this", "next")
RELATIVE_DAYS: Final = {"yesterday": -1, "today": 0, "tomorrow": 1}

# Words before a month name or year that make it a date ("in May", "since 2019").
DATE_PREPOSITIONS: Final = frozenset(
    split(
        """
        in since by of from until till to before after during around circa between and early mid
        late fiscal fy spring summer autumn fall winter as
        """
    )
)
# Before these a four-digit number is a year even when a noun follows ("by 2050 temperatures").
YEAR_PREPOSITIONS: Final = frozenset(split("in since by until till during circa"))
