"""Text normalisation, lexical tokens and the parser that pulls out the truth-deciding parts.

A claim and a stored statement are compared by their parts, not only by their embeddings: the
numbers, dates and durations they state, the entities they name, whether they negate, and which
way their verbs point ("launched" vs "cancelled"). `parse` extracts those parts from English and
Korean text (other languages get normalisation and numbers only); `ParsedText.to_dict` is what the
store keeps per statement.

Domain knowledge lives in data, not code: `data/entities.json` maps a canonical entity key to
`{"type": ..., "aliases": [...], "exact": [...], "located_in": key}`. Latin aliases match
case-insensitively on word boundaries, `exact` aliases (short or common-word forms such as "X" or
"US") case-sensitively, and Hangul aliases may carry trailing particles ("오픈AI와").
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Final, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = [
    "PARSER_VERSION",
    "DateRef",
    "Duration",
    "Entity",
    "ParsedText",
    "Predicate",
    "Quantity",
    "detect_language",
    "lexical_tokens",
    "normalize_text",
    "parse",
]

_T = TypeVar("_T")

# Stored parses carry this; bump it when parsing changes so stored statements can be re-parsed.
PARSER_VERSION: Final = 3

_ENTITIES_PATH: Final = Path(__file__).parent / "data" / "entities.json"

# Relative tolerances used by `bounds()`: exact figures still absorb rounding ("a month" is 28-31
# days, "10,000" may stand for 10,373), hedged ones ("about", "약", "여") get the wide band.
_EXACT_TOLERANCE: Final = 0.1
_APPROX_TOLERANCE: Final = 0.3
_NUMBER_EXACT_TOLERANCE: Final = 0.005
_NUMBER_ROUND_TOLERANCE: Final = 0.05
_NUMBER_APPROX_TOLERANCE: Final = 0.15

_H: Final = "\uac00-\ud7a3"  # Hangul syllables


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------

_LOWER_BOUND_CUES: Final = re.compile(
    r"\b(?:more\s+than|over|at\s+least)\b|이상|넘게|넘는|넘어|최소", re.IGNORECASE
)
_UPPER_BOUND_CUES: Final = re.compile(
    r"\b(?:less\s+than|under|up\s+to|at\s+most)\b|이내|미만|최대", re.IGNORECASE
)


def _interval(value: float, tolerance: float, text: str) -> tuple[float, float]:
    """The range a stated amount allows; "more than"/"이상" leave the top open, and so on."""
    low, high = sorted((value * (1 - tolerance), value * (1 + tolerance)))
    if _LOWER_BOUND_CUES.search(text):
        return low, math.inf
    if _UPPER_BOUND_CUES.search(text):
        return min(0.0, low), high
    return low, high


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

    `part` is "early", "mid" or "late" within the most precise unit given ("late February 2024",
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
                end = date(self.year, months[1], _month_length(self.year, months[1]))
            return start, end
        last = _month_length(self.year, self.month)
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
    """A named entity resolved to its canonical key (gazetteer key, or casefolded text)."""

    key: str
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class Predicate:
    """A verb on an opposition axis: `key` is the axis ("launch"), `polarity` +1 or -1."""

    key: str
    polarity: int
    text: str


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
            "entities": [{"key": e.key, "type": e.type, "text": e.text} for e in self.entities],
            "negations": list(self.negations),
            "predicates": [
                {"key": p.key, "polarity": p.polarity, "text": p.text} for p in self.predicates
            ],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ParsedText:
        """Rebuild a parse stored with `to_dict` (missing sections read as empty)."""

        def items(name: str) -> list[Mapping[str, Any]]:
            return list(d.get(name) or [])

        def opt_int(value: Any) -> int | None:
            return None if value is None else int(value)

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
                Entity(key=str(x["key"]), type=str(x["type"]), text=str(x["text"]))
                for x in items("entities")
            ),
            negations=tuple(str(x) for x in d.get("negations") or []),
            predicates=tuple(
                Predicate(key=str(x["key"]), polarity=int(x["polarity"]), text=str(x["text"]))
                for x in items("predicates")
            ),
        )


# --------------------------------------------------------------------------------------------
# Normalisation and language
# --------------------------------------------------------------------------------------------

# Invisible characters that survive NFKC and would split or glue tokens unpredictably.
_INVISIBLE: Final = frozenset("\u200b\u2060\ufeff\u00ad")


def normalize_text(text: str) -> str:
    """NFKC-normalise, drop control and invisible characters, collapse whitespace, strip."""
    text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    for ch in text:
        if ch in _INVISIBLE:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            # Line breaks and tabs separate words; other control characters (NUL …) are noise.
            kept.append(" " if ch.isspace() else "")
        elif category != "Cs":
            kept.append(ch)
    return " ".join("".join(kept).split())


def _script(ch: str) -> str | None:
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return "han"
    if 0x20000 <= o <= 0x2FA1F:
        return "han"
    if 0x0400 <= o <= 0x052F:
        return "cyrillic"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF:
        return "arabic"
    if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if 0x0590 <= o <= 0x05FF:
        return "hebrew"
    if 0x0370 <= o <= 0x03FF or 0x1F00 <= o <= 0x1FFF:
        return "greek"
    if 0x0E00 <= o <= 0x0E7F:
        return "thai"
    if 0x0900 <= o <= 0x097F:
        return "devanagari"
    if o < 0x0250 or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    return None


# A Hangul syllable or a Han character carries roughly what three Latin letters do, so plain
# letter counts would call Korean text with a few English names "en".
_SCRIPT_WEIGHT: Final = {"hangul": 3.0, "han": 2.0}
# fmt: off
_SCRIPT_LANGUAGE: Final = {
    "hangul": "ko", "latin": "en", "cyrillic": "ru", "arabic": "ar", "hebrew": "he",
    "greek": "el", "thai": "th", "devanagari": "hi",
}
# fmt: on


def detect_language(text: str) -> str:
    """Guess a BCP-47 language tag from the dominant script.

    "ko" for Hangul, "en" for Latin, "ja" when kana appear among CJK characters, "zh" for Han
    only, "ru", "ar", "he", "el", "th", "hi" by script; "und" when there are no letters.
    """
    weights: dict[str, float] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        script = _script(ch)
        if script is not None:
            weights[script] = weights.get(script, 0.0) + _SCRIPT_WEIGHT.get(script, 1.0)
    if not weights:
        return "und"
    if weights.get("kana", 0.0) > 0:
        # Japanese mixes kanji and kana; any kana among dominant CJK means Japanese.
        weights["kana"] += weights.pop("han", 0.0)
    best = max(weights, key=lambda s: weights[s])
    if best == "kana":
        return "ja"
    if best == "han":
        return "zh"
    return _SCRIPT_LANGUAGE.get(best, "und")


# --------------------------------------------------------------------------------------------
# Lexical tokens (BM25 / FTS5)
# --------------------------------------------------------------------------------------------

_EN_STOPWORDS: Final = _words(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just ll me more most mustn my
    myself no nor not now o of off on once only or other our ours ourselves out over own re s
    same shan she should shouldn so some such t than that the their theirs them themselves then
    there these they this those through to too under until up ve very was wasn we were weren
    what when where which while who whom why will with won wouldn would y you your yours
    yourself yourselves also may might must shall said says say per via yet
    """
)

