"""The `StatementStore` contract. Every store implementation runs these assertions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from factdesk.models import Source, StatementIn, StatementKind
from factdesk.store.base import PreparedStatement, StatementFilter, StatementStore, StoreStats
from factdesk.store.postgres import PostgresStore
from factdesk.store.sqlite import SqliteStore

from tests import postgres_server

StoreFactory = Callable[[], StatementStore]
DIM = 384  # the Postgres schema's vector width (e5-small and MiniLM)


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Makes new, empty stores of one kind; each its own file or database."""
    stores: list[StatementStore] = []
    databases: list[str] = []
    admin = request.getfixturevalue("postgres_admin_url") if request.param == "postgres" else ""

    def make() -> StatementStore:
        made: StatementStore
        if request.param == "sqlite":
            made = SqliteStore(tmp_path / f"contract-{len(stores)}.db")
        else:
            databases.append(postgres_server.fresh_database(admin))
            made = PostgresStore(databases[-1])
        stores.append(made)
        return made

    yield make
    for made in stores:
        made.close()
    for url in databases:
        postgres_server.drop_database(admin, url)


@pytest.fixture()
def store(store_factory: StoreFactory) -> StatementStore:
    return store_factory()


def prep(
    sid: str,
    text: str,
    *,
    lexical: str | None = None,
    language: str = "en",
    kind: StatementKind = StatementKind.FACT,
    published: str | None = "2024-03-13",
    url: str | None = None,
    seed: int = 0,
) -> PreparedStatement:
    rng = np.random.default_rng(seed)
    vector = rng.normal(size=DIM).astype(np.float32)
    vector /= np.linalg.norm(vector)
    source = Source(
        title="t",
        url=url,  # type: ignore[arg-type]
        published_at=dt.date.fromisoformat(published) if published else None,
    )
    rating = {"label": "False"} if kind is StatementKind.FACT_CHECK else None
    statement = StatementIn.model_validate(
        {"id": sid, "text": text, "kind": kind, "source": source.model_dump(), "rating": rating}
    )
    return PreparedStatement(
        id=sid,
        language=language,
        statement=statement,
        lexical=lexical or text.lower().replace(".", ""),
        parsed={"text": text},
        vector=vector,
    )


def test_write_get_update_keeps_created_at(store: StatementStore) -> None:
    result = store.write([prep("a", "Alpha one."), prep("b", "Beta two.")])
    assert sorted(result.created) == ["a", "b"] and result.updated == []
    first = store.get("a")
    assert first is not None and first.text == "Alpha one." and first.language == "en"
    result = store.write([prep("a", "Alpha revised.")])
    assert result.updated == ["a"]
    again = store.get("a")
    assert again is not None and again.text == "Alpha revised."
    assert again.created_at == first.created_at and again.updated_at >= first.updated_at
    assert store.get("missing") is None
    assert set(store.get_many(["a", "b", "zz"])) == {"a", "b"}
    assert store.get_analysis(["a"])["a"].lexical == "alpha revised"


def test_generation_moves_on_every_write_and_delete(store: StatementStore) -> None:
    g0 = store.generation()
    g1 = store.write([prep("a", "Alpha.")]).generation
    assert g1 > g0 == 0 or g1 > g0
    assert store.delete("a") is True
    g2 = store.generation()
    assert g2 > g1
    assert store.delete("a") is False
    assert store.generation() == g2  # a no-op delete is not a write


def test_failed_batch_leaves_store_unchanged(store: StatementStore) -> None:
    store.write([prep("a", "Alpha.")])
    before = (store.generation(), [s.id for s in store.iter_all()])
    bad = prep("b", "Beta.")
    broken = PreparedStatement(
        id="c",
        language="en",
        statement=bad.statement,
        lexical="c",
        parsed={"x": object()},
        vector=bad.vector,
    )  # not JSON-serialisable
    with pytest.raises(TypeError):
        store.write([prep("b", "Beta."), broken])
    assert (store.generation(), [s.id for s in store.iter_all()]) == before


def test_lexical_search_and_filters(store: StatementStore) -> None:
    store.write(
        [
            prep("en1", "Musk sued OpenAI.", lexical="musk sue openai"),
            prep("ko1", "머스크가 고소했다.", lexical="머스크 고소", language="ko"),
            prep(
                "fc1",
                "OpenAI sued Musk.",
                lexical="openai sue musk",
                kind=StatementKind.FACT_CHECK,
                published="2020-01-01",
                url="https://e.org/x",
            ),
        ]
    )
    hits = store.lexical_search(["musk", "sue"], StatementFilter(), 10)
    assert {h[0] for h in hits} == {"en1", "fc1"} and all(s > 0 for _, s in hits)
    assert store.lexical_search(["머스크"], StatementFilter(), 10)[0][0] == "ko1"
    kind_only = store.lexical_search(["musk"], StatementFilter(kind=StatementKind.FACT_CHECK), 10)
    assert [h[0] for h in kind_only] == ["fc1"]
    dated = store.lexical_search(["musk"], StatementFilter(as_of=dt.date(2021, 1, 1)), 10)
    assert [h[0] for h in dated] == ["fc1"]
    assert store.lexical_search(['"', "OR", "*"], StatementFilter(), 10) == []
    listed = store.page(StatementFilter(source_url="https://e.org/x"))
    assert [s.id for s in listed] == ["fc1"]
    page = store.page(StatementFilter(), after="en1", limit=1)
    assert [s.id for s in page] == ["fc1"]
    assert [s.id for s in store.page(StatementFilter(), match_tokens=["고소"])] == ["ko1"]
    assert "openai" in store.vocabulary()


