"""Ordinals and ranks: "its third attempt", "21st", "number one", "세 번째 시도", "1차", "제1회",
"1위". They are quantities of their own kind (units "ordinal" and "rank"), so "first attempt"
against "third attempt" is a figure conflict while neither is compared with a count."""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.parsed import Mask, Quantity
from factdesk.engine.lang.en import numbers as en_numbers
from factdesk.engine.lang.en import units as en
from factdesk.engine.lang.ko import units as ko
from factdesk.engine.lang.ko.particles import PARTICLES as KO_PARTICLES
from factdesk.engine.lang.scripts import HANGUL

__all__ = ["ORDINAL", "RANK", "extract_ordinals"]

ORDINAL: Final = "ordinal"
RANK: Final = "rank"

_WORDS: Final = "|".join(sorted(en.ORDINAL_WORDS, key=len, reverse=True))
_DETERMINERS: Final = "|".join(re.escape(d) for d in en.ORDINAL_DETERMINERS if d != "'s")
_NOT_HANGUL: Final = rf"(?![{HANGUL}])"
_PARTICLE_AFTER: Final = rf"(?=(?:{'|'.join(KO_PARTICLES)})?{_NOT_HANGUL})"
_CARDINAL_WORDS: Final = "|".join(list(en_numbers.SMALL)[1:])

_PATTERNS: Final = (
    # "21st", "3rd"
    (
        ORDINAL,
        re.compile(
            rf"(?<![\w.,])(?P<n>\d+)(?:{'|'.join(en_numbers.ORDINAL_SUFFIXES)})\b(?!-)",
            re.IGNORECASE,
        ),
    ),
    # "finished third", "ranked 2nd" come before the determiner form.
    (
        RANK,
        re.compile(
            rf"\b(?:{'|'.join(en.RANK_VERBS)})\s+(?P<w>{_WORDS})\b(?!-)",
            re.IGNORECASE,
        ),
    ),
    # "its third attempt", "for the first time", "NASA's second launch"; not "third-party".
    (
        ORDINAL,
        re.compile(
            rf"(?:\b(?:{_DETERMINERS})|'s)\s+(?:(?:very|only)\s+)?(?P<w>{_WORDS})\b(?!-)",
            re.IGNORECASE,
        ),
    ),
    # "number one", "No. 1", "#1"
    (
        RANK,
        re.compile(
            rf"(?:\b(?:{'|'.join(en.RANK_MARKERS)})\s?|#)(?P<n>\d+|{_CARDINAL_WORDS})\b",
            re.IGNORECASE,
        ),
    ),
    # "세 번째", "3번째"
    (
        ORDINAL,
        re.compile(
            rf"(?<![{HANGUL}\d])(?:(?P<k>{'|'.join(ko.ORDINAL_NATIVE)})|(?P<n>\d+))\s?"
            rf"{ko.ORDINAL_SUFFIX}"
        ),
    ),
    # "제1회", "제2차"
    (
        ORDINAL,
        re.compile(
            rf"(?<![{HANGUL}]){ko.ORDINAL_PREFIX}\s?(?P<n>\d+)\s?"
            rf"(?:{'|'.join(ko.ORDINAL_PREFIX_COUNTERS)}){_PARTICLE_AFTER}"
        ),
    ),
    # "1차 발사"
    (
        ORDINAL,
        re.compile(
            rf"(?<![\d.,])(?P<n>\d+)\s?(?:{'|'.join(ko.ORDINAL_COUNTERS)}){_PARTICLE_AFTER}"
        ),
    ),
    # "1위"
    (RANK, re.compile(rf"(?<![\d.,])(?P<n>\d+)\s?{ko.RANK_SUFFIX}{_PARTICLE_AFTER}")),
    # "첫 시도"
    (ORDINAL, re.compile(rf"(?<![{HANGUL}])(?P<k>{ko.FIRST})(?=\s)")),
)


def _value(m: re.Match[str]) -> float:
    groups = m.groupdict()
    if groups.get("k"):
        return float(ko.ORDINAL_NATIVE[groups["k"]])
    if groups.get("w"):
        return float(en.ORDINAL_WORDS[groups["w"].casefold()])
    number = groups["n"]
    if number.isdigit():
        return float(number)
    return float(en_numbers.SMALL[number.casefold()])


def extract_ordinals(text: str, mask: Mask) -> list[tuple[int, int, Quantity]]:
    """Ordinals and ranks with their spans, outside (and then added to) `mask`."""
    found: list[tuple[int, int, Quantity]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            # The number or word itself is the quoted span; the words around it are context.
            name = "n" if m.groupdict().get("n") else "w" if m.groupdict().get("w") else "k"
            start, end = m.start(name), m.end()
            if kind is RANK or name == "n":
                start = m.start()
            if not mask.free(start, end):
                continue
            found.append((start, end, Quantity(_value(m), kind, text[start:end].strip())))
            mask.take(start, end)
    return found
