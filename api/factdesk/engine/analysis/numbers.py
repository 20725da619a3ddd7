"""Numbers: figures in digits or words, with their scale ("$10 billion", "1조 2천억 원",
"twenty"), unit and hedge, and the unit a range's first end shares with its second.

Units are normalised to one canonical unit per dimension with the value converted to it
("8.8 km" and "8,800 metres" are both 8,800 "m"; "퍼센트", "per cent" and "%" are "percent"), so
a figure is compared only with figures of its own kind. Ordinals and ranks are read first
(`ordinals`) and are a kind of their own.
"""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.ordinals import extract_ordinals
from factdesk.engine.analysis.parsed import Mask, Quantity
from factdesk.engine.analysis.tokens import stem_en
from factdesk.engine.lang.en import cues as en_cues
from factdesk.engine.lang.en import numbers as en
from factdesk.engine.lang.en import units as en_units
from factdesk.engine.lang.en.dates import FULL_MONTHS
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko import cues as ko_cues
from factdesk.engine.lang.ko import numbers as ko
from factdesk.engine.lang.ko import units as ko_units
from factdesk.engine.lang.ko.particles import COPULA as KO_COPULA
from factdesk.engine.lang.ko.particles import PARTICLES as KO_PARTICLES
from factdesk.engine.lang.scripts import HANGUL
from factdesk.engine.lang.symbols import CURRENCY_SYMBOLS

__all__ = ["extract_numbers"]

_KNOWN_UNITS: Final = frozenset(u for u, _ in en_units.UNIT_WORDS.values()) | frozenset(
    u for u, _ in ko_units.UNITS.values()
)
_KO_SCALE_CHARS: Final = "".join(ko.SCALES) + "".join(ko.SMALL_SCALES)
_PERCENT: Final = "|".join(rf"\s?{word}\b" for word in en.PERCENT_WORDS)

_NUMBER: Final = re.compile(
    rf"(?P<q>(?:{'|'.join(en_cues.NUMBER_QUALIFIERS)}|{'|'.join(ko_cues.QUALIFIERS_BEFORE)}|"
    r"(?<!\d)~)\s*)?"
    rf"(?P<cur>{'|'.join(re.escape(symbol) for symbol in CURRENCY_SYMBOLS)})?\s?"
    r"(?<![A-Za-z0-9_.,])(?<![A-Za-z]-)"
    rf"(?P<body>(?:\d[\d,]*(?:\.\d+)?\s?[{_KO_SCALE_CHARS}]+\s?)+(?:\d[\d,]*(?:\.\d+)?)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>{'|'.join(en.SCALE_WORDS)})\b"
    rf"|(?P<abbr>{'|'.join(en.SCALE_ABBREVIATIONS)})(?![A-Za-z]))?"
    rf"(?P<pct>\s?%|{_PERCENT})?",
    re.IGNORECASE,
)
_NUMBER_WORDS: Final = re.compile(
    rf"(?<![\w-])(?P<q>(?:{'|'.join(en_cues.NUMBER_WORD_QUALIFIERS)})\s+)?"
    rf"(?P<words>(?:a\s+(?={en.COUNT_WORD_PATTERN}))?"
    rf"(?:{en.NUMBER_WORD_PATTERN}|{en.COUNT_WORD_PATTERN})"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{en.NUMBER_WORD_PATTERN}|{en.SCALE_WORD_PATTERN}))*)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_KO_PARTICLE_AFTER: Final = rf"(?:{'|'.join(KO_PARTICLES)})?(?![{HANGUL}])"
