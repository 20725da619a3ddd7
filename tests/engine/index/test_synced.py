"""A large store's HNSW graph saved beside it and loaded at the next start, and the English
vectors of a large store read from the store instead of held in memory."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from factdesk.engine.index import (
    AutoIndex,
    IndexConfig,
    IndexKind,
    NumpyIndex,
    StoreVectors,
    SyncedIndex,
    VectorFilter,
    create_index,
)
from factdesk.engine.index.hnsw import HnswIndex
from factdesk.models import Source, StatementIn
from factdesk.store.base import PreparedStatement, VectorDelta
from factdesk.store.sqlite import SqliteStore

DIM = 48


def vectors(n: int, seed: int) -> npt.NDArray[np.float32]:
    """Unit vectors around a shared direction plus clusters, as embeddings are (anisotropic)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(n // 40, 4), DIM)).astype(np.float32)
    shared = np.ones(DIM, dtype=np.float32)
    rows = 2.0 * shared / np.sqrt(DIM) + centres[rng.integers(0, len(centres), n)]
    rows += 0.5 * rng.standard_normal((n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)  # type: ignore[no-any-return]


def prepared(i: int, vector: npt.NDArray[np.float32]) -> PreparedStatement:
    return PreparedStatement(
        id=f"s{i}",
        language="ko" if i % 5 == 0 else "en",
        statement=StatementIn(text=f"statement {i}", source=Source(title="t")),
        lexical=f"statement {i}",
        parsed={},
        vector=vector,
        english_vector=vector[::-1].copy() if i % 5 else None,
    )


def fill(store: SqliteStore, start: int, stop: int, seed: int) -> None:
    rows = vectors(stop - start, seed)
    store.write([prepared(start + n, rows[n]) for n in range(stop - start)])


def synced(store: SqliteStore, saved: Path, kind: IndexKind = IndexKind.HNSW) -> SyncedIndex:
    config = IndexConfig(kind=kind, threshold=1_000, saved_dir=saved)
    return SyncedIndex(
        store,
        create_index(DIM, config, store=store),
        create_index(DIM, config, searchable=False, store=store),
        saved_dir=saved,
    )


def top(index: SyncedIndex, queries: npt.NDArray[np.float32], k: int = 10) -> list[list[str]]:
    return [[sid for sid, _ in index.search(q, k, VectorFilter())] for q in queries]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    rows = vectors(3_000, seed=1)
    ids = [f"s{i}" for i in range(len(rows))]
    index = HnswIndex(DIM)
    index.apply(
        VectorDelta(
            generation=1,
            ids=ids,
            vectors=rows,
            kinds=["fact_check" if i % 3 == 0 else "statement" for i in range(len(rows))],
            languages=["en"] * len(rows),
            published=[730_000 + i for i in range(len(rows))],
            deleted=["s7", "s8"],
        )
    )
    index.apply(
        VectorDelta(
            generation=2,
            ids=[],
            vectors=rows[:0],
            kinds=[],
            languages=[],
            published=[],
            deleted=["s10", "s11"],
        )
    )
    index.save(tmp_path / "g", {"identity": "x"})
    loaded = HnswIndex.load(tmp_path / "g")
    assert len(loaded) == len(index) == 2_998
    assert "s10" not in loaded and "s12" in loaded
    queries = vectors(20, seed=2)
    for flt in (VectorFilter(), VectorFilter(kind="fact_check", published_on_or_before=731_000)):
        for q in queries:
            assert loaded.search(q, 10, flt) == index.search(q, 10, flt)
    assert loaded.similarity(["s12", "nope"], queries[0]) == index.similarity(
        ["s12", "nope"], queries[0]
    )
    # A freed key is reused after loading, and the loaded graph takes new rows.
    loaded.apply(
        VectorDelta(
            generation=3,
            ids=["new"],
            vectors=queries[:1],
            kinds=["statement"],
            languages=["en"],
            published=[0],
            deleted=[],
        )
    )
    assert loaded.search(queries[0], 1, VectorFilter())[0][0] == "new"
    assert len(loaded) == 2_999


def test_scores_are_cosines_of_the_original_rows() -> None:
    rows = vectors(2_000, seed=3)
    index = HnswIndex(DIM)
    index.apply(
        VectorDelta(
            generation=1,
            ids=[f"s{i}" for i in range(len(rows))],
            vectors=rows,
            kinds=["statement"] * len(rows),
            languages=["en"] * len(rows),
            published=[0] * len(rows),
            deleted=[],
        )
    )
    q = vectors(1, seed=4)[0]
    for sid, score in index.search(q, 10, VectorFilter()):
        assert score == pytest.approx(float(rows[int(sid[1:])] @ q), abs=0.02)


@pytest.mark.parametrize("kind", [IndexKind.HNSW, IndexKind.AUTO])
def test_a_restart_loads_the_saved_graph_and_adds_what_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: IndexKind
) -> None:
    store = SqliteStore(tmp_path / "s.db")
    saved = tmp_path / "s.db.hnsw"
    fill(store, 0, 2_500, seed=5)
    first = synced(store, saved, kind)
    first.refresh()
    first.close()  # saves: nothing was saved yet
    assert HnswIndex.saved_meta(saved) is not None

    # Written and deleted while no process ran.
    fill(store, 2_500, 2_700, seed=6)
    store.delete("s3")
    store.delete("s2600")
    queries = vectors(15, seed=7)

    with caplog.at_level(logging.INFO, logger="factdesk"):
        second = synced(store, saved, kind)
        second.refresh()
    assert any("loaded 2500 vectors saved" in r.getMessage() for r in caplog.records)
    assert len(second.index) == 2_698 and "s3" not in second.index and "s2650" in second.index
    # The English vectors of the rows from before the save are read from the store.
    assert second.english is not None and second.english.follows_store
    assert set(second.english.held_similarity(["s1", "s2", "s2601"], queries[0])) == {
        "s1",
        "s2",
        "s2601",
    }

    rebuilt = synced(store, tmp_path / "elsewhere", kind)
    rebuilt.refresh()
    assert len(rebuilt.index) == 2_698
    found = top(second, queries)
    truth = [[sid for sid, _ in rebuilt.index.search(q, 10, VectorFilter())] for q in queries]
    overlap = sum(len(set(a) & set(b)) for a, b in zip(found, truth, strict=True))
    assert overlap / (10 * len(queries)) >= 0.9
    store.close()


def with_saved_graph(path: Path, saved: Path, rows: int, seed: int) -> SqliteStore:
    """A store of `rows` rows whose graph is saved in `saved`."""
    store = SqliteStore(path)
    fill(store, 0, rows, seed=seed)
    index = synced(store, saved)
    index.refresh()
    assert index.save()
    return store


def restarted(
    store: SqliteStore,
    saved: Path,
    caplog: pytest.LogCaptureFixture,
    kind: IndexKind = IndexKind.HNSW,
) -> SyncedIndex:
    """The index a new process would load for `store`, with its warnings captured."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="factdesk"):
        index = synced(store, saved, kind)
        index.refresh()
    return index


def test_a_graph_of_another_store_or_history_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    saved = tmp_path / "graph"
    store = with_saved_graph(tmp_path / "a.db", saved, 1_200, seed=8)

    other = SqliteStore(tmp_path / "b.db")
    fill(other, 0, 1_100, seed=9)
    fresh = restarted(other, saved, caplog)
    assert "saved from another store" in caplog.text
    assert len(fresh.index) == 1_100 and "s1150" not in fresh.index

    # The same store at the same generation with another history (a restored backup that
    # was written to again): its write tag differs.
    with store._conn() as conn:
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'write_tag'")
    again = restarted(store, saved, caplog)
    assert "history differs" in caplog.text
    assert len(again.index) == 1_200
    store.close()
    other.close()


@pytest.mark.parametrize("kind", [IndexKind.HNSW, IndexKind.AUTO])
def test_a_saved_graph_that_disagrees_with_the_store_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: IndexKind
) -> None:
    saved = tmp_path / "graph"
    store = with_saved_graph(tmp_path / "c.db", saved, 1_500, seed=10)
    # Rows removed behind the store's back (no tombstones): the saved graph has too many.
    with store._conn() as conn:
        conn.execute("DELETE FROM statements WHERE id IN ('s1', 's2')")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
    again = restarted(store, saved, caplog, kind)
    assert "rebuilding it" in caplog.text
    assert len(again.index) == 1_498 and "s1" not in again.index
    assert "s1" not in {sid for sid, _ in again.search(vectors(1, seed=10)[0], 50, VectorFilter())}
    store.close()


def test_auto_loads_no_graph_of_a_store_at_or_below_its_threshold(tmp_path: Path) -> None:
    # A graph saved under `hnsw` for a store of 1,200 rows; `auto` with a threshold of 2,000
    # must stay exact, as it would for that store without a saved graph.
    saved = tmp_path / "graph"
    store = with_saved_graph(tmp_path / "t.db", saved, 1_200, seed=14)
    config = IndexConfig(kind=IndexKind.AUTO, threshold=2_000, saved_dir=saved)
    index = SyncedIndex(store, create_index(DIM, config, store=store), saved_dir=saved)
    index.refresh()
    assert index.index.backend == "exact" and len(index.index) == 1_200
    store.close()


def test_an_unwritable_directory_does_not_stop_the_index(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "d.db")
    fill(store, 0, 1_200, seed=11)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    index = synced(store, blocker / "graph")
    index.refresh()
    assert not index.save()
    assert len(index.index) == 1_200
    store.close()


def test_english_vectors_of_a_large_store_are_read_from_it(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "e.db")
    fill(store, 0, 1_500, seed=12)  # 1,200 English vectors
    index = synced(store, tmp_path / "g", kind=IndexKind.AUTO)
    index.refresh()
    assert isinstance(index.english, AutoIndex)
    assert isinstance(index.english.inner, StoreVectors) and index.english.follows_store
    held = NumpyIndex(DIM)
    delta = store.vectors_since(0).english_delta()
    held.apply(delta)
    q = vectors(1, seed=13)[0]
    ids = ["s1", "s5", "s7", "missing"]  # s5 has no English vector
    from_store = index.english.held_similarity(ids, q)
    assert set(from_store) == {"s1", "s7"}
    expected = held.held_similarity(ids, q)
    for sid, score in from_store.items():
        assert score == pytest.approx(expected[sid], abs=2e-3)  # float16 in the store
    assert len(index.english) == 1_200 and "s1" in index.english and "s5" not in index.english
    store.close()


def test_searches_while_another_thread_applies_writes(tmp_path: Path) -> None:
    # Worker threads search while one of them brings the index up to another process's writes
    # and deletes: no search may see the index half-updated (a row list shorter than the
    # matrix it just scored, a deleted id), which once surfaced as a 500 from /v1/search.
    import threading

    store = SqliteStore(tmp_path / "s.db")
    fill(store, 0, 400, seed=1)
    index = SyncedIndex(store, NumpyIndex(DIM), NumpyIndex(DIM, compact=True))
    index.refresh()
    queries = vectors(16, seed=2)
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        try:
            while not stop.is_set():
                for q in queries:
                    hits = index.search(q, 20, VectorFilter(language="en"))
                    ids = [sid for sid, _ in hits]
                    assert len(index.similarity(ids, q)) == len(ids)
                    index.english_similarity(ids, q)
        except BaseException as exc:  # every failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        rows = vectors(300, seed=3)
        for round_ in range(30):
            for n in range(round_ * 10, round_ * 10 + 10):
                store.delete(f"s{n}")
            store.write([prepared(400 + round_ * 10 + n, rows[round_ * 10 + n]) for n in range(10)])
            index.refresh()
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert len(index.index) == 400
    held = {sid for sid, _ in index.search(queries[0], 400, VectorFilter())}
    assert "s0" not in held and "s699" in held