def test_equal_scores_keep_insertion_order(store: StatementStore) -> None:
    """Duplicates rank in the order they were first written, in every store (the re-ranker
    weighs the lexical rank, so both stores must break ties alike)."""
    store.write([prep(sid, "Same.", lexical="same words here") for sid in ("m", "b", "x")])
    store.write([prep("a", "Same.", lexical="same words here"), prep("z", "Other.")])
    store.write([prep("b", "Same again.", lexical="same words here")])  # an update keeps its place
    for flt in (StatementFilter(), StatementFilter(kind=StatementKind.FACT)):
        hits = store.lexical_search(["same", "words"], flt, 10)
        assert [sid for sid, _ in hits] == ["m", "b", "x", "a"]
        assert len({score for _, score in hits}) == 1


def test_vectors_since_reports_writes_and_deletes(store: StatementStore) -> None:
    g1 = store.write([prep("a", "A.", seed=1), prep("b", "B.", seed=2)]).generation
    full = store.vectors_since(0)
    assert sorted(full.ids) == ["a", "b"] and full.vectors.shape == (2, DIM)
    assert full.generation == g1
    np.testing.assert_allclose(np.linalg.norm(full.vectors, axis=1), 1.0, atol=1e-2)
    store.write([prep("c", "C.", seed=3)])
    store.delete("a")
    delta = store.vectors_since(g1)
    assert delta.ids == ["c"] and delta.deleted == ["a"]
    assert store.vectors_since(delta.generation).ids == []


def test_vector_batches_add_up_to_one_read(store: StatementStore) -> None:
    store.write([prep(f"s{i}", f"S {i}.", seed=i) for i in range(7)])
    g1 = store.generation()
    store.delete("s1")
    store.write([prep(f"s{i}", f"S {i}.", seed=i) for i in range(7, 10)])
    whole = store.vectors_since(0)
    parts = list(store.vector_batches_since(0, batch=3))
    assert [len(p.ids) for p in parts] == [3, 3, 3]
    assert [i for p in parts for i in p.ids] == whole.ids and "s1" not in whole.ids
    np.testing.assert_array_equal(np.concatenate([p.vectors for p in parts]), whole.vectors)
    assert {p.generation for p in parts} == {whole.generation}
    since = list(store.vector_batches_since(g1, batch=2))
    assert since[0].deleted == ["s1"] and all(not p.deleted for p in since[1:])
    assert [i for p in since for i in p.ids] == ["s7", "s8", "s9"]
    assert [len(p.ids) for p in store.vector_batches_since(whole.generation)] == [0]


def test_english_vectors_travel_with_their_rows(store: StatementStore) -> None:
    english = np.full(DIM, 0.5, dtype=np.float32)
    with_english = dataclasses.replace(prep("a", "A.", seed=1), english_vector=english)
    g1 = store.write([with_english, prep("k", "K.", language="ko", seed=2)]).generation
    full = store.vectors_since(0)
    assert [full.ids[i] for i in full.english_rows] == ["a"]
    np.testing.assert_allclose(full.english_vectors, english[None, :], atol=1e-3)
    seen = full.english_delta()
    assert seen.ids == ["a"] and seen.kinds == [full.kinds[full.ids.index("a")]]
    assert "k" in seen.deleted and seen.vectors.shape == (1, DIM)
    # Rewritten without one (say, now in Korean): gone from an English index.
    store.write([prep("a", "A again.", language="ko", seed=1)])
    delta = store.vectors_since(g1)
    assert delta.ids == ["a"] and delta.english_rows == []
    assert delta.english_delta().deleted == ["a"]


def test_stats_and_export(store: StatementStore) -> None:
    store.write(
        [
            prep("a", "A."),
            prep("k", "K.", language="ko"),
            prep("f", "F.", kind=StatementKind.FACT_CHECK),
        ]
    )
    stats = store.stats()
    assert stats.total == 3
    assert stats.by_kind == {"fact": 2, "fact_check": 1}
    assert stats.by_language == {"en": 2, "ko": 1}
    assert [s.id for s in store.iter_all()] == ["a", "f", "k"]
    store.ping()


def test_stats_are_counted_again_only_after_a_change(
    store: StatementStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write([prep("a", "A."), prep("k", "K.", language="ko")])
    counts: list[int] = []
    count = store.count_stats

    def counting() -> StoreStats:
        counts.append(1)
        return count()

    monkeypatch.setattr(store, "count_stats", counting)
    first = store.stats()
    assert store.stats() == first and len(counts) == 1  # nothing changed: not counted again
    store.write([prep("f", "F.", kind=StatementKind.FACT_CHECK)])
    after_write = store.stats()
    assert after_write.total == 3 and after_write.by_kind == {"fact": 2, "fact_check": 1}
    store.delete("k")
    after_delete = store.stats()
    assert after_delete.total == 2 and after_delete.by_language == {"en": 2}
    assert len(counts) == 3


def test_concurrent_writers_lose_nothing(store: StatementStore) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                store.write([prep(f"w{n}-{i}", f"Writer {n} item {i}.")])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.stats().total == 80
    assert store.generation() == 80


def test_identity_is_stable_and_unique(store_factory: StoreFactory) -> None:
    store = store_factory()
    first = store.identity()
    assert first and store.identity() == first
    assert store_factory().identity() != first