# Words the suffix rules would mangle ("news" -> "new").
_EN_STEM_EXCEPTIONS: Final = _words(
    """
    news series species always perhaps hundred famous various previous serious obvious texas
    kansas arkansas atlas canvas christmas bias alias lens chaos cosmos analysis basis crisis
    thesis physics economics politics ethics mathematics statistics
    """
)

_VOWELS: Final = frozenset("aeiouy")


def _undouble(word: str) -> str:
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lszaeiou":
        return word[:-1]
    return word


def _stem_en(word: str) -> str:
    """A deliberately light English stemmer: plurals, -ed, -ing and a final -e."""
    if len(word) <= 3 or not word.isalpha() or word in _EN_STEM_EXCEPTIONS:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ued"):
        word = word[:-1]  # "sued", "continued"
    elif word.endswith("ed") and not word.endswith("eed") and len(word) > 4:
        if _VOWELS & set(word[:-2]):
            word = _undouble(word[:-2])
    elif word.endswith("ing") and len(word) > 5 and _VOWELS & set(word[:-3]):
        word = _undouble(word[:-3])
    # Dropping a final e lets "release", "released" and "releasing" meet at "releas".
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


# Noun particles (also used after Hangul entity aliases), longest first when compiled.
_KO_PARTICLES: Final = _split(
    """
    으로부터 로부터 에게서 에서는 에서도 에서의 으로는 으로도 으로서 으로써 이라는 이라고 이라며
    이라면 까지는 부터는 에게는 에게도 한테서 과의 와의 과는 와는 과도 와도 에는 에도 에서 에게
    한테 께서 으로 로서 로써 까지 부터 마저 조차 처럼 보다 이나 이며 이고 이란 라는 라고 이다
    였다 이었다 이자 측은 측이 측의 측 은 는 이 가 을 를 의 에 와 과 로 도 만 랑
    """
)

# Verb endings stripped for indexing so "출시했다" and "출시" meet.
_KO_VERB_ENDINGS: Final = _split(
    """
    하겠다고 하겠다는 했다고 했으며 했지만 했는데 한다고 하겠다 했었다 하였다 되었다 됐다고
    시켰다 이었다 했다 한다 됐다 된다 되는 되고 하기로 하기 하고 하며 하는 하여 해서 했던 하던
    했고 였다 였고 이다 다고 라고 겠다 었다 았다 났다 했 한 할 함 된 하
    """
)

_KO_ENDINGS: Final = tuple(
    sorted(set(_KO_PARTICLES) | set(_KO_VERB_ENDINGS), key=len, reverse=True)
)

# A particle left alone after a quote or bracket ("…”고") is noise too.
_KO_STOPWORDS: Final = _words(
    """
    것 수 등 및 이 그 저 더 또 또한 그리고 하지만 그러나 이런 그런 있다 있는 있
    위해 대한 통해 같은 때 중 바 한 할 하 된 되 고 며 다
    """
) | frozenset(p for p in _KO_PARTICLES if len(p) == 1)

_TOKEN_WORD: Final = re.compile(r"[^\W_]+")
# Latin (after accent stripping), Hangul, and every other script's letters as they are
# (Hebrew, Arabic, Cyrillic …: no stemming, whole runs as tokens).
_TOKEN_RUN: Final = re.compile(rf"[0-9a-z]+|[{_H}]+|[^\W_0-9a-z{_H}]+")
_POSSESSIVE: Final = re.compile(r"(?<=[0-9a-z])['’]s\b")
_DIGIT_GROUP: Final = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _strip_accents(text: str) -> str:
    # NFD splits accents off Latin letters (and Hangul into jamo); NFC puts Hangul back together.
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _strip_korean_ending(word: str) -> str:
    for ending in _KO_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def lexical_tokens(text: str, language: str | None = None) -> list[str]:
    """Tokens for full-text indexing and BM25; the same function runs over statements and queries.

    Tokens are runs of [0-9a-z], of Hangul syllables, or of another script's letters and
    digits (never punctuation or quotes), so they are safe as FTS5 barewords.
    Tokenisation is driven by script rather than `language` (accepted for interface stability)
    so that an English name inside a Korean sentence indexes exactly as it does in English.
    """
    del language
    text = _strip_accents(normalize_text(text).casefold())
    text = _DIGIT_GROUP.sub("", _POSSESSIVE.sub("", text))
    tokens: list[str] = []
    for match in _TOKEN_WORD.finditer(text):
        word = match.group()
        stripped = _strip_korean_ending(word) if "\uac00" <= word[-1] <= "\ud7a3" else word
        for run in _TOKEN_RUN.findall(stripped):
            if "\uac00" <= run[0] <= "\ud7a3":
                _add_korean_tokens(run, word, tokens)
            elif run not in _EN_STOPWORDS:
                tokens.append(_stem_en(run))
    return tokens


def _add_korean_tokens(stem: str, word: str, tokens: list[str]) -> None:
    if stem in _KO_STOPWORDS:
        return
    tokens.append(stem)
    if len(stem) == 1 and len(word) == 2 and word != stem and "\uac00" <= word[0] <= "\ud7a3":
        # "달을" -> "달" is right, "나이" -> "나" is not; keeping the whole word covers both.
        tokens.append(word)
    if len(stem) > 2:
        tokens.extend(stem[i : i + 2] for i in range(len(stem) - 1))


# --------------------------------------------------------------------------------------------
# Span bookkeeping
# --------------------------------------------------------------------------------------------


class _Mask:
    """Character positions already claimed by an earlier extractor (dates before numbers …)."""

    __slots__ = ("_taken",)

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------

_EN_SMALL: Final = {
    w: i
    for i, w in enumerate(
        _split(
            """
            zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen twenty
            """
        )
    )
}
# fmt: off
_EN_TENS: Final = {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_EN_SCALES: Final = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
_UNIT_DAYS: Final = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
    "fortnight": 14.0, "month": 30.0, "year": 365.0, "decade": 3650.0, "century": 36500.0,
    "centurie": 36500.0,
}
# fmt: on
_EN_APPROX_WORDS: Final = re.compile(
    r"^(?:about|around|roughly|approximately|nearly|almost|some|~)|or\s+so$", re.IGNORECASE
)
_EN_NUMBER_WORD: Final = "|".join(list(_EN_SMALL)[1:] + list(_EN_TENS))

_EN_DURATION: Final = re.compile(
    r"(?<![\w-])(?<!\d[.,])"
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|over|more\s+than|less\s+than|"
    r"under|at\s+least|up\s+to|just\s+over|just\s+under)\s+|~\s*)?"
    rf"(?P<n>an?|half\s+an?|{_EN_NUMBER_WORD}|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"[\s-]+(?P<u>second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)s?"
    r"(?:\s+or\s+so)?(?![\w-])",
    re.IGNORECASE,
)
# "twice a year", "once a week", "per month": frequencies, not durations.
_EN_FREQUENCY_BEFORE: Final = re.compile(
    r"\b(?:once|twice|thrice|times|per|every|each)\s*$", re.IGNORECASE
)

# fmt: off
_KO_NATIVE: Final = {
    "한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5, "여섯": 6, "일곱": 7,
    "여덟": 8, "아홉": 9, "열": 10, "스무": 20,
}
_KO_SINO: Final = {
    "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10,
}
_KO_DAY_WORDS: Final = {
    "하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8,
    "아흐레": 9, "열흘": 10, "보름": 15,
}
_KO_UNIT_DAYS: Final = {
    "개월": 30.0, "달": 30.0, "년": 365.0, "주일": 7.0, "주": 7.0, "일": 1.0, "시간": 1 / 24,
}
# fmt: on
_KO_APPROX_SUFFIX: Final = ("여", "가량", "쯤", "정도", "안팎", "남짓")
_KO_QUALIFIER: Final = r"(?:\s*(?:여|가량|쯤|정도|안팎|남짓|이상|넘게|이내|미만))?"