_KO_NUMBER_WORDS: Final = re.compile(
    rf"(?<![{HANGUL}])(?P<w>{'|'.join(ko.COUNTING_NUMERALS)})\s?(?P<u>{'|'.join(ko.COUNTERS)})"
    rf"(?={_KO_PARTICLE_AFTER})"
)
# Unit words of more than one word or with a symbol are tried before a single counted noun.
_EN_MULTIWORD: Final = "|".join(
    r"\s+".join(re.escape(part) for part in word.split())
    for word in sorted(en_units.UNIT_WORDS, key=len, reverse=True)
    if not word.isalpha()
)
_UNIT_AFTER: Final = re.compile(
    rf"\s?(?P<u>{_EN_MULTIWORD}|[A-Za-z]+)(?![A-Za-z0-9²])", re.IGNORECASE
)
_KO_UNIT_AFTER: Final = re.compile(
    rf"\s?(?P<u>{'|'.join(re.escape(u) for u in sorted(ko_units.UNITS, key=len, reverse=True))})"
    rf"(?![A-Za-z])(?={_KO_PARTICLE_AFTER}|{ko.WORTH}|(?:{'|'.join(KO_COPULA)})(?![{HANGUL}])|\s?(?:{'|'.join(ko_cues.QUALIFIERS_AFTER)}))"
)
# "100여 명": the hedge between the count and its unit.
_KO_APPROX_INSIDE: Final = re.compile(rf"{ko_cues.APPROXIMATE_INSIDE}(?=\s?\S)")
# "100명가량", "5천억 원 안팎", "10% 이상": a hedge or bound after the amount.
_KO_QUALIFIER_AFTER: Final = re.compile(
    rf"\s?(?P<q>{'|'.join(ko_cues.QUALIFIERS_AFTER)}){_KO_PARTICLE_AFTER}"
)
_ORDINAL_SUFFIX: Final = re.compile(rf"(?:{'|'.join(en.ORDINAL_SUFFIXES)}|s)\b", re.IGNORECASE)


def _parse_body(body: str) -> float:
    """A figure in digits with Korean scales: "1조 2천억" = 1.2e12, "3만 5천" = 35,000."""
    total, group = 0.0, 0.0
    pending: float | None = None
    for number, scales in re.findall(rf"(\d[\d,]*(?:\.\d+)?)?\s?([{_KO_SCALE_CHARS}]*)", body):
        if number:
            pending = float(number.replace(",", ""))
        for scale in scales:
            if scale in ko.SMALL_SCALES:
                group += (1.0 if pending is None else pending) * ko.SMALL_SCALES[scale]
            else:
                group += 0.0 if pending is None else pending
                total += (group or 1.0) * ko.SCALES[scale]
                group = 0.0
            pending = None
    return total + group + (pending or 0.0)


def _unit_after(text: str, end: int) -> tuple[str | None, float, int]:
    """The unit after a figure, the factor to its canonical unit, and where it ends."""
    m = _KO_UNIT_AFTER.match(text, end)
    if m:
        unit, factor = ko_units.UNITS[m["u"]]
        return unit, factor, m.end("u")
    m = _UNIT_AFTER.match(text, end)
    if text.startswith("-", end):
        # "a 42.195-kilometre race": only a known unit may follow the hyphen.
        m = _UNIT_AFTER.match(text, end + 1)
        if not m or " ".join(m["u"].casefold().split()) not in en_units.UNIT_WORDS:
            return None, 1.0, end
    if not m:
        return None, 1.0, end
    word = " ".join(m["u"].casefold().split())
    if word in en_units.UNIT_WORDS:
        unit, factor = en_units.UNIT_WORDS[word]
        return unit, factor, m.end("u")
    if word in EN_STOP_WORDS or word in FULL_MONTHS or not m["u"].islower():
        return None, 1.0, end
    # Any other counted noun is its own unit ("1,250 bears"): comparable only with itself.
    return stem_en(word), 1.0, m.end("u")


def _glued_unit(text: str, end: int) -> bool:
    """Letters glued to a figure are a unit ("10km", "8849m") or part of a token ("H100")."""
    m = _UNIT_AFTER.match(text, end)
    return (
        bool(m)
        and m is not None
        and m.start("u") == end
        and (" ".join(m["u"].casefold().split()) in en_units.UNIT_WORDS)
    )


def _korean_qualifier(text: str, end: int) -> tuple[bool, int]:
    """Whether a Korean hedge follows an amount ("100명가량"), and where the amount's quoted
    text ends: a bound ("10% 이상") joins the text, where `Quantity.bounds` reads it."""
    m = _KO_QUALIFIER_AFTER.match(text, end)
    if not m:
        return False, end
    return m["q"] in ko_cues.APPROXIMATE_AFTER, m.end("q")


