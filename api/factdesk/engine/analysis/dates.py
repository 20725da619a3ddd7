"""Dates: calendar references in English and Korean, absolute ("2024-03-13", "late 2023",
"2023년 말") and, given the text's own date, relative ("last month", "지난해", "11일").

The extractors are an ordered table of rules (`_DATE_RULES`); see there for why the order
matters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from enum import Enum
from typing import Final, NamedTuple

from factdesk.engine.analysis.parsed import DateRef, Mask, month_length
from factdesk.engine.lang.en import dates as en
from factdesk.engine.lang.en.numbers import ORDINAL_SUFFIXES
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko import dates as ko
from factdesk.engine.lang.scripts import HANGUL

__all__ = ["extract_dates"]

# -- English patterns ---------------------------------------------------------------------------

_MONTH_RE: Final = rf"(?P<mon>{en.MONTH_FORMS})\.?"
_PART_RE: Final = rf"(?:(?P<part>{en.PARTS})[\s-]+(?:the\s+)?)?"
_YEAR_RE: Final = r"(?P<year>1[5-9]\d{2}|20\d{2}|2100)"
_DAY_RE: Final = rf"(?P<day>\d{{1,2}})(?:{'|'.join(ORDINAL_SUFFIXES)})?"

_EN_NUMERIC: Final = re.compile(
    r"(?<![\d/.-])(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d/.-]\d)",
    re.IGNORECASE,
)
_EN_MONTH_DAY: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?(?![\w-])", re.IGNORECASE
)
_EN_DAY_MONTH: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}{_DAY_RE}(?:\s+of)?\s+{_MONTH_RE}(?:,?\s+{_YEAR_RE})?(?![\w-])",
    re.IGNORECASE,
)
_EN_MONTH_YEAR: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}{_MONTH_RE},?\s+{_YEAR_RE}(?![\w-])", re.IGNORECASE
)
_EN_MONTH_ALONE: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}(?P<mon>{'|'.join(en.MONTH_NAMES)})(?![\w-])", re.IGNORECASE
)
_EN_BARE_YEAR: Final = re.compile(
    rf"(?<![\w$€£₩.,/-]){_PART_RE}{_YEAR_RE}(?![\w%°/-]|[.,]\d)", re.IGNORECASE
)
_EN_RELATIVE: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}(?P<rel>{'|'.join(en.RELATIVE_STEPS)})\s+"
    rf"(?P<unit>{'|'.join(en.RELATIVE_UNITS)})(?![\w-])"
    rf"|(?<![\w-])(?P<day_word>{'|'.join(en.RELATIVE_DAYS)})(?![\w-])"
    rf"|(?<![\w-])(?P<rel_m>{'|'.join(en.RELATIVE_MONTH_WORDS)})\s+"
    rf"(?P<mon>{'|'.join(en.MONTH_NAMES)})(?![\w-])",
    re.IGNORECASE,
)

# -- Korean patterns ----------------------------------------------------------------------------

_Y, _M, _D = ko.YEAR, ko.MONTH, ko.DAY
_KO_PART_RE: Final = (
    rf"(?:\s*(?P<kpart>{'|'.join(ko.PARTS)})"
    rf"(?={'|'.join(ko.PART_FOLLOWERS)}|[^{HANGUL}]|$))?"
)
_KO_YEAR_MONTH_DAY: Final = re.compile(
    rf"(?P<year>\d{{4}})\s*{_Y}\s*(?P<month>\d{{1,2}})\s*{_M}\s*(?P<day>\d{{1,2}})\s*{_D}"
)
_KO_YEAR_MONTH: Final = re.compile(
    rf"(?P<year>\d{{4}})\s*{_Y}\s*(?P<month>\d{{1,2}})\s*{_M}{_KO_PART_RE}"
)
_KO_YEAR: Final = re.compile(rf"(?P<year>\d{{4}})\s*{_Y}(?:{ko.YEAR_SUFFIX})?{_KO_PART_RE}")
_KO_MONTH_DAY: Final = re.compile(
    rf"(?<![\d.])(?P<month>\d{{1,2}})\s*{_M}\s*(?P<day>\d{{1,2}})\s*{_D}"
    rf"|(?<![\d.])(?P<month_only>\d{{1,2}})\s*{_M}(?!{'|'.join(ko.NOT_MONTH_AFTER)})" + _KO_PART_RE
)
_KO_DAY_ONLY: Final = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})\s*{_D}(?=[{ko.DAY_FOLLOWERS}]|[^{HANGUL}]|$)"
)


def _alternation(words: Mapping[str, int]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s?") for w in sorted(words, key=len, reverse=True)
    )


_KO_RELATIVE: Final = re.compile(
    rf"(?<![{HANGUL}])(?:(?P<ry>{_alternation(ko.RELATIVE_YEARS)})"
    rf"(?:\s*(?P<ry_month>\d{{1,2}})\s*{_M}(?:\s*(?P<ry_day>\d{{1,2}})\s*{_D})?)?"
    rf"|(?P<rm>{_alternation(ko.RELATIVE_MONTHS)})(?:\s*(?P<rm_day>\d{{1,2}})\s*{_D})?"
    rf"|(?P<rw>{_alternation(ko.RELATIVE_WEEKS)})"
    rf"|(?P<rd>{_alternation(ko.RELATIVE_DAYS)}))" + _KO_PART_RE
)

# -- Helpers ------------------------------------------------------------------------------------


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _english_part(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.casefold()
    for part, cues in en.PART_CUES.items():
        if any(cue in raw for cue in cues):
            return part
    return "late"


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not 1000 <= year <= 2999:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if not 1 <= day <= 31:
            return False
        if year is not None and month is not None and day > month_length(year, month):
            return False
    return True


def _groups(m: re.Match[str], *names: str) -> list[int | None]:
    index = m.re.groupindex
    return [int(m[n]) if n in index and m[n] else None for n in names]


def _squash(found: str, table: Mapping[str, int]) -> str:
    if found in table:
        return found
    compact = re.sub(r"\s+", "", found)
    for key in table:
        if re.sub(r"\s+", "", key) == compact:
            return key
    return found


def _month_number(word: str) -> int:
    return en.MONTHS[word[:3].casefold()]


def _month_word_ok(word: str, has_number: bool) -> bool:
    """Month words that double as common words count only when they look like dates."""
    lower = word.rstrip(".").casefold()
    if lower in en.VERB_MONTHS:
        return word[0].isupper()  # "may" and "march" are verbs too
    return has_number or lower in en.FULL_MONTHS  # "Mar", "Dec" only beside a number


_YEAR_RANGE_START: Final = re.compile(r"(?:1[5-9]|20)\d{2}\s*[-–—]\s*$")
_NEXT_WORD: Final = re.compile(r"\s+([A-Za-z]+)")
_PREV_WORD: Final = re.compile(r"([A-Za-z]+)\W*$")


def _previous_word(text: str, m: re.Match[str]) -> str:
    prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
    return prev.group(1).casefold() if prev else ""


def _after_preposition(text: str, m: re.Match[str]) -> bool:
    return _previous_word(text, m) in en.DATE_PREPOSITIONS


def _looks_like_year(text: str, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless a counted noun follows ("2000 people")."""
    if _previous_word(text, m) in en.YEAR_PREPOSITIONS or _YEAR_RANGE_START.search(
        text, max(0, m.start() - 8), m.start()
    ):
        return True
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt is None:
        return True
    word = nxt.group(1)
    return word[0].isupper() or word.casefold() in EN_STOP_WORDS


