"""The pipeline's handling of stored analyses written by an older parser."""

from __future__ import annotations

import datetime as dt

from factdesk.engine.analysis.parse import PARSER_VERSION, parse
from factdesk.engine.service import Verifier
from factdesk.models import Statement

NOW = dt.datetime(2024, 3, 13, tzinfo=dt.UTC)


def _statement(text: str) -> Statement:
    return Statement.model_validate(
        {
            "id": "s-1",
            "text": text,
            "language": "en",
            "source": {"url": "https://example.org/a", "published_at": "2024-03-13"},
            "created_at": NOW,
            "updated_at": NOW,
        }
    )


def test_a_current_stored_parse_is_used_as_stored() -> None:
    stored = parse("Musk left the OpenAI board in 2018.", "en").to_dict()
    statement = _statement("Something else entirely.")
    # The stored analysis wins while its version is current (no re-parse per request).
    assert Verifier._parsed(statement, stored).text == "Musk left the OpenAI board in 2018."


def test_a_stale_stored_parse_is_parsed_again() -> None:
    statement = _statement("Elon Musk co-founded OpenAI with Sam Altman.")
    stale = parse(statement.text, "en").to_dict() | {
        "version": PARSER_VERSION - 1,
        "predicates": [{"key": "membership", "polarity": 1, "text": "co-founded"}],
    }
    fresh = Verifier._parsed(statement, stale)
    assert [(p.key, p.polarity) for p in fresh.predicates] == [("founding", 1)]
