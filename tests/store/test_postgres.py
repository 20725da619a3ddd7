"""What only the PostgreSQL store has: migrations, BM25 kept by a lexicon, lost connections,
and a copy from SQLite that needs no re-embedding."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psycopg
import pytest
from factdesk.models import StatementKind
from factdesk.store import sqlite as sqlite_store
from factdesk.store.base import StatementFilter, StoreError
from factdesk.store.copy import copy_statements
from factdesk.store.postgres import PostgresStore
from factdesk.store.postgres_setup import migrate, migrations
from factdesk.store.sqlite import SqliteStore

from tests import postgres_server
from tests.redis_server import free_port
from tests.store.test_contract import prep


@pytest.fixture()
def pg(postgres_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore(postgres_url)
    yield store
    store.close()


def test_replicas_starting_together_apply_each_migration_once(postgres_url: str) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            results.append(migrate(postgres_url))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    names = [name for _, name, _ in migrations()]
    assert sorted(results, key=len) == [[], [], names]
    with psycopg.connect(postgres_url) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations")]
        meta_rows = conn.execute("SELECT count(*) FROM store_meta").fetchone()
        vector_index = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statements_vector'"
        ).fetchone()
    assert versions == [v for v, _, _ in migrations()]
    # 0002 rebuilt the dense index with the wider build breadth.
    assert vector_index is not None and "ef_construction='200'" in vector_index[0]
    assert meta_rows == (1,)
    assert migrate(postgres_url) == []


def test_database_of_a_newer_build_is_refused(postgres_url: str) -> None:
    migrate(postgres_url)
    with psycopg.connect(postgres_url) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future.sql')")
    with pytest.raises(StoreError, match="schema version 9999"):
        PostgresStore(postgres_url)


def test_read_only_database_serves_reads(postgres_url: str) -> None:
    """A replica pointed at a hot standby: an up-to-date schema is only read at start, reads
    work, writes are a StoreError (a 503), not a crash."""
    writer = PostgresStore(postgres_url)
    try:
        writer.write([prep("a", "Alpha beta.", seed=1)])
    finally:
        writer.close()
    read_only = (
        postgres_url
        + ("&" if "?" in postgres_url else "?")
        + "options=-c%20default_transaction_read_only%3Don"
    )
    replica = PostgresStore(read_only)
    try:
        assert replica.get("a") is not None and replica.vectors_since(0).ids == ["a"]
        assert [sid for sid, _ in replica.lexical_search(["alpha"], StatementFilter(), 5)] == ["a"]
        with pytest.raises(StoreError, match="read-only"):
            replica.write([prep("b", "Beta.")])
        with pytest.raises(StoreError, match="read-only"):
            replica.delete("a")
        assert replica.stats().total == 1
    finally:
        replica.close()


def test_unreachable_database_fails_fast_with_a_store_error() -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/factdesk"
    started = time.monotonic()
    with pytest.raises(StoreError, match="PostgreSQL"):
        PostgresStore(url, timeout=1)
    assert time.monotonic() - started < 10


def test_lost_database_is_a_store_error_and_reconnects(postgres_url: str) -> None:
    proxy = postgres_server.TcpProxy(postgres_url)
    store = PostgresStore(proxy.url, timeout=1)
    try:
        store.write([prep("a", "Alpha.")])
        proxy.cut()
        started = time.monotonic()
        with pytest.raises(StoreError):
            store.generation()
        with pytest.raises(StoreError):
            store.write([prep("b", "Beta.")])
        assert time.monotonic() - started < 10
    finally:
        store.close()
    again = PostgresStore(postgres_url)
    try:
        assert [s.id for s in again.iter_all()] == ["a"]  # the failed write left nothing
    finally:
        again.close()


def test_connections_broken_by_a_restart_are_replaced(pg: PostgresStore, postgres_url: str) -> None:
    pg.write([prep("a", "Alpha.")])
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert ended is not None and ended[0] >= 1  # the pool's connection was cut
    assert pg.get("a") is not None  # no failed request: the pool noticed and reconnected
    assert pg.write([prep("b", "Beta.")]).created == ["b"]


def _lexicon(url: str) -> tuple[dict[str, int], dict[str, int], tuple[int, int], tuple[int, int]]:
    """(lexicon table, recomputed document frequencies, stored counts, recomputed counts)."""
    with psycopg.connect(url) as conn:
        kept = dict(conn.execute("SELECT lexeme, df FROM lexicon").fetchall())
        real = dict(
            conn.execute(
                "SELECT lexeme, count(*) FROM statements, unnest(tsvector_to_array(tsv)) lexeme "
                "GROUP BY lexeme"
            ).fetchall()
        )
        stored = conn.execute("SELECT statement_count, token_count FROM store_meta").fetchone()
        counted = conn.execute(
            "SELECT count(*), coalesce(sum(lexical_length), 0) FROM statements"
        ).fetchone()
    assert stored is not None and counted is not None
    return kept, real, (int(stored[0]), int(stored[1])), (int(counted[0]), int(counted[1]))


def test_lexicon_follows_writes_updates_and_deletes(pg: PostgresStore, postgres_url: str) -> None:
    pg.write(
        [
            prep("a", "A.", lexical="alpha beta beta", language="ko"),
            prep("b", "B.", lexical="beta gamma", language="ko"),
            prep("a", "A twice.", lexical="alpha beta", language="ko"),  # same id in one batch
        ]
    )
    pg.write([prep("c", "C.", lexical="gamma delta", language="ko")])
    pg.write([prep("a", "A again.", lexical="delta epsilon", language="ko")])
    assert pg.delete("b")
    kept, real, stored, counted = _lexicon(postgres_url)
    assert kept == real == {"delta": 2, "epsilon": 1, "gamma": 1}
    assert stored == counted == (2, 4)
    assert sorted(pg.vocabulary()) == ["delta", "epsilon", "gamma"]
    assert pg.lexical_search(["beta"], StatementFilter(), 10) == []


def test_bm25_scores_equal_sqlite_fts5(pg: PostgresStore, tmp_path: Path) -> None:
    """Statements are indexed token for token in every language, so the scores must be FTS5's
    own (same IDF floor, k1, b and length normalisation)."""
    items = [
        prep("k1", "1", lexical="머스크 오픈 오픈ai 고소 머스크", language="ko"),
        prep("k2", "2", lexical="오픈ai 고소 취하", language="ko"),
        prep("k3", "3", lexical="머스크 트위터 인수 인수 인수 발표", language="ko"),
        prep("k4", "4", lexical="그록 공개", language="ko", kind=StatementKind.FACT_CHECK),
        prep("x1", "5", lexical="musk openai lawsuit", language="de"),
        prep("e1", "6", lexical="musk sue openai universities 2024", language="en"),
        prep("e2", "7", lexical="universities rank rank musk", language="en"),
    ]
    sqlite = SqliteStore(tmp_path / "bm25.db")
    try:
        sqlite.write(items)
        pg.write(items)
        for tokens in (
            ["머스크"],
            ["오픈ai", "고소"],
            ["인수", "머스크", "없음"],
            ["musk"],
            ["universities", "rank", "2024"],
        ):
            expected = sqlite.lexical_search(tokens, StatementFilter(), 10)
            got = pg.lexical_search(tokens, StatementFilter(), 10)
            assert [sid for sid, _ in got] == [sid for sid, _ in expected], tokens
            np.testing.assert_allclose(
                [s for _, s in got], [s for _, s in expected], rtol=1e-9, err_msg=str(tokens)
            )
        assert sorted(pg.vocabulary()) == sorted(sqlite.vocabulary())
    finally:
        sqlite.close()


def test_common_tokens_are_left_out_as_sqlite_leaves_them(
    pg: PostgresStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the postings budget both stores keep the same rarest tokens, so they rank alike."""
    items = [prep(f"s{i}", "x", lexical=f"percent budget city{i % 7}") for i in range(40)]
    items += [prep("r1", "x", lexical="percent budget rare"), prep("r2", "x", lexical="rare zebra")]
    sqlite = SqliteStore(tmp_path / "budget.db")
    try:
        sqlite.write(items)
        pg.write(items)
        monkeypatch.setattr(sqlite_store, "LEXICAL_POSTINGS_BUDGET", 10)
        for tokens in (["percent", "budget", "rare", "missing"], ["percent", "budget"], ["nix"]):
            expected = sqlite.lexical_search(tokens, StatementFilter(), 50)
            got = pg.lexical_search(tokens, StatementFilter(), 50)
            assert {sid for sid, _ in got} == {sid for sid, _ in expected}, tokens
        pruned = pg.lexical_search(["percent", "budget", "rare"], StatementFilter(), 50)
        assert {sid for sid, _ in pruned} == {"r1", "r2"}  # only the rare token was kept
    finally:
        sqlite.close()


