"""Lexical search in a large store: very common tokens are left out past a postings budget."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factdesk.models import Source, StatementIn, StatementKind
from factdesk.store import sqlite
from factdesk.store.base import PreparedStatement, StatementFilter
from factdesk.store.sqlite import SqliteStore


def row(i: int, lexical: str) -> PreparedStatement:
    return PreparedStatement(
        id=f"s{i}",
        language="en",
        statement=StatementIn(text=lexical, kind=StatementKind.FACT, source=Source(title="t")),
        lexical=lexical,
        parsed={},
        vector=np.ones(4, dtype=np.float32) / 2,
    )


@pytest.fixture()
def store(tmp_path: Path) -> SqliteStore:
    made = SqliteStore(tmp_path / "l.db")
    made.write([row(i, f"percent budget city{i % 7}") for i in range(40)])
    made.write([row(100, "percent budget rare"), row(101, "rare zebra")])
    return made


def test_below_the_budget_every_token_counts(store: SqliteStore) -> None:
    hits = store.lexical_search(["percent", "rare", "missing"], StatementFilter(), 5)
    assert {sid for sid, _ in hits[:2]} == {"s100", "s101"}
    assert len(hits) == 5  # "percent" still matches the others


def test_past_the_budget_the_common_tokens_are_left_out(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "LEXICAL_POSTINGS_BUDGET", 10)
    hits = store.lexical_search(["percent", "budget", "rare", "missing"], StatementFilter(), 50)
    assert {sid for sid, _ in hits} == {"s100", "s101"}
    # The rarest token is kept even when it alone is over the budget.
    assert len(store.lexical_search(["percent", "budget"], StatementFilter(), 50)) == 41
    # Tokens the index lacks match nothing either way.
    assert store.lexical_search(["missing", "absent"], StatementFilter(), 50) == []


def test_filtered_and_unfiltered_queries_agree(store: SqliteStore) -> None:
    tokens = ["percent", "rare"]
    plain = store.lexical_search(tokens, StatementFilter(), 10)
    filtered = store.lexical_search(tokens, StatementFilter(kind=StatementKind.FACT), 10)
    assert [sid for sid, _ in plain] == [sid for sid, _ in filtered]
    assert [s for _, s in plain] == pytest.approx([s for _, s in filtered])
