"""How worth checking a sentence is: the signals of a checkable factual statement.

A sentence scores for numbers, dates, named entities, attributions ("said", "according to",
"밝혔다") and comparisons ("more than", "the largest", "보다", "가장"), in English and Korean;
questions, first-person opinion and fragments of a few words score low. `score()` squashes the
sum of the signals' weights into [0, 1]; `CHECK_WORTHY` is the score from which a sentence is
checked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from factdesk.engine.lang.en import signals as en
from factdesk.engine.lang.ko import signals as ko
from factdesk.engine.lang.scripts import HANGUL

CHECK_WORTHY = 0.5

_NUMBER = re.compile(
    rf"\d|\b({en.NUMBER_WORDS})\b|({ko.NUMERALS})\s?({ko.COUNTERS})",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(1[89]\d\d|20\d\d)\b|\b({en.MONTHS})\b|\b({en.RELATIVE_DATES})\b|"
    rf"\d+\s?({ko.DATE_UNITS})|({ko.RELATIVE_DATES})|"
    # durations: "a year after", "two months later", "한 달 뒤"
    rf"\b({en.DURATION_UNITS})\s+({en.DURATION_RELATIONS})\b|"
    rf"({ko.DURATION_UNITS})\s?({ko.DURATION_RELATIONS})",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(rf"\b({en.ATTRIBUTION})\b|({ko.ATTRIBUTION})", re.IGNORECASE)
_COMPARISON = re.compile(rf"\b({en.COMPARISON})\b|({ko.COMPARISON})", re.IGNORECASE)
_OPINION = re.compile(rf"\b({en.OPINION})\b|({ko.OPINION})", re.IGNORECASE)
# Named entities: capitalised words or acronyms not at the start of the sentence (English), and
# Latin-script names inside Korean text ("xAI", "CEO"), and quoted names (‘그록’).
_CAPITALISED = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z0-9&'-]+|\b[a-z]+[A-Z][A-Za-z0-9]*"  # and xAI, iPhone
)
_LATIN_IN_HANGUL = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_QUOTED_NAME = re.compile(r"[‘'\"“][^‘’'\"“”]{1,20}[’'\"”]")
_HANGUL = re.compile(f"[{HANGUL}]")
_WORD = re.compile(r"\w+")

_WEIGHTS = {
    "number": 0.5,
    "date": 0.6,
    "entity": 0.35,  # per entity, at most two
    "attribution": 0.35,
    "comparison": 0.3,
    "statement": 0.15,  # ends like a declarative sentence
}


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    """A sentence's score in [0, 1] and the signals found in it."""

    score: float
    signals: tuple[str, ...]


def _entities(text: str, korean: bool) -> int:
    if korean:
        names = {m.group(0) for m in _LATIN_IN_HANGUL.finditer(text)}
        names |= {m.group(0) for m in _QUOTED_NAME.finditer(text)}
        return len(names)
    return len({m.group(0) for m in _CAPITALISED.finditer(text)})


def score(sentence: str) -> Checkworthiness:
    """How worth checking `sentence` is, with the signals that made the score."""
    text = sentence.strip()
    korean = bool(_HANGUL.search(text))
    signals: list[str] = []
    total = 0.0
    for name, pattern in (
        ("number", _NUMBER),
        ("date", _DATE),
        ("attribution", _ATTRIBUTION),
        ("comparison", _COMPARISON),
    ):
        if pattern.search(text):
            signals.append(name)
            total += _WEIGHTS[name]
    entities = min(_entities(text, korean), 2)
    if entities:
        signals.append("entity")
        total += _WEIGHTS["entity"] * entities
    declarative = text.endswith(ko.DECLARATIVE_ENDINGS) if korean else text.endswith(".")
    if declarative:
        signals.append("statement")
        total += _WEIGHTS["statement"]
    factor = 1.0
    words = len(_WORD.findall(text))
    if text.endswith(("?", "？", *ko.QUESTION_ENDINGS)):
        signals.append("question")
        factor *= 0.3
    if words < (3 if korean else 4):
        signals.append("fragment")
        factor *= 0.2
    if _OPINION.search(text):
        signals.append("opinion")
        factor *= 0.5
    value = (1 - math.exp(-total)) * factor
    return Checkworthiness(round(value, 3), tuple(signals))