_KO_DURATION: Final = re.compile(
    rf"(?<![{_H}0-9.,])(?P<q>(?:약|대략|거의|최소|최대)\s*)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)|(?P<nw>다섯|여섯|일곱|여덟|아홉|스무|한|두|세|석|네|넉|열)"
    r"|(?P<sw>일|이|삼|사|오|육|칠|팔|구|십))"
    r"\s*(?P<yeo>여\s*)?(?P<u>개월|달|년|주일|주|일|시간)(?P<half>\s*반)?" + _KO_QUALIFIER
)
_KO_DAY_DURATION: Final = re.compile(
    rf"(?<![{_H}])(?P<q>(?:약|대략|거의)\s*)?(?P<w>{'|'.join(_KO_DAY_WORDS)}){_KO_QUALIFIER}"
)
_KO_HALF_YEAR: Final = re.compile(rf"(?<![{_H}])반\s?년")
# What may follow a Korean duration: a particle or a time-relation word, not more of a noun
# ("2주년" is an anniversary, "3일자" a dateline).
_KO_AFTER_DURATION: Final = re.compile(
    rf"(?:간|동안|째|뒤|후|전|만|이내|{'|'.join(_KO_PARTICLES)})|(?![{_H}])"
)
# A bare "N일" is a day of the month unless something marks it as a span of days.
_KO_DAY_SPAN_MARK: Final = re.compile(r"\s*(?:간|동안|만|뒤|후|전|째|이내)")


def _extract_durations(text: str, mask: _Mask) -> list[tuple[int, Duration]]:
    found: list[tuple[int, Duration]] = []
    for m in _EN_DURATION.finditer(text):
        if _EN_FREQUENCY_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        n = m.group("n").casefold()
        if n.startswith("half"):
            count = 0.5
        elif n in ("a", "an"):
            count = 1.0
        elif n in _EN_SMALL:
            count = float(_EN_SMALL[n])
        elif n in _EN_TENS:
            count = float(_EN_TENS[n])
        else:
            count = float(n.replace(",", ""))
            if 1500 <= count <= 2100 and "," not in n and m["u"].casefold() != "day":
                continue  # "the 2018 decade", "2023 year-end": a year, not a count
        span = m.group()
        days = count * _UNIT_DAYS[m.group("u").casefold()]
        approx = bool(_EN_APPROX_WORDS.search(span)) or _has_bound(span)
        found.append((m.start(), Duration(days, approx, span)))
        mask.take(m.start(), m.end())

    for m in _KO_DURATION.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        unit = m.group("u")
        digits, native, sino = m.group("d"), m.group("nw"), m.group("sw")
        if digits is not None:
            count = float(digits)
            if unit == "년" and count >= 1000:
                continue  # "2023년" is a year, handled by the date extractor
        elif native is not None:
            if unit in ("개월", "년", "일"):
                continue
            count = float(_KO_NATIVE[native])
        else:
            if unit not in ("년", "주일", "개월") or (sino == "이" and unit != "년"):
                continue
            count = float(_KO_SINO[sino])
        if not _KO_AFTER_DURATION.match(text, m.end()):
            continue
        qualifier = m.group()[len(m.group("q") or "") :]
        if unit == "일" and not (
            m.group("yeo") or _has_bound(qualifier) or _KO_DAY_SPAN_MARK.match(text, m.end())
        ):
            continue
        if m.group("half"):
            count += 0.5
        approx = (
            bool(m.group("yeo"))
            or m.group("q") is not None
            or qualifier.rstrip().endswith(_KO_APPROX_SUFFIX)
            or _has_bound(m.group())
        )
        found.append((m.start(), Duration(count * _KO_UNIT_DAYS[unit], approx, m.group())))
        mask.take(m.start(), m.end())

    for m in _KO_DAY_DURATION.finditer(text):
        if not mask.free(m.start(), m.end()) or not _KO_AFTER_DURATION.match(text, m.end()):
            continue
        approx = m.group("q") is not None or m.group().rstrip().endswith(_KO_APPROX_SUFFIX)
        days = float(_KO_DAY_WORDS[m.group("w")])
        found.append((m.start(), Duration(days, approx or _has_bound(m.group()), m.group())))
        mask.take(m.start(), m.end())

    for m in _KO_HALF_YEAR.finditer(text):
        if mask.free(m.start(), m.end()) and _KO_AFTER_DURATION.match(text, m.end()):
            found.append((m.start(), Duration(182.5, False, m.group())))
            mask.take(m.start(), m.end())
    return found


def _has_bound(text: str) -> bool:
    return bool(_LOWER_BOUND_CUES.search(text) or _UPPER_BOUND_CUES.search(text))


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# fmt: off
_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# fmt: on
_MONTH_RE: Final = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_FULL_MONTHS: Final = _words(
    """
    january february march april may june july august september october november december
    """
)
_PART_RE: Final = (
    r"(?:(?P<part>early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of)[\s-]+(?:the\s+)?)?"
)
_YEAR_RE: Final = r"(?P<year>1[5-9]\d{2}|20\d{2}|2100)"
_DAY_RE: Final = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_EN_DATE_PATTERNS: Final = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?<![\d/.-])(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d/.-]\d)",
        rf"(?<![\w-]){_PART_RE}{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?(?![\w-])",
        rf"(?<![\w-]){_PART_RE}{_DAY_RE}(?:\s+of)?\s+{_MONTH_RE}(?:,?\s+{_YEAR_RE})?(?![\w-])",
        rf"(?<![\w-]){_PART_RE}{_MONTH_RE},?\s+{_YEAR_RE}(?![\w-])",
    )
)
_EN_MONTH_ALONE: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}(?P<mon>january|february|march|april|may|june|july|august|september"
    r"|october|november|december)(?![\w-])",
    re.IGNORECASE,
)
_EN_BARE_YEAR: Final = re.compile(
    rf"(?<![\w$€£₩.,/-]){_PART_RE}{_YEAR_RE}(?![\w%°/-]|[.,]\d)", re.IGNORECASE
)
_EN_DATE_PREPOSITIONS: Final = _words(
    """
    in since by of from until till to before after during around circa between and early mid
    late fiscal fy spring summer autumn fall winter as
    """
)
# Before these a four-digit number is a year even when a noun follows ("by 2050 temperatures").
_EN_YEAR_PREPOSITIONS: Final = _words("in since by until till during circa")
_EN_RELATIVE: Final = re.compile(
    rf"(?<![\w-]){_PART_RE}(?P<rel>last|this|next|previous)\s+(?P<unit>year|month|week)(?![\w-])"
    r"|(?<![\w-])(?P<day_word>yesterday|today|tomorrow)(?![\w-])"
    r"|(?<![\w-])(?P<rel_m>last|this|next)\s+(?P<mon>january|february|march|april|may|june|july"
    r"|august|september|october|november|december)(?![\w-])",
    re.IGNORECASE,
)

