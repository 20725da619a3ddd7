"""The parser's entry point: `parse` pulls the truth-deciding parts out of a text.

A claim and a stored statement are compared by their parts, not only by their embeddings: the
numbers, dates and durations they state, the entities they name, whether they negate, and which
way their verbs point ("launched" vs "cancelled"). `parse` extracts those parts from English and
Korean text (other languages get normalisation and numbers only). `PARSER_VERSION` (defined with
`ParsedText` in `parsed`, which writes it) marks each stored parse.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from factdesk.engine.analysis.attribution import extract_attribution
from factdesk.engine.analysis.dates import extract_dates
from factdesk.engine.analysis.durations import extract_durations
from factdesk.engine.analysis.entities import extract_entities
from factdesk.engine.analysis.negation import extract_negations
from factdesk.engine.analysis.numbers import extract_numbers
from factdesk.engine.analysis.parsed import PARSER_VERSION, Mask, ParsedText
from factdesk.engine.analysis.predicates import extract_predicates
from factdesk.engine.analysis.tokens import detect_language
from factdesk.text import normalize_text

__all__ = ["PARSER_VERSION", "parse"]

_T = TypeVar("_T")


def _ordered(items: list[tuple[int, _T]]) -> tuple[_T, ...]:
    return tuple(item for _, item in sorted(items, key=lambda pair: pair[0]))


def parse(text: str, language: str | None = None, reference_date: date | None = None) -> ParsedText:
    """Extract numbers, dates, durations, entities, negation cues and predicates from `text`.

    `reference_date` is the date the text was written; relative expressions ("지난해", "last
    month", "11일") resolve against it and are left out when it is not given.
    """
    text = normalize_text(text)
    language = language or detect_language(text)
    # Durations, then dates, then entities claim their spans before numbers are read, so digits
    # inside a duration, a date or a name are not read again as figures.
    mask = Mask(len(text))
    durations = extract_durations(text, mask)
    dates = extract_dates(text, mask, reference_date)
    entities = extract_entities(text, language)
    for start, end, _ in entities:
        mask.take(start, end)
    numbers = extract_numbers(text, mask)

    return ParsedText(
        text=text,
        language=language,
        numbers=_ordered(numbers),
        dates=_ordered(dates),
        durations=_ordered(durations),
        entities=tuple(entity for _, _, entity in entities),
        negations=_ordered(extract_negations(text)),
        predicates=_ordered(extract_predicates(text)),
        attribution=extract_attribution(text, language, entities),
    )
