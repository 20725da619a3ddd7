"""`PgVectorIndex`: vector search answered by PostgreSQL's HNSW index, held to what the
in-memory exact index answers over the same rows, and an API on PostgreSQL that uses it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import numpy.typing as npt
import psycopg
import pytest
from factdesk.engine.index import (
    IndexConfig,
    IndexKind,
    NumpyIndex,
    PgVectorIndex,
    SyncedIndex,
    VectorFilter,
    create_index,
    for_store,
)
from factdesk.engine.service import VerifyOptions
from factdesk.eval.golden import load_claims
from factdesk.main import build_verifier, create_app
from factdesk.models import StatementKind
from factdesk.store.postgres import PostgresStore
from factdesk.store.sqlite import SqliteStore

from tests.conftest import make_settings
from tests.paths import REPO_ROOT
from tests.store.test_contract import DIM, prep

N = 300
DATES = ["2023-01-10", "2024-03-13", "2025-06-01", None]


def unit(rng: np.random.Generator) -> npt.NDArray[np.float32]:
    vector = rng.normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture()
def pg(postgres_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore(postgres_url)
    rng = np.random.default_rng(7)
    items = []
    for i in range(N):
        item = prep(
            f"s{i:03d}",
            f"Statement {i}.",
            language="ko" if i % 3 == 0 else "en",
            kind=StatementKind.FACT_CHECK if i % 10 == 0 else StatementKind.FACT,
            published=DATES[i % len(DATES)],
            seed=i,
        )
        english = unit(rng) if i % 3 else None
        items.append(dataclasses.replace(item, english_vector=english))
    store.write(items)
    yield store
    store.close()


def exact(store: PostgresStore, *, english: bool = False) -> NumpyIndex:
    """The in-memory exact index over the store's (halfvec) rows."""
    index = NumpyIndex(DIM)
    delta = store.vectors_since(0)
    index.apply(delta.english_delta() if english else delta)
    return index


FILTERS = [
    VectorFilter(),
    VectorFilter(kind="fact_check"),  # one row in ten: needs the iterative scan to fill k
    VectorFilter(language="ko"),
    VectorFilter(published_on_or_before=739_000),  # 2024-04-28: two dates and the undated
    VectorFilter(kind="fact", language="en", published_on_or_before=739_000),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f))
def test_search_matches_exact_search(pg: PostgresStore, flt: VectorFilter) -> None:
    index = PgVectorIndex(pg, DIM)
    reference = exact(pg)
    rng = np.random.default_rng(11)
    for _ in range(5):
        query = unit(rng)
        got = index.search(query, 10, flt)
        want = reference.search(query, 10, flt)
        assert len(got) == len(want) == 10
        # Random 384-d vectors have nearly equal cosines (~0 ± 0.05): allow one near tie at
        # the boundary that the approximate graph or the halfvec query rounding swaps.
        assert len({sid for sid, _ in got} & {sid for sid, _ in want}) >= 9
        scores = [s for _, s in got]
        assert scores == sorted(scores, reverse=True)
        np.testing.assert_allclose(
            scores, reference.similarity([sid for sid, _ in got], query), atol=1e-5
        )
        assert all(passes(reference, sid, flt) for sid, _ in got)


def passes(reference: NumpyIndex, sid: str, flt: VectorFilter) -> bool:
    mask = reference.mask(flt)
    return mask is None or bool(mask[reference._row[sid]])


def test_a_stored_vector_finds_itself_first(pg: PostgresStore) -> None:
    index = PgVectorIndex(pg, DIM)
    query = exact(pg).similarity(["s042"], prep("x", "x", seed=42).vector)
    assert query[0] == pytest.approx(1.0, abs=1e-3)
    hits = index.search(prep("x", "x", seed=42).vector, 3, VectorFilter())
    assert hits[0][0] == "s042" and hits[0][1] == pytest.approx(1.0, abs=1e-3)
    assert index.search(prep("x", "x", seed=42).vector, 0, VectorFilter()) == []


def test_similarity_len_and_contains(pg: PostgresStore) -> None:
    query = unit(np.random.default_rng(3))
    ids = ["s001", "s002", "s003", "missing"]
    for english in (False, True):
        index = PgVectorIndex(pg, DIM, english=english)
        reference = exact(pg, english=english)
        np.testing.assert_allclose(
            index.similarity(ids, query), reference.similarity(ids, query), atol=1e-5
        )
        assert len(index) == len(reference)
        assert (
            index.held_similarity(ids, query).keys() == reference.held_similarity(ids, query).keys()
        )
        assert ("s003" in index) is (not english)  # s003 is Korean: no English vector
        assert "s001" in index and "missing" not in index


