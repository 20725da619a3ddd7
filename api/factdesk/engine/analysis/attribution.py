"""Attribution: who asserts a statement ("police estimated …", "according to X", "경찰은 …라고
밝혔다", "X에 따르면").

The source is keyed by the entity named in its phrase when there is one (so "OpenAI said" and
"오픈AI는 … 밝혔다" meet), otherwise by the stem of the phrase's last word ("organisers",
"the police"). Two statements with different keys are different sources' assertions.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from factdesk.engine.analysis.parsed import Attribution, Entity
from factdesk.engine.analysis.tokens import stem_en
from factdesk.engine.lang.en import attribution as en
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko import attribution as ko
from factdesk.engine.lang.scripts import HANGUL

__all__ = ["extract_attribution"]

_EN_VERB: Final = re.compile(rf"\b(?:{'|'.join(en.VERBS)})\b", re.IGNORECASE)
_EN_BEFORE: Final = re.compile(
    rf"\b(?:{'|'.join(en.BEFORE)})\s+(?P<who>[^,.;:]{{1,60}}?)(?=\s*(?:[,.;:]|$))", re.IGNORECASE
)
_EN_BOUNDARY: Final = re.compile("|".join(re.escape(b) for b in en.CLAUSE_BOUNDARIES))
_KO_VERB: Final = re.compile(
    rf"(?:{'|'.join(ko.QUOTATIVE)})\s?(?:{'|'.join(ko.VERBS)})(?![{HANGUL}])"
)
_KO_SUBJECT: Final = re.compile(
    rf"^\s*(?P<who>(?:[^\s]+\s)?[^\s]+?)(?:\s?{ko.SIDE})?(?:{'|'.join(ko.SOURCE_PARTICLES)})(?=\s)"
)
_KO_ACCORDING: Final = re.compile(rf"(?P<who>[^\s,]+(?:\s[^\s,]+)?){ko.ACCORDING_TO}")
_MAX_WORDS: Final = 4
_WINDOW: Final = 400  # characters before a verb that can hold its source's words


def _source(who: str, start: int, entities: list[tuple[int, int, Entity]]) -> Attribution | None:
    end = start + len(who)
    for e_start, e_end, entity in entities:
        if e_start < end and start < e_end:
            return Attribution(entity.key, who.strip(), named=True)
    words = [w for w in re.findall(r"[\w'’-]+", who.casefold()) if w not in EN_STOP_WORDS]
    words = [w for w in words if w not in en.PRONOUNS]
    if not words:
        return None
    head = words[-1].removesuffix("'s").removesuffix("’s")
    return Attribution(stem_en(head) if head.isascii() else head, who.strip())


def _english(text: str, entities: list[tuple[int, int, Entity]]) -> Attribution | None:
    m = _EN_BEFORE.search(text)
    if m:
        source = _source(m["who"], m.start("who"), entities)
        if source:
            return source
    # Linear in the text, however many verbs it holds: the clause boundaries are found once, and
    # each verb looks back over a bounded window only (its phrase is a few words).
    ends = [b.end() for b in _EN_BOUNDARY.finditer(text)]
    for verb in _EN_VERB.finditer(text):
        start = verb.start()
        passed = bisect.bisect_right(ends, start)
        cut = ends[passed - 1] if passed else 0
        low = max(cut, start - _WINDOW)
        tokens = text[low:start].split()
        if low > cut and tokens and not text[low - 1].isspace() and not text[low].isspace():
            tokens = tokens[1:]  # the window began inside a word
        words: list[str] = []
        for word in reversed(tokens[-_MAX_WORDS:]):
            bare = word.casefold().strip("'’")
            if bare in EN_STOP_WORDS and bare not in en.SOURCE_FUNCTION_WORDS:
                break  # "… of climate scientists": the phrase is the scientists
            if not any(c.isalpha() for c in word):
                break
            words.insert(0, word)
        if not words:
            continue
        who = " ".join(words)
        source = _source(who, text.rfind(who, 0, start), entities)
        if source:
            return source
    return None


def _korean(text: str, entities: list[tuple[int, int, Entity]]) -> Attribution | None:
    m = _KO_ACCORDING.search(text)
    if m is None and _KO_VERB.search(text):
        m = _KO_SUBJECT.search(text)
    if m is None:
        return None
    who = m["who"].removesuffix(ko.SIDE).rstrip()  # "주최 측" is the organisers
    return _source(who, m.start("who"), entities)


def extract_attribution(
    text: str, language: str, entities: list[tuple[int, int, Entity]]
) -> Attribution | None:
    """The source `text` says it reports, with the entities `parse` found in it."""
    if language == "ko" or re.search(f"[{HANGUL}]", text):
        return _korean(text, entities)
    return _english(text, entities)
