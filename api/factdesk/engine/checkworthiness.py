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

CHECK_WORTHY = 0.5

_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|"
    r"dozen|half|twice|double|triple)\b|(한|두|세|네|다섯|여섯|열|백|천|만|억|조)\s?"
    r"(달|해|번|명|개|배|년|살|곳|차례|가지|주)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|"
    r"\b(yesterday|today|last (year|month|week)|this (year|month|week)|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b|\d+\s?(년|월|일)|"
    r"(지난해|작년|올해|지난달|이번 주|지난주|현지 시간|어제|오늘|내년)|"
    # durations: "a year after", "two months later", "한 달 뒤"
    r"\b(years?|months?|weeks?|days?|decades?)\s+(after|before|later|earlier|ago)\b|"
    r"(달|년|해|주|일)\s?(뒤|후|전|만)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|announced|announces|claimed|claims|stated|states|reported|"
    r"reports|according to|argued|argues|insisted|denied|denies|alleged|alleges|confirmed|"
    r"revealed|wrote|testified|estimated)\b|(밝혔|말했|주장했|발표|따르면|전했|강조했|설명했|"
    r"공언|반박했|분석|보고 있|했다고|라고|요구)",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(more|less|fewer|than|most|least|largest|biggest|smallest|highest|lowest|first|last|"
    r"only|record|compared|twice|double|half|percent|majority|minority|leads?|behind|ahead)\b|"
    r"(보다|가장|최대|최소|최초|처음|유일|이상|이하|뒤처|앞서|선도|배로|절반)",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(i think|i believe|i feel|in my (opinion|view)|we should|should|must|ought|"
    r"hopefully|perhaps|maybe)\b|(것 같다|생각한다|해야 한다|바란다)",
    re.IGNORECASE,
)
# Named entities: capitalised words or acronyms not at the start of the sentence (English), and
# Latin-script names inside Korean text ("xAI", "CEO"), and quoted names (‘그록’).
_CAPITALISED = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z0-9&'-]+|\b[a-z]+[A-Z][A-Za-z0-9]*"  # and xAI, iPhone
)
_LATIN_IN_HANGUL = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_QUOTED_NAME = re.compile(r"[‘'\"“][^‘’'\"“”]{1,20}[’'\"”]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
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
    declarative = text.endswith(("다.", "다", "다”", "다.”")) if korean else text.endswith(".")
    if declarative:
        signals.append("statement")
        total += _WEIGHTS["statement"]
    factor = 1.0
    words = len(_WORD.findall(text))
    if text.endswith(("?", "？", "까?", "나요?")):
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