def extract_numbers(text: str, mask: Mask) -> list[tuple[int, Quantity]]:
    """Figures with their start offsets, outside the spans already claimed in `mask`."""
    found = extract_ordinals(text, mask)
    for m in _NUMBER.finditer(text):
        start = m.start("cur") if m["cur"] else m.start("body")
        if not mask.free(m.start("body"), m.end("body")):
            continue
        end = m.end()
        abbr = (m["abbr"] or "").casefold()
        if abbr in en.AMBIGUOUS_SCALE_LETTERS and not m["cur"]:
            # "5m" is as likely metres as millions; only money makes the letter a scale.
            end, abbr = m.end("body"), ""
        if _ORDINAL_SUFFIX.match(text, m.end("body")) and not (m["scale"] or abbr or m["pct"]):
            continue  # "1960s"
        glued = end < len(text) and text[end].isascii() and text[end].isalpha()
        if glued and not m["pct"] and not _glued_unit(text, end):
            continue  # part of a token: "H100", "3D", "CO2e"
        value = _parse_body(m["body"])
        if m["scale"] or abbr:
            value *= en.SCALE_SUFFIX[(m["scale"] or abbr).casefold()]
        approx = bool(m["q"])
        inside = _KO_APPROX_INSIDE.match(text, end)
        if inside and not m["pct"]:
            approx, end = True, inside.end()
        unit: str | None = None
        if m["cur"]:
            unit = CURRENCY_SYMBOLS[m["cur"].casefold()]
        if m["pct"]:
            unit = "percent"
        else:
            after, factor, unit_end = _unit_after(text, end)
            if after is not None and (unit is None or after == unit):
                unit, end, value = after, unit_end, value * factor
        hedged, end = _korean_qualifier(text, end)
        approx = approx or hedged
        if m["q"]:
            start = m.start()
        found.append((start, end, Quantity(value, unit, text[start:end].strip(), approx)))
        mask.take(m.start("body"), end)

    for m in _NUMBER_WORDS.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        counted = _words_value(m["words"])
        unit, factor, end = _unit_after(text, m.end())
        if counted is None or (counted == 1 and unit not in _KNOWN_UNITS):
            continue  # "one" is a pronoun ("no one came") far more often than a count
        quantity = Quantity(counted * factor, unit, text[m.start() : end], bool(m["q"]))
        found.append((m.start(), end, quantity))
        mask.take(m.start(), end)

    for m in _KO_NUMBER_WORDS.finditer(text):
        if mask.free(m.start(), m.end()):
            value = float(ko.NATIVE[m["w"]])
            unit, factor = ko_units.UNITS[m["u"]]
            found.append((m.start(), m.end(), Quantity(value * factor, unit, m.group())))
            mask.take(m.start(), m.end())
    return _share_range_units(text, found)


_RANGE_JOINER: Final = re.compile(
    rf"\s*(?:{'|'.join(en.RANGE_JOINERS)}|–|—|-|~|±|\+/-|{'|'.join(ko.RANGE_JOINERS)})\s*$",
    re.IGNORECASE,
)


def _share_range_units(
    text: str, found: list[tuple[int, int, Quantity]]
) -> list[tuple[int, Quantity]]:
    """Give the first end of a range its unit: "1,000 to 2,300 ppm", "16–21 cm", "20~30%".

    Both ends then count as values of that unit, which keeps a range from reading as one
    exact figure that a single value elsewhere could contradict.
    """
    found.sort(key=lambda item: item[0])
    out: list[tuple[int, Quantity]] = []
    for i, (start, end, quantity) in enumerate(found):
        if quantity.unit is None and i + 1 < len(found):
            next_start, _, following = found[i + 1]
            if following.unit is not None and _RANGE_JOINER.fullmatch(text, end, next_start):
                quantity = Quantity(quantity.value, following.unit, quantity.text, quantity.approx)
        out.append((start, quantity))
    return out


def _words_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.casefold()):
        if word in ("a", "and"):
            continue
        if word in en.SMALL:
            current += en.SMALL[word]
        elif word in en.TENS:
            current += en.TENS[word]
        elif word in en.MULTIPLIERS:
            current = max(current, 1.0) * en.MULTIPLIERS[word]
        elif word in en.SCALES:
            total += max(current, 1.0) * en.SCALES[word]
            current = 0.0
        else:
            return None
    return total + current
