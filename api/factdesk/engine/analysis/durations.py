"""Durations: lengths of time stated in English ("about a month") and Korean ("3년여", "보름")."""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.parsed import Duration, Mask, has_bound
from factdesk.engine.lang.en import cues as en_cues
from factdesk.engine.lang.en import durations as en
from factdesk.engine.lang.en.numbers import NUMBER_WORD_PATTERN, SMALL, TENS
from factdesk.engine.lang.ko import cues as ko_cues
from factdesk.engine.lang.ko import durations as ko
from factdesk.engine.lang.ko.numbers import NATIVE, SINO
from factdesk.engine.lang.ko.particles import PARTICLES as KO_PARTICLES
from factdesk.engine.lang.scripts import HANGUL

__all__ = ["extract_durations"]

_EN_APPROX_WORDS: Final = re.compile(
    rf"^(?:{'|'.join(en_cues.APPROXIMATE)}|~)|{en_cues.APPROXIMATE_AFTER}$", re.IGNORECASE
)

_EN_DURATION: Final = re.compile(
    r"(?<![\w-])(?<!\d[.,])"
    rf"(?:(?:{'|'.join(en_cues.DURATION_QUALIFIERS)})\s+|~\s*)?"
    rf"(?P<n>an?|half\s+an?|{NUMBER_WORD_PATTERN}|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    rf"[\s-]+(?P<u>{'|'.join(en.UNIT_DAYS)})s?"
    rf"(?:\s+{en_cues.APPROXIMATE_AFTER})?(?![\w-])",
    re.IGNORECASE,
)
_EN_FREQUENCY_BEFORE: Final = re.compile(rf"\b(?:{'|'.join(en.FREQUENCY_CUES)})\s*$", re.IGNORECASE)


def _longest_first(words: tuple[str, ...] | dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_KO_QUALIFIER: Final = rf"(?:\s*(?:{'|'.join(ko_cues.QUALIFIERS_AFTER)}))?"

_KO_DURATION: Final = re.compile(
    rf"(?<![{HANGUL}0-9.,])(?P<q>(?:{'|'.join(ko_cues.QUALIFIERS_BEFORE)})\s*)?"
    rf"(?:(?P<d>\d+(?:\.\d+)?)|(?P<nw>{_longest_first(NATIVE)})"
    rf"|(?P<sw>{'|'.join(SINO)}))"
    rf"\s*(?P<yeo>{ko_cues.APPROXIMATE_INSIDE}\s*)?(?P<u>{'|'.join(ko.UNIT_DAYS)})"
    rf"(?P<half>\s*{ko.HALF})?" + _KO_QUALIFIER
)
_KO_DAY_DURATION: Final = re.compile(
    rf"(?<![{HANGUL}])(?P<q>(?:{'|'.join(ko_cues.APPROXIMATE_BEFORE)})\s*)?"
    rf"(?P<w>{'|'.join(ko.DAY_WORDS)}){_KO_QUALIFIER}"
)
_KO_HALF_YEAR: Final = re.compile(rf"(?<![{HANGUL}]){ko.HALF_YEAR}")
# What may follow a Korean duration: a particle or a time-relation word, not more of a noun
# ("2주년" is an anniversary, "3일자" a dateline).
_KO_AFTER_DURATION: Final = re.compile(
    rf"(?:{'|'.join(ko.SPAN_MARKS)}|{'|'.join(KO_PARTICLES)})|(?![{HANGUL}])"
)
# A bare "N일" is a day of the month unless something marks it as a span of days.
_KO_DAY_SPAN_MARK: Final = re.compile(rf"\s*(?:{'|'.join(ko.SPAN_MARKS)})")


def extract_durations(text: str, mask: Mask) -> list[tuple[int, Duration]]:
    """English and Korean durations with their start offsets; claims their spans in `mask`."""
    found: list[tuple[int, Duration]] = []
    for m in _EN_DURATION.finditer(text):
        if _EN_FREQUENCY_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        n = m.group("n").casefold()
        if n.startswith("half"):
            count = 0.5
        elif n in ("a", "an"):
            count = 1.0
        elif n in SMALL:
            count = float(SMALL[n])
        elif n in TENS:
            count = float(TENS[n])
        else:
            count = float(n.replace(",", ""))
            if 1500 <= count <= 2100 and "," not in n and m["u"].casefold() != en.DAY:
                continue  # "the 2018 decade", "2023 year-end": a year, not a count
        span = m.group()
        days = count * en.UNIT_DAYS[m.group("u").casefold()]
        approx = bool(_EN_APPROX_WORDS.search(span)) or has_bound(span)
        found.append((m.start(), Duration(days, approx, span)))
        mask.take(m.start(), m.end())

    for m in _KO_DURATION.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        unit = m.group("u")
        digits, native, sino = m.group("d"), m.group("nw"), m.group("sw")
        if digits is not None:
            count = float(digits)
            if unit == ko.YEAR and count >= 1000:
                continue  # "2023년" is a year, handled by the date extractor
        elif native is not None:
            if unit in ko.SINO_ONLY_UNITS:
                continue
            count = float(NATIVE[native])
        else:
            if unit not in ko.SINO_UNITS or (sino in ko.SINO_YEARS_ONLY and unit != ko.YEAR):
                continue
            count = float(SINO[sino])
        if not _KO_AFTER_DURATION.match(text, m.end()):
            continue
        qualifier = m.group()[len(m.group("q") or "") :]
        if unit == ko.DAY and not (
            m.group("yeo") or has_bound(qualifier) or _KO_DAY_SPAN_MARK.match(text, m.end())
        ):
            continue
        if m.group("half"):
            count += 0.5
        approx = (
            bool(m.group("yeo"))
            or m.group("q") is not None
            or qualifier.rstrip().endswith(ko_cues.APPROXIMATE_AFTER)
            or has_bound(m.group())
        )
        found.append((m.start(), Duration(count * ko.UNIT_DAYS[unit], approx, m.group())))
        mask.take(m.start(), m.end())

    for m in _KO_DAY_DURATION.finditer(text):
        if not mask.free(m.start(), m.end()) or not _KO_AFTER_DURATION.match(text, m.end()):
            continue
        approx = m.group("q") is not None or m.group().rstrip().endswith(ko_cues.APPROXIMATE_AFTER)
        days = float(ko.DAY_WORDS[m.group("w")])
        found.append((m.start(), Duration(days, approx or has_bound(m.group()), m.group())))
        mask.take(m.start(), m.end())

    for m in _KO_HALF_YEAR.finditer(text):
        if mask.free(m.start(), m.end()) and _KO_AFTER_DURATION.match(text, m.end()):
            found.append((m.start(), Duration(182.5, False, m.group())))
            mask.take(m.start(), m.end())
    return found
