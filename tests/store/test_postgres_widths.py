"""Migration 0004: the PostgreSQL store holds the vectors of every shipped embedder set
(e5-small 384, use-m3 512, e5-small+use-m3 896) and searches each width through its own HNSW
index; rows written before the migration stay and are found."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest
from factdesk.models import Source, StatementIn
from factdesk.store.base import PreparedStatement, StatementFilter, StoreError
from factdesk.store.postgres import PostgresStore
from factdesk.store.postgres_setup import migrate, migrations


def _prepared(sid: str, vector: np.ndarray) -> PreparedStatement:
    return PreparedStatement(
        id=sid,
        language="en",
        statement=StatementIn(text=f"statement {sid}", source=Source(title="t")),
        lexical=f"statement {sid}",
        parsed={},
        vector=vector,
    )


def _unit(rng: np.random.Generator, width: int) -> np.ndarray:
    v = rng.normal(size=width).astype(np.float32)
    return v / np.linalg.norm(v)


@pytest.mark.parametrize("width", [384, 896])
def test_each_width_is_written_and_searched_through_its_index(
    postgres_url: str, width: int
) -> None:
    rng = np.random.default_rng(width)
    vectors = [_unit(rng, width) for _ in range(40)]
    store = PostgresStore(postgres_url)
    try:
        store.write([_prepared(f"v{i}", v) for i, v in enumerate(vectors)])
        hits = store.vector_search(vectors[7], 3, StatementFilter(), ef_search=40)
        assert hits[0][0] == "v7" and hits[0][1] == pytest.approx(1.0, abs=2e-3)
        with pytest.raises(StoreError, match="dimensions"):
            store.write([_prepared("odd", _unit(rng, 300))])
    finally:
        store.close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                f"EXPLAIN SELECT id FROM statements WHERE vector_dims(vector) = {width} "
                f"ORDER BY vector::halfvec({width}) <#> %s::halfvec({width}) LIMIT 3",
                ("[" + ",".join("0.1" for _ in range(width)) + "]",),
            )
        )
    index = "statements_vector" if width == 384 else f"statements_vector_{width}"
    assert f"Index Scan using {index} " in plan


def test_rows_written_before_the_migration_are_kept_and_found(postgres_url: str) -> None:
    # The schema as 0003 left it, with one 384-wide row, then the rest of the migrations.
    rng = np.random.default_rng(3)
    vector = _unit(rng, 384)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now())"
        )
        for version, name, sql in migrations():
            if version > 3:
                break
            conn.execute(sql.encode())
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
            )
        conn.execute(
            "INSERT INTO statements (id, body, language, kind, lexical, lexical_length, parsed, "
            "vector, seq, created_at, updated_at) VALUES ('old', %s, 'en', 'fact', 'old', 1, "
            "'{}', %s::halfvec(384), 1, now(), now())",
            (
                '{"id": "old", "text": "old", "language": "en", "source": {"title": "t"}}',
                "[" + ",".join(f"{x:.6f}" for x in vector) + "]",
            ),
        )
    assert [name for name in migrate(postgres_url)] == [
        name for version, name, _ in migrations() if version > 3
    ]
    store = PostgresStore(postgres_url)
    try:
        hits = store.vector_search(vector, 1, StatementFilter(), ef_search=40)
        assert hits and hits[0][0] == "old"
    finally:
        store.close()