def test_writes_and_deletes_are_seen_without_refresh(pg: PostgresStore) -> None:
    index = PgVectorIndex(pg, DIM)
    query = unit(np.random.default_rng(123_457))  # seeds below N are stored rows
    pg.write([dataclasses.replace(prep("new", "New."), vector=query)])
    assert index.search(query, 1, VectorFilter())[0][0] == "new"
    # An update moves the vector and the metadata.
    pg.write([prep("new", "New.", seed=999, kind=StatementKind.FACT_CHECK)])
    assert index.search(query, 1, VectorFilter())[0][0] != "new"
    assert "new" in {
        sid
        for sid, _ in index.search(
            prep("x", "x", seed=999).vector, 1, VectorFilter(kind="fact_check")
        )
    }
    assert pg.delete("new")
    assert "new" not in index
    assert "new" not in {sid for sid, _ in index.search(query, 50, VectorFilter())}


def test_the_query_uses_the_hnsw_index(pg: PostgresStore, postgres_url: str) -> None:
    """`<#>` on halfvec is the operator of the index's opclass (halfvec_ip_ops): with
    sequential scans priced out, the plan is the HNSW index scan. The search casts the column
    to its width and names the width's partial-index condition (migration 0004), as here."""
    query = "[" + ",".join(["0.05"] * DIM) + "]"
    with psycopg.connect(postgres_url) as conn:
        conn.execute("ANALYZE statements")
        # Priced out: the heap scans that a 300-row table would rather use.
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET enable_bitmapscan = off")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                f"EXPLAIN SELECT id FROM statements WHERE vector_dims(vector) = {DIM} "
                f"ORDER BY vector::halfvec({DIM}) <#> %s::halfvec({DIM}) LIMIT 10",
                (query,),
            )
        )
    assert "Index Scan using statements_vector" in plan, plan[:300]


def test_synced_index_loads_nothing_and_follows_the_generation(pg: PostgresStore) -> None:
    synced = SyncedIndex(pg, PgVectorIndex(pg, DIM), PgVectorIndex(pg, DIM, english=True))
    assert synced.refresh() == pg.generation()
    pg.write([prep("late", "Late.", seed=5000)])
    assert synced.refresh() == pg.generation()
    assert synced.search(prep("x", "x", seed=5000).vector, 1, VectorFilter())[0][0] == "late"


def test_selection(pg: PostgresStore, tmp_path: Path) -> None:
    pgvector = IndexConfig(IndexKind.PGVECTOR)
    assert create_index(DIM, pgvector, store=pg).backend == "pgvector"
    assert create_index(DIM, pgvector, searchable=False, store=pg).backend == "pgvector-english"
    assert for_store(IndexConfig(threshold=N - 1), pg).kind is IndexKind.PGVECTOR
    assert for_store(IndexConfig(threshold=N), pg).kind is IndexKind.AUTO
    sqlite = SqliteStore(tmp_path / "s.db")
    try:
        assert for_store(IndexConfig(threshold=0), sqlite).kind is IndexKind.AUTO
        with pytest.raises(ValueError, match="needs a PostgreSQL store"):
            create_index(DIM, pgvector, store=sqlite)
    finally:
        sqlite.close()
    with pytest.raises(ValueError, match="needs a PostgreSQL"):
        make_settings(tmp_path, vector_index="pgvector")


GOLDEN = {c.id: c for c in load_claims(REPO_ROOT / "fixtures" / "claims.jsonl")}
GOLDEN_IDS = ["g-001", "g-002", "g-003", "g-005"]


async def test_verify_through_the_api_agrees_with_the_in_memory_index(
    tmp_path: Path, postgres_url: str
) -> None:
    app = create_app(make_settings(tmp_path, database_url=postgres_url, vector_index="pgvector"))
    in_memory = build_verifier(
        make_settings(
            tmp_path, database_url=postgres_url, vector_index="exact", seed_fixtures=False
        )
    )
    try:
        async with app.router.lifespan_context(app):
            assert app.state.verifier.index.index.backend == "pgvector"
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                for cid in GOLDEN_IDS:
                    case = GOLDEN[cid]
                    resp = await client.post(
                        "/v1/verify", json={"claim": case.claim, "language": case.language}
                    )
                    assert resp.status_code == 200, resp.text
                    body = resp.json()
                    want = in_memory.verify(case.claim, VerifyOptions(language=case.language))
                    assert body["verdict"] == want.verdict.value == case.expected_verdict, cid
                    assert [e["statement"]["id"] for e in body["evidence"]] == [
                        e.statement.id for e in want.evidence
                    ], cid
    finally:
        in_memory.store.close()