# -- Rules --------------------------------------------------------------------------------------

# year, month, day, part
_Reading = tuple[int | None, int | None, int | None, str | None]


class _Pass(Enum):
    """What a rule does with a match that gives no date."""

    MATCH = "match"  # not a date after all: the span stays free for later rules and numbers
    SPAN = "span"  # a date that cannot be resolved: claim the span (keep its digits off numbers)


_Reader = Callable[[str, re.Match[str], date | None], _Reading | _Pass]


def _read_en_absolute(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    year, day = _groups(m, "year", "day")
    month = _groups(m, "month")[0] if "month" in m.re.groupindex else None
    if month is None:
        month = _month_number(m["mon"])
        if not _month_word_ok(m["mon"], bool(day or year)):
            return _Pass.MATCH
    return year, month, day, _english_part(m.groupdict().get("part"))


def _read_ko_absolute(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    year, month, day = _groups(m, "year", "month", "day")
    return year, month, day, ko.PARTS.get(m.groupdict().get("kpart") or "")


def _read_en_relative(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if reference is None:
        return _Pass.SPAN
    part = _english_part(m["part"])
    if m["day_word"]:
        d = reference + timedelta(days=en.RELATIVE_DAYS[m["day_word"].casefold()])
        return d.year, d.month, d.day, None
    if m["rel_m"]:
        month = _month_number(m["mon"])
        step = en.RELATIVE_STEPS[m["rel_m"].casefold()]
        year = reference.year
        if step < 0 and month >= reference.month:
            year -= 1
        elif step > 0 and month <= reference.month:
            year += 1
        return year, month, None, None
    step = en.RELATIVE_STEPS[m["rel"].casefold()]
    unit = en.RELATIVE_UNITS[m["unit"].casefold()]
    if unit == "year":
        return reference.year + step, None, None, part
    if unit == "month":
        year, month = _shift_month(reference.year, reference.month, step)
        return year, month, None, part
    d = reference + timedelta(days=7 * step)
    return d.year, d.month, None, None


def _read_ko_relative(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if reference is None:
        return _Pass.SPAN
    part = ko.PARTS.get(m["kpart"] or "")
    if m["ry"]:
        year = reference.year + ko.RELATIVE_YEARS[_squash(m["ry"], ko.RELATIVE_YEARS)]
        month, day = _groups(m, "ry_month", "ry_day")
        return year, month, day, part
    if m["rm"]:
        delta = ko.RELATIVE_MONTHS[_squash(m["rm"], ko.RELATIVE_MONTHS)]
        year, month = _shift_month(reference.year, reference.month, delta)
        return year, month, _groups(m, "rm_day")[0], part
    if m["rw"]:
        d = reference + timedelta(days=ko.RELATIVE_WEEKS[_squash(m["rw"], ko.RELATIVE_WEEKS)])
        return d.year, d.month, None, None
    d = reference + timedelta(days=ko.RELATIVE_DAYS[_squash(m["rd"], ko.RELATIVE_DAYS)])
    return d.year, d.month, d.day, None


def _read_ko_month_day(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if m["month_only"]:
        return None, int(m["month_only"]), None, ko.PARTS.get(m["kpart"] or "")
    return None, int(m["month"]), int(m["day"]), None


def _read_en_month_alone(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if not _month_word_ok(m["mon"], False):
        return _Pass.MATCH
    if m["mon"].casefold() in en.VERB_MONTHS and not (m["part"] or _after_preposition(text, m)):
        return _Pass.MATCH  # sentence-initial "May" is the verb
    return None, _month_number(m["mon"]), None, _english_part(m["part"])


def _read_ko_day_only(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if reference is None:
        return _Pass.MATCH
    day = int(m["day"])
    year, month = reference.year, reference.month
    if day > reference.day:
        # A news text's bare "11일" is this month's 11th unless that is still ahead.
        year, month = _shift_month(year, month, -1)
    return year, month, day, None


def _read_en_bare_year(text: str, m: re.Match[str], reference: date | None) -> _Reading | _Pass:
    if not (m["part"] or _looks_like_year(text, m)):
        return _Pass.MATCH
    return int(m["year"]), None, None, _english_part(m["part"])


class _DateRule(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    read: _Reader


# Walked in this order, each rule over the whole text, and a match whose span an earlier rule
# (or a duration) claimed is skipped. So full dates go before the partial ones inside them
# ("13 March 2024" before "March 2024" and "2024"), absolute before relative, and the vaguest
# readings (a month name, a bare "N일", a bare year) last.
_DATE_RULES: Final[tuple[_DateRule, ...]] = (
    _DateRule("en year-month-day", _EN_NUMERIC, _read_en_absolute),
    _DateRule("en month day [year]", _EN_MONTH_DAY, _read_en_absolute),
    _DateRule("en day [of] month [year]", _EN_DAY_MONTH, _read_en_absolute),
    _DateRule("en month year", _EN_MONTH_YEAR, _read_en_absolute),
    _DateRule("ko year month day", _KO_YEAR_MONTH_DAY, _read_ko_absolute),
    _DateRule("ko year month [part]", _KO_YEAR_MONTH, _read_ko_absolute),
    _DateRule("ko year [part]", _KO_YEAR, _read_ko_absolute),
    _DateRule("en relative", _EN_RELATIVE, _read_en_relative),
    _DateRule("ko relative", _KO_RELATIVE, _read_ko_relative),
    _DateRule("ko month day / month [part]", _KO_MONTH_DAY, _read_ko_month_day),
    _DateRule("en month name alone", _EN_MONTH_ALONE, _read_en_month_alone),
    _DateRule("ko day alone", _KO_DAY_ONLY, _read_ko_day_only),
    _DateRule("en bare year", _EN_BARE_YEAR, _read_en_bare_year),
)


def extract_dates(text: str, mask: Mask, reference: date | None) -> list[tuple[int, DateRef]]:
    """Dates with their start offsets, the same date once; claims their spans in `mask`.

    Relative references resolve against `reference` and are left out without it.
    """
    found: list[tuple[int, DateRef]] = []
    for rule in _DATE_RULES:
        for m in rule.pattern.finditer(text):
            if not mask.free(m.start(), m.end()):
                continue
            reading = rule.read(text, m, reference)
            if reading is _Pass.MATCH:
                continue
            if not isinstance(reading, _Pass) and _valid(*reading[:3]):
                found.append((m.start(), DateRef(*reading, m.group().strip())))
            mask.take(m.start(), m.end())

    # The same date said twice is one fact.
    unique: dict[tuple[int | None, int | None, int | None, str | None], tuple[int, DateRef]] = {}
    for start, ref in found:
        unique.setdefault((ref.year, ref.month, ref.day, ref.part), (start, ref))
    return list(unique.values())
