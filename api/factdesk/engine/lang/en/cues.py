"""English cue words that hedge or bound a stated amount ("about", "more than", "up to")."""

from __future__ import annotations

from typing import Final

# Regex fragments, matched case-insensitively.
APPROXIMATE: Final = (
    "about",
    "around",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "some",
)
APPROXIMATE_AFTER: Final = r"or\s+so"  # "a month or so"
LOWER_BOUND: Final = (r"more\s+than", "over", r"at\s+least")
UPPER_BOUND: Final = (r"less\s+than", "under", r"up\s+to", r"at\s+most")

# What may stand before a figure: hedges and bounds.
NUMBER_QUALIFIERS: Final = (
    *APPROXIMATE,
    "over",
    r"more\s+than",
    r"less\s+than",
    "under",
    r"at\s+least",
    r"up\s+to",
)
# Before a number written in words ("about twenty"); "under" is not among them.
NUMBER_WORD_QUALIFIERS: Final = tuple(q for q in NUMBER_QUALIFIERS if q != "under")
# Before a duration ("just over a year").
DURATION_QUALIFIERS: Final = (*NUMBER_QUALIFIERS, r"just\s+over", r"just\s+under")