def test_copy_from_sqlite_keeps_vectors_and_analysis(pg: PostgresStore, tmp_path: Path) -> None:
    english = np.full(384, 0.25, dtype=np.float32)
    items = [prep(f"s{i}", f"Statement {i}.", seed=i) for i in range(7)]
    items[3] = dataclasses.replace(items[3], english_vector=english)
    sqlite = SqliteStore(tmp_path / "source.db")
    try:
        sqlite.write(items)
        sqlite.delete("s5")
        assert copy_statements(sqlite, pg, batch=3) == 6
        source, target = sqlite.vectors_since(0), pg.vectors_since(0)
        assert sorted(target.ids) == sorted(source.ids)
        for sid in source.ids:
            np.testing.assert_allclose(
                target.vectors[target.ids.index(sid)],
                source.vectors[source.ids.index(sid)],
                atol=1e-3,
            )
        assert [target.ids[i] for i in target.english_rows] == ["s3"]
        np.testing.assert_allclose(target.english_vectors[0], english, atol=1e-3)
        assert pg.get_analysis(["s2"]) == sqlite.get_analysis(["s2"])
        copied, original = pg.get("s4"), sqlite.get("s4")
        assert copied is not None and original is not None
        assert copied.model_dump(exclude={"created_at", "updated_at"}) == original.model_dump(
            exclude={"created_at", "updated_at"}
        )
    finally:
        sqlite.close()
