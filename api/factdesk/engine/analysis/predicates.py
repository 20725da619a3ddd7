"""Predicates: verbs on an opposition axis ("launched" +1 against "cancelled" -1), from the
English and Korean lexicons in `lang`."""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.parsed import Mask, Predicate
from factdesk.engine.lang.en.predicates import PREDICATES as EN_PREDICATES
from factdesk.engine.lang.ko.predicates import PREDICATES as KO_PREDICATES

__all__ = ["extract_predicates"]

# English forms between word boundaries, Korean stems anywhere in a word; one pattern per axis
# and polarity, in lexicon order (ties between equally long matches go to the earlier one).
_PREDICATE_PATTERNS: Final = tuple(
    (
        axis,
        polarity,
        re.compile(
            rf"\b(?:{'|'.join(english)})\b|{'|'.join(KO_PREDICATES[axis][polarity])}",
            re.IGNORECASE,
        ),
    )
    for axis, by_polarity in EN_PREDICATES.items()
    for polarity, english in by_polarity.items()
)


def extract_predicates(text: str) -> list[tuple[int, Predicate]]:
    """Predicates with their start offsets; overlapping matches go to the longest."""
    candidates: list[tuple[int, int, str, int]] = []
    for axis, polarity, pattern in _PREDICATE_PATTERNS:
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.end(), axis, polarity))
    # Longest wins, so "dropped the lawsuit" is legal_action -1 and not change -1 plus +1.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    mask = Mask(len(text))
    found: list[tuple[int, Predicate]] = []
    for start, end, axis, polarity in candidates:
        if mask.free(start, end):
            mask.take(start, end)
            found.append((start, Predicate(axis, polarity, text[start:end])))
    return found
