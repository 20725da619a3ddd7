"""Negation: the cues that deny a statement, in English and Korean, without the fixed phrases
whose negative word denies nothing ("not only", "틀림없다")."""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.lang.en import negation as en
from factdesk.engine.lang.ko import negation as ko

__all__ = ["extract_negations"]

_EN_NEGATION: Final = re.compile(
    rf"\b(?:{'|'.join(en.CUES)})\b|{en.CONTRACTION}\b",
    re.IGNORECASE,
)
_EN_NOT_NEGATION: Final = re.compile(rf"(?:{'|'.join(en.NOT_NEGATION)})", re.IGNORECASE)
_KO_NEGATION: Final = re.compile(ko.NEGATION)


def extract_negations(text: str) -> list[tuple[int, str]]:
    """Negation cues with their start offsets."""
    found: list[tuple[int, str]] = []
    for m in _EN_NEGATION.finditer(text):
        if _EN_NOT_NEGATION.match(text, m.start()):
            continue
        before = text[max(0, m.start() - 16) : m.start()]
        cancelled = en.CANCELLED_AFTER.get(m.group().casefold())
        if cancelled is not None and re.search(cancelled, before):
            continue
        found.append((m.start(), m.group()))
    for m in _KO_NEGATION.finditer(text):
        word_start = max(text.rfind(" ", 0, m.start()) + 1, 0)
        word = text[word_start : m.end() + 2]
        if any(fixed in word for fixed in ko.NOT_NEGATION):
            continue
        before = text[max(0, m.start() - 8) : m.start()]
        cancelled = ko.CANCELLED_AFTER.get(m.group())
        if cancelled is not None and re.search(cancelled, before):
            continue
        before_word = text[max(0, word_start - 4) : word_start]
        if any(
            text.startswith(form, m.start()) and re.search(context, before_word)
            for form, context in ko.CANCELLED_AFTER_WORD.items()
        ):
            continue
        found.append((m.start(), m.group()))
    return found