_KO_PART_RE: Final = (
    r"(?:\s*(?P<kpart>초순|초|중순|하순|상순|말)(?=에|께|경|쯤|까지|부터|엔|[^가-힣]|$))?"
)
# fmt: off
_KO_PARTS: Final = {
    "초": "early", "초순": "early", "상순": "early", "중순": "mid", "하순": "late",
    "말": "late",
}
# fmt: on
_KO_DATE_PATTERNS: Final = tuple(
    re.compile(p)
    for p in (
        r"(?P<year>\d{4})\s*년\s*(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일",
        rf"(?P<year>\d{{4}})\s*년\s*(?P<month>\d{{1,2}})\s*월{_KO_PART_RE}",
        rf"(?P<year>\d{{4}})\s*년(?:도)?{_KO_PART_RE}",
    )
)
_KO_MONTH_DAY: Final = re.compile(
    rf"(?<![\d.])(?P<month>\d{{1,2}})\s*월\s*(?P<day>\d{{1,2}})\s*일"
    rf"|(?<![\d.])(?P<month_only>\d{{1,2}})\s*월(?!요일|급|세){_KO_PART_RE}"
)
_KO_DAY_ONLY: Final = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\s*일(?=[은는이에의도부까]|[^가-힣]|$)"
)
# fmt: off
_KO_RELATIVE_YEARS: Final = {
    "재작년": -2, "지난해": -1, "지난 해": -1, "작년": -1, "올해": 0, "금년": 0, "내년": 1,
}
_KO_RELATIVE_MONTHS: Final = {
    "지난달": -1, "지난 달": -1, "이번 달": 0, "이번달": 0, "이달": 0, "다음 달": 1,
    "다음달": 1,
}
_KO_RELATIVE_WEEKS: Final = {
    "지난주": -7, "지난 주": -7, "이번 주": 0, "이번주": 0, "금주": 0, "다음 주": 7,
    "다음주": 7,
}
# fmt: on
_KO_RELATIVE_DAYS: Final = {"그제": -2, "그저께": -2, "어제": -1, "오늘": 0, "내일": 1}


def _alternation(words: Mapping[str, int]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s?") for w in sorted(words, key=len, reverse=True)
    )


_KO_RELATIVE: Final = re.compile(
    rf"(?<![{_H}])(?:(?P<ry>{_alternation(_KO_RELATIVE_YEARS)})"
    rf"(?:\s*(?P<ry_month>\d{{1,2}})\s*월(?:\s*(?P<ry_day>\d{{1,2}})\s*일)?)?"
    rf"|(?P<rm>{_alternation(_KO_RELATIVE_MONTHS)})(?:\s*(?P<rm_day>\d{{1,2}})\s*일)?"
    rf"|(?P<rw>{_alternation(_KO_RELATIVE_WEEKS)})"
    rf"|(?P<rd>{_alternation(_KO_RELATIVE_DAYS)}))" + _KO_PART_RE
)


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _english_part(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.casefold()
    if raw == "early" or "start" in raw or "beginning" in raw:
        return "early"
    if raw == "mid" or "middle" in raw:
        return "mid"
    return "late"


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not 1000 <= year <= 2999:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if not 1 <= day <= 31:
            return False
        if year is not None and month is not None and day > _month_length(year, month):
            return False
    return True


def _extract_dates(text: str, mask: _Mask, reference: date | None) -> list[tuple[int, DateRef]]:
    found: list[tuple[int, DateRef]] = []

    def add(
        m: re.Match[str], year: int | None, month: int | None, day: int | None, part: str | None
    ) -> None:
        if _valid(year, month, day):
            found.append((m.start(), DateRef(year, month, day, part, m.group().strip())))
        mask.take(m.start(), m.end())

    def groups(m: re.Match[str], *names: str) -> list[int | None]:
        index = m.re.groupindex
        return [int(m[n]) if n in index and m[n] else None for n in names]

    for pattern in _EN_DATE_PATTERNS:
        for m in pattern.finditer(text):
            if not mask.free(m.start(), m.end()):
                continue
            year, day = groups(m, "year", "day")
            month = groups(m, "month")[0] if "month" in m.re.groupindex else None
            if month is None:
                month = _MONTHS[m["mon"][:3].casefold()]
                if not _month_word_ok(m["mon"], bool(day or year)):
                    continue
            add(m, year, month, day, _english_part(m.groupdict().get("part")))

    for pattern in _KO_DATE_PATTERNS:
        for m in pattern.finditer(text):
            if mask.free(m.start(), m.end()):
                year, month, day = groups(m, "year", "month", "day")
                add(m, year, month, day, _KO_PARTS.get(m.groupdict().get("kpart") or ""))

    for m in _EN_RELATIVE.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        if reference is None:
            mask.take(m.start(), m.end())  # unresolved: keep its digits away from the numbers
            continue
        part = _english_part(m["part"])
        if m["day_word"]:
            delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["day_word"].casefold()]
            d = reference + timedelta(days=delta)
            add(m, d.year, d.month, d.day, None)
        elif m["rel_m"]:
            month = _MONTHS[m["mon"][:3].casefold()]
            rel = m["rel_m"].casefold()
            year = reference.year
            if rel == "last" and month >= reference.month:
                year -= 1
            elif rel == "next" and month <= reference.month:
                year += 1
            add(m, year, month, None, None)
        else:
            step = {"last": -1, "previous": -1, "this": 0, "next": 1}[m["rel"].casefold()]
            unit = m["unit"].casefold()
            if unit == "year":
                add(m, reference.year + step, None, None, part)
            elif unit == "month":
                year, month = _shift_month(reference.year, reference.month, step)
                add(m, year, month, None, part)
            else:
                d = reference + timedelta(days=7 * step)
                add(m, d.year, d.month, None, None)

    for m in _KO_RELATIVE.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        if reference is None:
            mask.take(m.start(), m.end())
            continue
        part = _KO_PARTS.get(m["kpart"] or "")
        if m["ry"]:
            year = reference.year + _KO_RELATIVE_YEARS[_squash(m["ry"], _KO_RELATIVE_YEARS)]
            month, day = groups(m, "ry_month", "ry_day")
            add(m, year, month, day, part)
        elif m["rm"]:
            delta = _KO_RELATIVE_MONTHS[_squash(m["rm"], _KO_RELATIVE_MONTHS)]
            year, month = _shift_month(reference.year, reference.month, delta)
            add(m, year, month, groups(m, "rm_day")[0], part)
        elif m["rw"]:
            d = reference + timedelta(days=_KO_RELATIVE_WEEKS[_squash(m["rw"], _KO_RELATIVE_WEEKS)])
            add(m, d.year, d.month, None, None)
        else:
            d = reference + timedelta(days=_KO_RELATIVE_DAYS[_squash(m["rd"], _KO_RELATIVE_DAYS)])
            add(m, d.year, d.month, d.day, None)

    for m in _KO_MONTH_DAY.finditer(text):
        if mask.free(m.start(), m.end()):
            if m["month_only"]:
                add(m, None, int(m["month_only"]), None, _KO_PARTS.get(m["kpart"] or ""))
            else:
                add(m, None, int(m["month"]), int(m["day"]), None)

    for m in _EN_MONTH_ALONE.finditer(text):
        if not mask.free(m.start(), m.end()) or not _month_word_ok(m["mon"], False):
            continue
        if m["mon"].casefold() in ("may", "march") and not (
            m["part"] or _after_preposition(text, m)
        ):
            continue  # sentence-initial "May" is the verb
        add(m, None, _MONTHS[m["mon"][:3].casefold()], None, _english_part(m["part"]))

    if reference is not None:
        for m in _KO_DAY_ONLY.finditer(text):
            if mask.free(m.start(), m.end()):
                day = int(m["day"])
                year, month = reference.year, reference.month
                if day > reference.day:
                    # A news text's bare "11일" is this month's 11th unless that is still ahead.
                    year, month = _shift_month(year, month, -1)
                add(m, year, month, day, None)

    for m in _EN_BARE_YEAR.finditer(text):
        if mask.free(m.start(), m.end()) and (m["part"] or _looks_like_year(text, m)):
            add(m, int(m["year"]), None, None, _english_part(m["part"]))

    # The same date said twice is one fact.
    unique: dict[tuple[int | None, int | None, int | None, str | None], tuple[int, DateRef]] = {}
    for start, ref in found:
        unique.setdefault((ref.year, ref.month, ref.day, ref.part), (start, ref))
    return list(unique.values())


