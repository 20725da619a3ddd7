"""English number words, scale words and abbreviations (unit words are in `units`)."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

SMALL: Final = {
    word: value
    for value, word in enumerate(
        split(
            """
            zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen twenty
            """
        )
    )
}
# fmt: off
TENS: Final = {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
# fmt: on
# Words that multiply the group before them ("two dozen", "three hundred").
MULTIPLIERS: Final = {"dozen": 12, "hundred": 100}
SCALE_WORDS: Final = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scales that close a group in a number written in words ("two million three hundred").
SCALES: Final = {"hundred": 100.0, **SCALE_WORDS}
# fmt: off
SCALE_ABBREVIATIONS: Final = {
    "bn": 1e9, "mn": 1e6, "tn": 1e12, "k": 1e3, "m": 1e6, "b": 1e9,
}
# fmt: on
SCALE_SUFFIX: Final = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}
# "5m" is as likely metres as millions: these letters scale only an amount of money.
AMBIGUOUS_SCALE_LETTERS: Final = ("k", "m", "b")

# Any number word from one up (zero is never a count in running text).
NUMBER_WORD_PATTERN: Final = "|".join(list(SMALL)[1:] + list(TENS))
SCALE_WORD_PATTERN: Final = "|".join(SCALES)
COUNT_WORD_PATTERN: Final = f"{SCALE_WORD_PATTERN}|dozen"

ORDINAL_SUFFIXES: Final = ("st", "nd", "rd", "th")
PERCENT_WORDS: Final = (r"per\s?cent", "percent")

# Words between the two ends of a range ("1,000 to 2,300 ppm").
RANGE_JOINERS: Final = ("to", "and", "or")
