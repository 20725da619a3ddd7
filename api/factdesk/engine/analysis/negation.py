"""Negation: the cues that deny a statement, in English and Korean, without the fixed phrases
whose negative word denies nothing ("not only", "틀림없다")."""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.names import kiwi_tokens
from factdesk.engine.lang.en import negation as en
from factdesk.engine.lang.ko import negation as ko

__all__ = ["extract_negations"]

_EN_NEGATION: Final = re.compile(
    rf"\b(?:{'|'.join(en.CUES)})\b|{en.CONTRACTION}\b",
    re.IGNORECASE,
)
_EN_NOT_NEGATION: Final = re.compile(rf"(?:{'|'.join(en.NOT_NEGATION)})", re.IGNORECASE)
_KO_NEGATION: Final = re.compile(ko.NEGATION)


def _phrase_not(text: str, start: int, cue: str) -> bool:
    """A "not" that negates a phrase, not the statement: no auxiliary before it and no verb
    marker after it ("the first film not in English")."""
    if cue.casefold() != "not":
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 24) : start])
    after = re.findall(r"[A-Za-z']+", text[start + 3 : start + 16])
    if before and before[-1].casefold() in en.AUXILIARIES:
        return False
    return not (after and after[0].casefold() in en.NOT_VERB_AFTER)


def _adnominal(text: str, start: int) -> bool:
    """A Korean negative word that only describes a noun ("영어가 아닌 언어"), from Kiwi's tags."""
    tokens = kiwi_tokens(text)
    for i, (_form, tag, t_start, length) in enumerate(tokens):
        if t_start <= start < t_start + max(1, length):
            return (
                tag in ko.ADNOMINAL_NEGATIVE_TAGS
                and i + 1 < len(tokens)
                and tokens[i + 1][1] == ko.ADNOMINAL_ENDING_TAG
            )
    return False


def extract_negations(text: str) -> list[tuple[int, str]]:
    """Negation cues with their start offsets, within the statement's scope: English "not"
    after an auxiliary, Korean negative words that do not only describe a noun."""
    found: list[tuple[int, str]] = []
    for m in _EN_NEGATION.finditer(text):
        if _EN_NOT_NEGATION.match(text, m.start()) or _phrase_not(text, m.start(), m.group()):
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
        if _adnominal(text, m.start()):
            continue
        found.append((m.start(), m.group()))
    return found
