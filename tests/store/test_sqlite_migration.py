"""An older SQLite file opens, gains the new columns in place, and keeps working."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from factdesk.store.base import StatementFilter, StoreError
from factdesk.store.sqlite import SCHEMA_VERSION, SqliteStore

from tests.store.test_contract import prep

# The statements table as schema version 1 wrote it (no english_vector column).
_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('generation', 0), ('schema_version', 1);
CREATE TABLE statements (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
    language TEXT NOT NULL, kind TEXT NOT NULL, source_url TEXT, published_at TEXT,
    lexical TEXT NOT NULL, parsed TEXT NOT NULL, vector BLOB NOT NULL, seq INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
"""


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(_V1)
    conn.close()


def test_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_file(path)
    store = SqliteStore(path)
    try:
        store.write([prep("old", "Written before the column.", seed=1)])
        english = np.ones(4, dtype=np.float32) / 2
        store.write([dataclasses.replace(prep("new", "New.", seed=2), english_vector=english)])
        delta = store.vectors_since(0)
        assert sorted(delta.ids) == ["new", "old"]
        assert [delta.ids[i] for i in delta.english_rows] == ["new"]
        assert store.lexical_search(["written"], StatementFilter(), 5)[0][0] == "old"
    finally:
        store.close()
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    conn.close()
    assert version == SCHEMA_VERSION == 3
    SqliteStore(path).close()  # opening a migrated file again is a no-op


def test_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 99"):
        SqliteStore(path)