def _squash(found: str, table: Mapping[str, int]) -> str:
    if found in table:
        return found
    compact = re.sub(r"\s+", "", found)
    for key in table:
        if re.sub(r"\s+", "", key) == compact:
            return key
    return found


def _month_word_ok(word: str, has_number: bool) -> bool:
    """Month words that double as common words count only when they look like dates."""
    lower = word.rstrip(".").casefold()
    if lower in ("may", "march"):
        return word[0].isupper()  # "may" and "march" are verbs too
    return has_number or lower in _FULL_MONTHS  # "Mar", "Dec" only beside a number


_YEAR_RANGE_START: Final = re.compile(r"(?:1[5-9]|20)\d{2}\s*[-–—]\s*$")
_NEXT_WORD: Final = re.compile(r"\s+([A-Za-z]+)")
_PREV_WORD: Final = re.compile(r"([A-Za-z]+)\W*$")


def _previous_word(text: str, m: re.Match[str]) -> str:
    prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
    return prev.group(1).casefold() if prev else ""


def _after_preposition(text: str, m: re.Match[str]) -> bool:
    return _previous_word(text, m) in _EN_DATE_PREPOSITIONS


def _looks_like_year(text: str, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless a counted noun follows ("2000 people")."""
    if _previous_word(text, m) in _EN_YEAR_PREPOSITIONS or _YEAR_RANGE_START.search(
        text, max(0, m.start() - 8), m.start()
    ):
        return True
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt is None:
        return True
    word = nxt.group(1)
    return word[0].isupper() or word.casefold() in _EN_STOPWORDS


# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    types: dict[str, str]
    located_in: dict[str, str]
    lookup: dict[str, str]  # squashed alias -> key
    latin: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    hangul: re.Pattern[str] | None
    # Casefolded Latin aliases of 4+ characters, by word count: a one-word span is only ever
    # compared with one-word aliases ("Stability" is not a typo of "Stability AI").
    fuzzy_choices: dict[int, list[str]]
    fuzzy_keys: dict[int, list[str]]


def _squash_alias(alias: str) -> str:
    return re.sub(r"\s+", "", alias.casefold())


def _alias_pattern(alias: str, hangul: bool) -> str:
    # Spaces inside Korean names are often dropped ("일론머스크"); Latin ones may stretch.
    return re.escape(alias).replace(r"\ ", r"\s?" if hangul else r"\s+")


@cache
def _gazetteer() -> _Gazetteer:
    raw: dict[str, dict[str, Any]] = json.loads(_ENTITIES_PATH.read_text(encoding="utf-8"))
    types: dict[str, str] = {}
    located: dict[str, str] = {}
    lookup: dict[str, str] = {}
    latin: list[str] = []
    exact: list[str] = []
    hangul: list[str] = []
    for key, entry in raw.items():
        types[key] = str(entry["type"])
        if entry.get("located_in"):
            located[key] = str(entry["located_in"])
        for alias in entry.get("aliases", []):
            lookup[_squash_alias(alias)] = key
            (hangul if re.search(f"[{_H}]", alias) else latin).append(alias)
        for alias in entry.get("exact", []):
            lookup[_squash_alias(alias)] = key
            exact.append(alias)

    def compile_group(
        aliases: list[str], template: str, flags: int, is_hangul: bool
    ) -> re.Pattern[str] | None:
        if not aliases:
            return None
        body = "|".join(
            _alias_pattern(a, is_hangul) for a in sorted(set(aliases), key=len, reverse=True)
        )
        return re.compile(template.format(body=body), flags)

    particles = "|".join(sorted(_KO_PARTICLES, key=len, reverse=True))
    fuzzy: dict[int, list[str]] = {}
    for alias in sorted({a.casefold() for a in latin if len(a) >= 4}):
        fuzzy.setdefault(len(alias.split()), []).append(alias)
    return _Gazetteer(
        types=types,
        located_in=located,
        lookup=lookup,
        latin=compile_group(
            latin, r"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE, False
        ),
        # Case-sensitive forms are short ("X", "US"): keep them off hyphenated words ("X-ray"),
        # product names ("Model X") and abbreviations.
        exact=compile_group(
            exact,
            r"(?<![A-Za-z0-9\-./&])(?<!Model )(?<!Generation )(?<!Gen )(?<!OS )(?<!Series )"
            r"(?:{body})(?![A-Za-z0-9\-/&]|\.[A-Za-z0-9])",
            0,
            False,
        ),
        hangul=compile_group(
            hangul,
            rf"(?<![{_H}A-Za-z0-9])(?:{{body}})(?=(?:{particles})?(?![{_H}]))",
            re.IGNORECASE,
            True,
        ),
        fuzzy_choices=fuzzy,
        fuzzy_keys={n: [lookup[_squash_alias(a)] for a in aliases] for n, aliases in fuzzy.items()},
    )


_CAP_WORD: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’.-][A-Za-z0-9]+)*")
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n)$")
_NAME_CONNECTORS: Final = frozenset({"of", "the", "for", "de", "du", "la", "von", "van"})
_NOT_NAMES: Final = _words(
    """
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday i
    """
)


def _fuzzy_key(span: str, gazetteer: _Gazetteer) -> str | None:
    """Resolve a capitalised span with a typo ("Grock", "Elon Muks", "OpenIA") to an alias key."""
    query = " ".join(span.casefold().split())
    words = len(query.split())
    choices = gazetteer.fuzzy_choices.get(words)
    if len(query) < 4 or query in _EN_STOPWORDS or not choices:
        return None
    best = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=85)
    index = best[2] if best is not None else None
    if index is None and len(query) >= 6:
        # Indel ratio counts a swapped pair twice ("OpenIA" scores 83); allow one transposition
        # or edit on longer names, where a single slip cannot turn one word into another.
        index = next((i for i, c in enumerate(choices) if OSA.distance(query, c) <= 1), None)
    if index is None or choices[index][0] != query[0]:
        return None
    alias = choices[index]
    if alias.startswith(query) or query.startswith(alias):
        return None  # "European" is not "Europe", nor "Space" "SpaceX": a slip is inside a word
    return gazetteer.fuzzy_keys[words][index]


def _extract_entities(text: str, language: str) -> list[tuple[int, int, Entity]]:
    gazetteer = _gazetteer()
    candidates: list[tuple[int, int, str]] = []
    for pattern in (gazetteer.latin, gazetteer.exact, gazetteer.hangul):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            key = gazetteer.lookup.get(_squash_alias(m.group()))
            if key is not None:
                candidates.append((m.start(), m.end(), key))
    # Longest match wins ("San Francisco Superior Court" over "San Francisco").
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    mask = _Mask(len(text))
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, key in candidates:
        if mask.free(start, end):
            mask.take(start, end)
            chosen.append((start, end, key, gazetteer.types[key]))

    for run in _capitalised_runs(text, mask):
        for start, end, span in _subspans(text, run):
            if not mask.free(start, end):
                continue
            key = _fuzzy_key(span, gazetteer)
            if key is not None:
                mask.take(start, end)
                chosen.append((start, end, key, gazetteer.types[key]))

    if language == "en" and not _title_case(text):
        for run in _capitalised_runs(text, mask):
            words = list(run)
            if words and _SENTENCE_START.search(text, max(0, words[0][0] - 4), words[0][0]):
                words = words[1:]
            while words and words[0][2].casefold() in _NAME_CONNECTORS:
                words = words[1:]
            while words and words[-1][2].casefold() in _NAME_CONNECTORS:
                words = words[:-1]
            if sum(1 for w in words if w[2][0].isupper()) >= 2:
                start, end = words[0][0], words[-1][1]
                surface = text[start:end]
                chosen.append((start, end, " ".join(surface.casefold().split()), "other"))

    chosen.sort()
    entities = [(s, e, Entity(key, kind, text[s:e])) for s, e, key, kind in chosen]
    # Places an entity implies ("San Francisco Superior Court" is in San Francisco) come last,
    # so position-based readers find the real mentions first.
    implied: list[tuple[int, int, Entity]] = []
    seen = {entity.key for _, _, entity in entities}
    for start, end, entity in entities:
        parent = gazetteer.located_in.get(entity.key)
        while parent is not None and parent not in seen:
            seen.add(parent)
            implied.append((start, end, Entity(parent, gazetteer.types[parent], entity.text)))
            parent = gazetteer.located_in.get(parent)
    return entities + implied


def _title_case(text: str) -> bool:
    """Headline-style text capitalises every word, so capitals say nothing about names."""
    words = [w for w in _CAP_WORD.findall(text) if w.casefold() not in _EN_STOPWORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _capitalised_runs(text: str, mask: _Mask) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of adjacent capitalised Latin words (connectors allowed inside) not yet claimed."""
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _CAP_WORD.finditer(text):
        word = m.group()
        capital = any(c.isupper() for c in word) and word.casefold() not in _NOT_NAMES
        connector = word in _NAME_CONNECTORS and bool(run)
        adjacent = last_end >= 0 and text[last_end : m.start()] == " "
        usable = mask.free(m.start(), m.end()) and (capital or connector)
        if run and not (usable and adjacent):
            yield run
            run = []
        if usable and (capital or run):
            if capital and word.casefold() in _EN_STOPWORDS and not run:
                last_end = m.end()
                continue
            run.append((m.start(), m.end(), word))
        last_end = m.end()
    if run:
        yield run


def _subspans(text: str, run: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Contiguous sub-runs, longest first, up to three words."""
    for size in range(min(3, len(run)), 0, -1):
        for i in range(len(run) - size + 1):
            start, end = run[i][0], run[i + size - 1][1]
            yield start, end, text[start:end]


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

# fmt: off
_CURRENCY_SYMBOLS: Final = {
    "us$": "usd", "$": "usd", "€": "eur", "£": "gbp", "₩": "krw", "¥": "jpy",
}
# fmt: on
_KO_SCALES: Final = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}
# fmt: off
_EN_SCALE_SUFFIX: Final = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
_EN_UNIT_WORDS: Final = {
    "percent": "percent", "per cent": "percent", "percentage points": "percentage_points",
    "dollars": "usd", "dollar": "usd", "usd": "usd", "euros": "eur", "euro": "eur",
    "eur": "eur", "pounds sterling": "gbp", "won": "krw", "krw": "krw", "yen": "jpy",
    "yuan": "cny", "people": "people", "persons": "people", "person": "people",
    "individuals": "people", "degrees celsius": "celsius", "degrees fahrenheit": "fahrenheit",
    "°c": "celsius", "°f": "fahrenheit", "ppm": "ppm",
}
_KO_UNITS: Final = {
    "달러": "usd", "원": "krw", "유로": "eur", "엔": "jpy", "위안": "cny", "파운드": "gbp",
    "명": "people", "개국": "countries", "개": "items", "마리": "animals", "퍼센트": "percent",
    "프로": "percent", "배": "times", "건": "cases", "톤": "tonnes", "세": "age",
    "도": "degrees",
}
# fmt: on
_KNOWN_UNITS: Final = frozenset(_EN_UNIT_WORDS.values()) | frozenset(_KO_UNITS.values())

_NUMBER: Final = re.compile(
    r"(?P<q>(?:about|around|roughly|approximately|nearly|almost|some|over|more\s+than|"
    r"less\s+than|under|at\s+least|up\s+to|약|대략|거의|최소|최대|(?<!\d)~)\s*)?"
    r"(?P<cur>US\$|\$|€|£|₩|¥)?\s?"
    r"(?<![A-Za-z0-9_.,])(?<![A-Za-z]-)"
    r"(?P<body>(?:\d[\d,]*(?:\.\d+)?\s?[조억만천]\s?)+(?:\d[\d,]*(?:\.\d+)?)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|tn|k|m|b)(?![A-Za-z]))?"
    r"(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?",
    re.IGNORECASE,
)
_NUMBER_WORDS: Final = re.compile(
    rf"(?<![\w-])(?P<q>(?:about|around|roughly|approximately|nearly|almost|some|over|more\s+than"
    rf"|less\s+than|at\s+least|up\s+to)\s+)?"
    rf"(?P<words>(?:a\s+(?=hundred|thousand|million|billion|trillion|dozen))?"
    rf"(?:{_EN_NUMBER_WORD}|hundred|thousand|million|billion|trillion|dozen)"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_EN_NUMBER_WORD}|hundred|thousand|million|billion|trillion))*)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_KO_NUMBER_WORDS: Final = re.compile(
    rf"(?<![{_H}])(?P<w>다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)\s?(?P<u>명|개|마리)"
    rf"(?=(?:{'|'.join(_KO_PARTICLES)})?(?![{_H}]))"
)
_UNIT_AFTER: Final = re.compile(
    r"\s?(?P<u>percentage\s+points|per\s+cent|percent|pounds\s+sterling|degrees\s+(?:celsius|"
    r"fahrenheit)|°[cf]|[A-Za-z]+)",
    re.IGNORECASE,
)
_KO_UNIT_AFTER: Final = re.compile(
    rf"\s?(?P<u>{'|'.join(sorted(_KO_UNITS, key=len, reverse=True))})"
    rf"(?=(?:{'|'.join(_KO_PARTICLES)})?(?![{_H}])|어치)"
)
_ORDINAL_SUFFIX: Final = re.compile(r"(?:st|nd|rd|th|s)\b", re.IGNORECASE)


def _significant_digits(text: str) -> int:
    # "10,000" -> 1, "10,373" -> 5, "3.5" -> 2: round figures are likely rounded.
    return len(re.sub(r"\D", "", text).strip("0"))


def _parse_body(body: str) -> float:
    value = 0.0
    for number, scale in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s?([조억만천]?)", body):
        value += float(number.replace(",", "")) * _KO_SCALES.get(scale, 1.0)
    return value


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    m = _KO_UNIT_AFTER.match(text, end)
    if m:
        return _KO_UNITS[m["u"]], m.end("u")
    m = _UNIT_AFTER.match(text, end)
    if not m:
        return None, end
    word = " ".join(m["u"].casefold().split())
    if word in _EN_UNIT_WORDS:
        return _EN_UNIT_WORDS[word], m.end("u")
    if word in _EN_STOPWORDS or word in _FULL_MONTHS or not m["u"].islower():
        return None, end
    # Any other counted noun is its own unit ("1,250 bears"): comparable only with itself.
    return _stem_en(word), m.end("u")


def _extract_numbers(text: str, mask: _Mask) -> list[tuple[int, Quantity]]:
    found: list[tuple[int, int, Quantity]] = []
    for m in _NUMBER.finditer(text):
        start = m.start("cur") if m["cur"] else m.start("body")
        if not mask.free(m.start("body"), m.end("body")):
            continue
        end = m.end()
        abbr = (m["abbr"] or "").casefold()
        if abbr in ("k", "m", "b") and not m["cur"]:
            # "5m" is as likely metres as millions; only money makes the letter a scale.
            end, abbr = m.end("body"), ""
        if _ORDINAL_SUFFIX.match(text, m.end("body")) and not (m["scale"] or abbr or m["pct"]):
            continue  # "4th", "1960s"
        if end < len(text) and text[end].isascii() and text[end].isalpha() and not m["pct"]:
            continue  # part of a token: "H100", "3D", "CO2e"
        value = _parse_body(m["body"])
        if m["scale"] or abbr:
            value *= _EN_SCALE_SUFFIX[(m["scale"] or abbr).casefold()]
        unit: str | None = None
        if m["cur"]:
            unit = _CURRENCY_SYMBOLS[m["cur"].casefold()]
        if m["pct"]:
            unit = "percent"
        else:
            after, unit_end = _unit_after(text, end)
            if after is not None and (unit is None or after == unit):
                unit, end = after, unit_end
        if m["q"]:
            start = m.start()
        found.append((start, end, Quantity(value, unit, text[start:end].strip(), bool(m["q"]))))
        mask.take(m.start("body"), end)

    for m in _NUMBER_WORDS.finditer(text):
        if not mask.free(m.start(), m.end()):
            continue
        counted = _words_value(m["words"])
        unit, end = _unit_after(text, m.end())
        if counted is None or (counted == 1 and unit not in _KNOWN_UNITS):
            continue  # "one" is a pronoun ("no one came") far more often than a count
        quantity = Quantity(counted, unit, text[m.start() : end], bool(m["q"]))
        found.append((m.start(), end, quantity))
        mask.take(m.start(), end)

    for m in _KO_NUMBER_WORDS.finditer(text):
        if mask.free(m.start(), m.end()):
            value = float(_KO_NATIVE[m["w"]])
            found.append((m.start(), m.end(), Quantity(value, _KO_UNITS[m["u"]], m.group())))
            mask.take(m.start(), m.end())
    return _share_range_units(text, found)


_RANGE_JOINER: Final = re.compile(r"\s*(?:to|and|or|–|—|-|~|±|\+/-|에서|부터)\s*$", re.IGNORECASE)


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
        if word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "dozen":
            current = max(current, 1.0) * 12
        elif word == "hundred":
            current = max(current, 1.0) * 100
        elif word in _EN_SCALES:
            total += max(current, 1.0) * _EN_SCALES[word]
            current = 0.0
        else:
            return None
    return total + current


# --------------------------------------------------------------------------------------------
# Negation
# --------------------------------------------------------------------------------------------

_EN_NEGATION: Final = re.compile(
    r"\b(?:not|never|no|none|neither|nor|without|cannot|nobody|nothing|nowhere|"
    r"fail(?:s|ed)?\s+to|den(?:y|ies|ied|ying))\b|n['’]t\b",
    re.IGNORECASE,
)
# Fixed phrases whose negative word does not negate the statement.
_EN_NOT_NEGATION: Final = re.compile(
    r"(?:not\s+only|not\s+just|not\s+to\s+mention|no\s+doubt|no\s+less|no\s+sooner|"
    r"nothing\s+but|no\.\s*\d|no\s+\d)",
    re.IGNORECASE,
)
_KO_NEGATION: Final = re.compile(
    rf"않|(?<![{_H}])안(?=\s+[{_H}])|(?<![{_H}])못(?=\s*[{_H}])|아니|아닌|아님|아냐|아닙"
    r"|없(?=[다었는이을으고음지던]|$)|말았"
)
# Words built on a negative morpheme that assert rather than deny ("틀림없다" = certainly).
_KO_NOT_NEGATION: Final = _split(
    "끊임없 틀림없 어김없 다름없 변함없 상관없 관계없 "
    "쓸데없 그지없 하염없 거침없 여지없 못지않 마지않"
)


def _extract_negations(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for m in _EN_NEGATION.finditer(text):
        if _EN_NOT_NEGATION.match(text, m.start()):
            continue
        before = text[max(0, m.start() - 16) : m.start()]
        if m.group().casefold() == "not" and re.search(r"\bwhether\s+or\s+$", before):
            continue
        found.append((m.start(), m.group()))
    for m in _KO_NEGATION.finditer(text):
        word_start = max(text.rfind(" ", 0, m.start()) + 1, 0)
        word = text[word_start : m.end() + 2]
        if any(fixed in word for fixed in _KO_NOT_NEGATION):
            continue
        before = text[max(0, m.start() - 8) : m.start()]
        if m.group() == "아니" and re.search(r"뿐\s*만?\s*$", before):
            continue  # "뿐만 아니라" = not only
        if text.startswith("없이", m.start()) and re.search(
            r"수\s*$", text[max(0, word_start - 4) : word_start]
        ):
            continue  # "어쩔 수 없이" = unavoidably
        found.append((m.start(), m.group()))
    return found


# --------------------------------------------------------------------------------------------
# Predicates
# --------------------------------------------------------------------------------------------

_LAWSUIT: Final = r"(?:lawsuit|suit|legal\s+action|legal\s+challenge|complaint|case|claim)s?"
_DETERMINER: Final = r"(?:(?:a|an|the|his|her|its|their|this|that)\s+)?(?:\w+\s+)?"

# axis -> polarity -> (English word forms, Korean stems). English forms are regex fragments
# matched case-insensitively between word boundaries; Korean stems match inside words.
_PREDICATE_LEXICON: Final[dict[str, dict[int, tuple[tuple[str, ...], tuple[str, ...]]]]] = {
    "legal_action": {
        1: (
            (
                r"su(?:e|es|ed|ing)",
                rf"(?:file[sd]?|filing|launch(?:es|ed|ing)?|br(?:ing|ings|ought))\s+"
                rf"{_DETERMINER}{_LAWSUIT}",
                r"lawsuits?",
            ),
            (r"소송(?:을|이)?\s*(?:제기|냈|걸)", "고소", "제소", "소송", "고발"),
        ),
        -1: (
            (
                rf"(?:drop(?:s|ped|ping)?|withdr(?:aw|aws|awn|ew|awing)|abandon(?:s|ed|ing)?)\s+"
                rf"{_DETERMINER}{_LAWSUIT}",
            ),
            (r"(?:소송|고소|소)(?:을|를)?\s*취하", "취하"),
        ),
    },
    "launch": {
        1: (
            (
                r"launch(?:es|ed|ing)?",
                r"releas(?:e|es|ed|ing)",
                r"unveil(?:s|ed|ing)?",
                r"introduc(?:e|es|ed|ing)",
                r"debut(?:s|ed|ing)?",
                r"roll(?:s|ed|ing)?\s+out",
                r"open[\s-]?sourc(?:e|es|ed|ing)",
            ),
            ("출시", "선보", "(?<!비)공개", "오픈소스화", "내놓"),
        ),
        -1: (
            (
                r"cancel(?:s|led|ed|ling|ing|lation)?",
                r"scrap(?:s|ped|ping)?",
                r"withdr(?:aw|aws|awn|ew|awing)",
                r"shut(?:s|ting)?\s+down",
                r"discontinu(?:e|es|ed|ing)",
            ),
            ("취소", "철회", "중단", "폐쇄", "종료"),
        ),
    },
    # Founding has no opposite: a founder can leave later, and "never left" is not "founded".
    "founding": {
        1: (
            (
                r"found(?:ed|ing)",
                r"founders?",
                r"co-?found(?:s|ed|ing|ers?)?",
                r"establish(?:es|ed|ing)?",
                r"set\s+up",
            ),
            ("설립", "창업", "창립"),
        ),
    },
    "membership": {
        1: (
            (r"join(?:s|ed|ing)?",),
            ("합류", "가입", "입사", "취임"),
        ),
        -1: (
            (
                r"leav(?:e|es|ing)",
                r"(?<!the\s)left(?!-|\s+(?:wing|hand|side|behind|over|out)\b)",
                r"quit(?:s|ting)?",
                r"resign(?:s|ed|ing|ation)?",
                r"step(?:s|ped|ping)?\s+down",
                r"depart(?:s|ed|ing|ure)",
                r"exit(?:s|ed|ing)?",
            ),
            (
                "물러나",
                "물러났",
                "물러난",
                "떠나",
                "떠났",
                "떠난",
                "사임",
                "사퇴",
                "탈퇴",
                "퇴사",
                "하차",
            ),
        ),
    },
    "change": {
        1: (
            (
                r"increas(?:e|es|ed|ing)",
                r"ris(?:e|es|ing)|rose|risen",
                r"grow(?:s|ing|n|th)?|grew",
                r"climb(?:s|ed|ing)?",
                r"surg(?:e|es|ed|ing)",
                r"soar(?:s|ed|ing)?",
                r"expand(?:s|ed|ing)?",
            ),
            (
                "증가",
                "상승",
                "늘어",
                "늘었",
                "늘고",
                "늘린",
                "늘려",
                "성장",
                "확대",
                "급등",
                "급증",
            ),
        ),
        -1: (
            (
                r"decreas(?:e|es|ed|ing)",
                r"fall(?:s|ing|en)?|fell",
                r"declin(?:e|es|ed|ing)",
                r"drop(?:s|ped|ping)?",
                r"shr(?:ink|inks|ank|unk|inking)",
                r"plung(?:e|es|ed|ing)",
                r"reduc(?:e|es|ed|ing|tion)",
            ),
            (
                "감소",
                "하락",
                "줄어",
                "줄었",
                "줄고",
                "줄인",
                "줄여",
                "축소",
                "급감",
                "급락",
                "떨어",
            ),
        ),
    },
    "support": {
        1: (
            (
                r"support(?:s|ed|ing|ive)?",
                r"favou?r(?:s|ed|ing)?",
                r"prefer(?:s|red|ring)?",
                r"endors(?:e|es|ed|ing)",
                r"advocat(?:e|es|ed|ing)",
            ),
            ("지지", "선호", "찬성", "옹호"),
        ),
        -1: (
            (
                r"oppos(?:e|es|ed|ing|ition)",
                r"reject(?:s|ed|ing)?",
                r"critici[sz](?:e|es|ed|ing)",
                r"condemn(?:s|ed|ing)?",
                r"denounc(?:e|es|ed|ing)",
                r"dislik(?:e|es|ed|ing)",
                r"hat(?:e|es|ed|ing)",
            ),
            ("반대", "비판", "거부", "반발", "반박", "싫어"),
        ),
    },
    # Who made something: "developed by xAI" against "developed by OpenAI" is a swapped maker.
    "develop": {
        1: (
            (
                r"develop(?:s|ed|ing)?(?!\s+(?:countr|nation|econom|world))",
                r"built\s+by",
                r"made\s+by",
                r"creat(?:ed|es)\s+by",
            ),
            ("개발(?:한|했|하|된|해)", "만든"),
        ),
    },
    # Agreements and contracts; "no agreement" is its negation, not an opposite verb.
    "agreement": {
        1: (
            (
                r"agree(?:s|d|ing|ment|ments)?",
                r"contracts?",
                r"deals?",
                r"pacts?",
            ),
            ("합의", "계약", "협약", "약속"),
        ),
    },
    # Temporal order is an axis too: "a month before" against "a month after".
    "order": {
        1: (
            (r"before", r"prior\s+to", r"earlier(?!\s+(?:this|last|next|that|in)\b)"),
            ("앞서", rf"(?<![{_H}])(?:이)?전에", rf"(?<![{_H}])이전", "먼저"),
        ),
        -1: (
            (r"after(?!\s+all\b)", r"later(?!\s+(?:this|that|in)\b)", r"afterwards"),
            (
                rf"(?<![{_H}])(?:뒤|후)(?:에|로)?(?![{_H}])",
                rf"(?<![{_H}])이후",
                r"(?<=[\s년월일주달])만(?:에|으로|이다|이었다)",
                "나중에",
            ),
        ),
    },
}
_PREDICATE_PATTERNS: Final = tuple(
    (
        axis,
        polarity,
        re.compile(rf"\b(?:{'|'.join(english)})\b|{'|'.join(korean)}", re.IGNORECASE),
    )
    for axis, by_polarity in _PREDICATE_LEXICON.items()
    for polarity, (english, korean) in by_polarity.items()
)


def _extract_predicates(text: str) -> list[tuple[int, Predicate]]:
    candidates: list[tuple[int, int, str, int]] = []
    for axis, polarity, pattern in _PREDICATE_PATTERNS:
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.end(), axis, polarity))
    # Longest wins, so "dropped the lawsuit" is legal_action -1 and not change -1 plus +1.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    mask = _Mask(len(text))
    found: list[tuple[int, Predicate]] = []
    for start, end, axis, polarity in candidates:
        if mask.free(start, end):
            mask.take(start, end)
            found.append((start, Predicate(axis, polarity, text[start:end])))
    return found


# --------------------------------------------------------------------------------------------
# parse
# --------------------------------------------------------------------------------------------


def _ordered(items: list[tuple[int, _T]]) -> tuple[_T, ...]:
    return tuple(item for _, item in sorted(items, key=lambda pair: pair[0]))


def parse(text: str, language: str | None = None, reference_date: date | None = None) -> ParsedText:
    """Extract numbers, dates, durations, entities, negation cues and predicates from `text`.

    `reference_date` is the date the text was written; relative expressions ("지난해", "last
    month", "11일") resolve against it and are left out when it is not given.
    """
    text = normalize_text(text)
    language = language or detect_language(text)
    mask = _Mask(len(text))
    durations = _extract_durations(text, mask)
    dates = _extract_dates(text, mask, reference_date)
    entities = _extract_entities(text, language)
    for start, end, _ in entities:
        mask.take(start, end)
    numbers = _extract_numbers(text, mask)

    return ParsedText(
        text=text,
        language=language,
        numbers=_ordered(numbers),
        dates=_ordered(dates),
        durations=_ordered(durations),
        entities=tuple(entity for _, _, entity in entities),
        negations=_ordered(_extract_negations(text)),
        predicates=_ordered(_extract_predicates(text)),
    )
