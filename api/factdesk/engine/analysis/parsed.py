"""The parse result and its value types, and the span mask the extractors share.

`ParsedText` holds the truth-deciding parts of one text: `Quantity`, `DateRef`, `Duration`,
`Entity` and `Predicate` values with the ranges they allow. `ParsedText.to_dict` is what the
store keeps per statement; `PARSER_VERSION` marks it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from factdesk.engine.lang.en import cues as en_cues
from factdesk.engine.lang.ko import cues as ko_cues

__all__ = [
    "PARSER_VERSION",
    "Attribution",
    "DateRef",
    "Duration",
    "Entity",
    "Mask",
    "ParsedText",
    "Predicate",
    "Quantity",
    "has_bound",
    "month_length",
]

# Stored parses carry this; bump it when parsing changes so stored statements can be re-parsed.
PARSER_VERSION: Final = 6

# Relative tolerances used by `bounds()`: exact figures still absorb rounding ("a month" is 28-31
# days, "10,000" may stand for 10,373), hedged ones ("about", "약", "여") get the wide band.
_EXACT_TOLERANCE: Final = 0.1
_APPROX_TOLERANCE: Final = 0.3
_NUMBER_EXACT_TOLERANCE: Final = 0.005
_NUMBER_ROUND_TOLERANCE: Final = 0.05
_NUMBER_APPROX_TOLERANCE: Final = 0.15

_LOWER_BOUND_CUES: Final = re.compile(
    rf"\b(?:{'|'.join(en_cues.LOWER_BOUND)})\b|{'|'.join(ko_cues.LOWER_BOUND)}", re.IGNORECASE
)
_UPPER_BOUND_CUES: Final = re.compile(
    rf"\b(?:{'|'.join(en_cues.UPPER_BOUND)})\b|{'|'.join(ko_cues.UPPER_BOUND)}", re.IGNORECASE
)


def _interval(value: float, tolerance: float, text: str) -> tuple[float, float]:
    """The range a stated amount allows; "more than"/"이상" leave the top open, and so on."""
    low, high = sorted((value * (1 - tolerance), value * (1 + tolerance)))
    if _LOWER_BOUND_CUES.search(text):
        return low, math.inf
    if _UPPER_BOUND_CUES.search(text):
        return min(0.0, low), high
    return low, high


def has_bound(text: str) -> bool:
    """Whether `text` bounds its amount from below or above ("more than", "이내")."""
    return bool(_LOWER_BOUND_CUES.search(text) or _UPPER_BOUND_CUES.search(text))


def _significant_digits(text: str) -> int:
    # "10,000" -> 1, "10,373" -> 5, "3.5" -> 2: round figures are likely rounded.
    return len(re.sub(r"\D", "", text).strip("0"))


def month_length(year: int, month: int) -> int:
    """Days in `month` of `year`."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated in the text, e.g. "$10 billion" -> value 1e10, unit "usd"."""

    value: float
    unit: str | None
    text: str
    approx: bool = False

    def bounds(self) -> tuple[float, float]:
        """The range of values this statement of the number is consistent with."""
        if self.approx:
            tolerance = _NUMBER_APPROX_TOLERANCE
        elif _significant_digits(self.text) <= 2 and abs(self.value) >= 100:
            tolerance = _NUMBER_ROUND_TOLERANCE
        else:
            tolerance = _NUMBER_EXACT_TOLERANCE
        return _interval(self.value, tolerance, self.text)


@dataclass(frozen=True, slots=True)
class DateRef:
    """A calendar reference at the precision the text gives (year, month, day may be None).

    `part` is "early", "mid" or "late" within the most precise unit given ("late 2024", "mid-2023",
    "2023년 말").
    """

    year: int | None
    month: int | None
    day: int | None
    part: str | None
    text: str

    def interval(self) -> tuple[date, date] | None:
        """The first and last day this reference can mean, or None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            start, end = date(self.year, 1, 1), date(self.year, 12, 31)
            # Overlapping thirds: "early 2024" and "April 2024" should not be called a conflict.
            months = {"early": (1, 5), "mid": (4, 9), "late": (8, 12)}.get(self.part or "")
            if months:
                start = date(self.year, months[0], 1)
                end = date(self.year, months[1], month_length(self.year, months[1]))
            return start, end
        last = month_length(self.year, self.month)
        if self.day is not None:
            day = date(self.year, self.month, min(self.day, last))
            return day, day
        days = {"early": (1, 11), "mid": (9, 21), "late": (19, last)}.get(
            self.part or "", (1, last)
        )
        return date(self.year, self.month, days[0]), date(self.year, self.month, days[1])


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time, in days ("a month" = 30, "a year" = 365); `approx` for hedged ones."""

    days: float
    approx: bool
    text: str

    def bounds(self) -> tuple[float, float]:
        """The range of day counts this statement of the duration is consistent with."""
        tolerance = _APPROX_TOLERANCE if self.approx else _EXACT_TOLERANCE
        return _interval(self.days, tolerance, self.text)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity resolved to its canonical key (gazetteer key, or casefolded text), with
    its role in the sentence (`analysis.roles`: "subj", "obj", "loc", "agent", …)."""

    key: str
    type: str
    text: str
    role: str = "any"


@dataclass(frozen=True, slots=True)
class Predicate:
    """A verb on an opposition axis: `key` is the axis ("launch"), `polarity` +1 or -1."""

    key: str
    polarity: int
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a text says asserts it: `key` to compare sources by, `text` as written, `named`
    when the key is a resolved entity (comparable across languages, unlike a word's stem)."""

    key: str
    text: str
    named: bool = False


@dataclass(frozen=True, slots=True)
class ParsedText:
    """The truth-deciding parts of one text, as `parse` found them."""

    text: str
    language: str
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    durations: tuple[Duration, ...] = ()
    entities: tuple[Entity, ...] = ()
    negations: tuple[str, ...] = ()
    predicates: tuple[Predicate, ...] = ()
    attribution: Attribution | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; `from_dict` reads it back."""
        return {
            "version": PARSER_VERSION,
            "text": self.text,
            "language": self.language,
            "numbers": [
                {"value": q.value, "unit": q.unit, "text": q.text, "approx": q.approx}
                for q in self.numbers
            ],
            "dates": [
                {"year": d.year, "month": d.month, "day": d.day, "part": d.part, "text": d.text}
                for d in self.dates
            ],
            "durations": [
                {"days": d.days, "approx": d.approx, "text": d.text} for d in self.durations
            ],
            "entities": [
                {"key": e.key, "type": e.type, "text": e.text, "role": e.role}
                for e in self.entities
            ],
            "negations": list(self.negations),
            "predicates": [
                {"key": p.key, "polarity": p.polarity, "text": p.text} for p in self.predicates
            ],
            "attribution": None
            if self.attribution is None
            else {
                "key": self.attribution.key,
                "text": self.attribution.text,
                "named": self.attribution.named,
            },
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ParsedText:
        """Rebuild a parse stored with `to_dict` (missing sections read as empty)."""

        def items(name: str) -> list[Mapping[str, Any]]:
            return list(d.get(name) or [])

        def opt_int(value: Any) -> int | None:
            return None if value is None else int(value)

        source = d.get("attribution")

        return cls(
            text=str(d["text"]),
            language=str(d["language"]),
            numbers=tuple(
                Quantity(
                    value=float(q["value"]),
                    unit=None if q.get("unit") is None else str(q["unit"]),
                    text=str(q["text"]),
                    approx=bool(q.get("approx", False)),
                )
                for q in items("numbers")
            ),
            dates=tuple(
                DateRef(
                    year=opt_int(x.get("year")),
                    month=opt_int(x.get("month")),
                    day=opt_int(x.get("day")),
                    part=None if x.get("part") is None else str(x["part"]),
                    text=str(x["text"]),
                )
                for x in items("dates")
            ),
            durations=tuple(
                Duration(days=float(x["days"]), approx=bool(x["approx"]), text=str(x["text"]))
                for x in items("durations")
            ),
            entities=tuple(
                Entity(
                    key=str(x["key"]),
                    type=str(x["type"]),
                    text=str(x["text"]),
                    role=str(x.get("role", "any")),
                )
                for x in items("entities")
            ),
            negations=tuple(str(x) for x in d.get("negations") or []),
            predicates=tuple(
                Predicate(key=str(x["key"]), polarity=int(x["polarity"]), text=str(x["text"]))
                for x in items("predicates")
            ),
            attribution=None
            if not source
            else Attribution(
                key=str(source["key"]),
                text=str(source["text"]),
                named=bool(source.get("named", False)),
            ),
        )


class Mask:
    """Character positions already claimed by an earlier extractor (dates before numbers …)."""

    __slots__ = ("_taken",)

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)
