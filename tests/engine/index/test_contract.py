"""The `VectorIndex` contract, run against every backend, and the approximate one's recall."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest
from factdesk.engine.index import (
    AutoIndex,
    IndexConfig,
    IndexKind,
    NumpyIndex,
    VectorFilter,
    VectorIndex,
    create_index,
    hnsw,
    quantize,
)
from factdesk.engine.index.hnsw import HnswIndex
from factdesk.store.base import VectorDelta

DIM = 32

BACKENDS: dict[str, Callable[[], VectorIndex]] = {
    "exact": lambda: NumpyIndex(DIM),
    "exact-int8": lambda: NumpyIndex(DIM, compact=True),
    "hnsw": lambda: HnswIndex(DIM),
    # Crosses its threshold with the fixture's first write.
    "auto": lambda: AutoIndex(DIM, IndexConfig(threshold=3)),
    "auto-similarity-only": lambda: AutoIndex(DIM, IndexConfig(threshold=3), searchable=False),
}


def unit(*values: float) -> npt.NDArray[np.float32]:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def delta(
    rows: dict[str, npt.NDArray[np.float32]],
    *,
    kinds: dict[str, str] | None = None,
    languages: dict[str, str] | None = None,
    published: dict[str, int] | None = None,
    deleted: tuple[str, ...] = (),
) -> VectorDelta:
    ids = list(rows)
    return VectorDelta(
        generation=1,
        ids=ids,
        vectors=np.stack(list(rows.values())) if rows else np.zeros((0, DIM), np.float32),
        kinds=[(kinds or {}).get(i, "statement") for i in ids],
        languages=[(languages or {}).get(i, "en") for i in ids],
        published=[(published or {}).get(i, 0) for i in ids],
        deleted=list(deleted),
    )


@pytest.fixture(params=list(BACKENDS))
def index(request: pytest.FixtureRequest) -> VectorIndex:
    made = BACKENDS[request.param]()
    made.apply(
        delta(
            {
                "a": unit(1, 0),
                "b": unit(1, 1),
                "c": unit(0, 1),
                "d": unit(-1, 0),
                "e": unit(0, 0, 1),
            },
            kinds={"c": "fact_check", "d": "fact_check"},
            languages={"b": "ko", "d": "ko"},
            published={"a": 738_000, "b": 739_000, "c": 740_000},
        )
    )
    return made


def ids(hits: list[tuple[str, float]]) -> list[str]:
    return [sid for sid, _ in hits]


def test_search_is_best_first_with_cosines(index: VectorIndex) -> None:
    hits = index.search(unit(1, 0), 3, VectorFilter())
    assert ids(hits) == ["a", "b", "c"] or ids(hits) == ["a", "b", "e"]
    assert hits[0][1] == pytest.approx(1.0, abs=0.01)
    assert hits[1][1] == pytest.approx(2**-0.5, abs=0.01)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_len_contains_and_k_bounds(index: VectorIndex) -> None:
    assert len(index) == 5
    assert "a" in index and "zz" not in index
    assert len(index.search(unit(1, 0), 50, VectorFilter())) == 5
    assert index.search(unit(1, 0), 0, VectorFilter()) == []


def test_filters_kind_language_and_as_of(index: VectorIndex) -> None:
    query = unit(1, 0)
    assert set(ids(index.search(query, 10, VectorFilter(kind="fact_check")))) == {"c", "d"}
    assert set(ids(index.search(query, 10, VectorFilter(language="ko")))) == {"b", "d"}
    assert set(ids(index.search(query, 10, VectorFilter(kind="rumour")))) == set()
    # Undated statements pass an as-of filter; dated ones only up to the day.
    as_of = VectorFilter(published_on_or_before=739_000)
    assert set(ids(index.search(query, 10, as_of))) == {"a", "b", "d", "e"}
    both = VectorFilter(kind="fact_check", language="ko", published_on_or_before=739_000)
    assert ids(index.search(query, 10, both)) == ["d"]


def test_similarity_of_given_ids(index: VectorIndex) -> None:
    scores = index.similarity(["b", "unknown", "d"], unit(1, 0))
    assert scores[0] == pytest.approx(2**-0.5, abs=0.01)
    assert scores[1] == 0.0
    assert scores[2] == pytest.approx(-1.0, abs=0.01)
    assert index.similarity([], unit(1, 0)) == []
    assert index.similarity(["nope"], unit(1, 0)) == [0.0]


def test_update_replaces_vector_and_metadata(index: VectorIndex) -> None:
    index.apply(delta({"a": unit(0, 0, 0, 1)}, kinds={"a": "fact_check"}))
    assert len(index) == 5
    assert ids(index.search(unit(0, 0, 0, 1), 1, VectorFilter())) == ["a"]
    assert "a" in ids(index.search(unit(1, 0), 10, VectorFilter(kind="fact_check")))
    assert index.similarity(["a"], unit(1, 0))[0] == pytest.approx(0.0, abs=0.01)


def test_delete_then_write_again(index: VectorIndex) -> None:
    index.apply(delta({}, deleted=("a", "never-there")))
    assert len(index) == 4 and "a" not in index
    assert "a" not in ids(index.search(unit(1, 0), 10, VectorFilter()))
    assert index.similarity(["a"], unit(1, 0)) == [0.0]
    index.apply(delta({"a": unit(1, 0), "f": unit(1, 0.1)}))
    assert len(index) == 6
    assert ids(index.search(unit(1, 0), 2, VectorFilter())) == ["a", "f"]


def test_an_id_repeated_in_one_delta_keeps_its_last_row() -> None:
    for make in BACKENDS.values():
        index = make()
        rows = delta({"x": unit(1, 0), "y": unit(0, 1)})
        index.apply(
            VectorDelta(
                generation=1,
                ids=["x", "y", "x"],
                vectors=np.stack([unit(1, 0), unit(0, 1), unit(0, 0, 1)]),
                kinds=[*rows.kinds, "statement"],
                languages=[*rows.languages, "en"],
                published=[*rows.published, 0],
                deleted=[],
            )
        )
        assert len(index) == 2
        assert index.similarity(["x"], unit(0, 0, 1))[0] == pytest.approx(1.0, abs=0.01)


def test_empty_index() -> None:
    for make in BACKENDS.values():
        index = make()
        assert len(index) == 0
        assert index.search(unit(1, 0), 5, VectorFilter()) == []
        assert index.search(unit(1, 0), 5, VectorFilter(kind="fact_check")) == []


def test_factory_and_auto_switch() -> None:
    assert isinstance(create_index(DIM, IndexConfig(kind=IndexKind.EXACT)), NumpyIndex)
    assert isinstance(create_index(DIM, IndexConfig(kind=IndexKind.HNSW)), HnswIndex)
    assert create_index(DIM, IndexConfig(kind=IndexKind.HNSW), searchable=False).backend == (
        "exact-int8"
    )
    auto = create_index(DIM, IndexConfig(threshold=2))
    auto.apply(delta({"a": unit(1, 0), "b": unit(0, 1)}))
    assert auto.backend == "exact"  # at the threshold, not above it
    auto.apply(delta({"c": unit(1, 1)}))
    assert auto.backend == "hnsw"
    auto.apply(delta({}, deleted=("a", "b")))
    assert auto.backend == "hnsw" and ids(auto.search(unit(1, 0), 5, VectorFilter())) == ["c"]


def test_quantize_round_trips_within_a_step() -> None:
    rng = np.random.default_rng(3)
    rows = rng.standard_normal((50, DIM)).astype(np.float32)
    q, scales = quantize(rows)
    assert q.dtype == np.int8 and np.abs(q).max() == 127
    assert np.abs(q * scales[:, None] - rows).max() <= scales.max() / 2 + 1e-6
    zero_q, zero_scale = quantize(np.zeros((1, DIM), np.float32))
    assert not zero_q.any() and zero_scale[0] == 1.0


# -- recall: a quality check of the approximate index, not a timing ------------------------


def clustered(n: int, dim: int, seed: int) -> npt.NDArray[np.float32]:
    """Random unit vectors mixed from cluster centres (cosine ~0.7 to their centre).

    Text embeddings look like this: isotropic random vectors in 384 dimensions have no
    neighbourhood structure at all, and no graph index finds their neighbours cheaply."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(n // 50, 8), dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = rng.standard_normal((n, dim)).astype(np.float32) / np.sqrt(dim)
    vectors = centres[rng.integers(0, len(centres), n)] + noise
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # type: ignore[no-any-return]


def recall_at_10(
    exact: VectorIndex, approx: VectorIndex, queries: npt.NDArray[np.float32], flt: VectorFilter
) -> float:
    found = 0
    for query in queries:
        truth = set(ids(exact.search(query, 10, flt)))
        found += len(truth & set(ids(approx.search(query, 10, flt))))
    return found / (10 * len(queries))


@pytest.fixture(scope="module")
def recall_pair() -> tuple[NumpyIndex, HnswIndex, npt.NDArray[np.float32]]:
    n, dim = 4000, 384
    vectors = clustered(n + 200, dim, seed=7)
    rows = VectorDelta(
        generation=1,
        ids=[f"s{i}" for i in range(n)],
        vectors=vectors[:n],
        kinds=["fact_check" if i % 4 == 0 else "statement" for i in range(n)],
        languages=["en"] * n,
        published=[0] * n,
        deleted=[],
    )
    exact, approx = NumpyIndex(dim), HnswIndex(dim)
    exact.apply(rows)
    approx.apply(rows)
    return exact, approx, vectors[n:]


def test_hnsw_recall_at_10_against_exact(
    recall_pair: tuple[NumpyIndex, HnswIndex, npt.NDArray[np.float32]],
) -> None:
    exact, approx, queries = recall_pair
    assert recall_at_10(exact, approx, queries, VectorFilter()) >= 0.95


def test_hnsw_filtered_recall_through_over_fetch_and_fallback(
    recall_pair: tuple[NumpyIndex, HnswIndex, npt.NDArray[np.float32]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exact, approx, queries = recall_pair
    # Make the 1,000 fact-checks too many for the exact path, so the graph is over-fetched.
    monkeypatch.setattr(hnsw, "EXACT_FILTERED_ROWS", 100)
    flt = VectorFilter(kind="fact_check")
    assert recall_at_10(exact, approx, queries, flt) >= 0.95
    # An over-fetch too small to find ten fact-checks falls back to the exact answer.
    monkeypatch.setattr(hnsw, "OVERFETCH_MARGIN", 0.01)
    for query in queries[:20]:
        hits = approx.search(query, 10, flt)
        assert len(hits) == 10 and all(int(sid[1:]) % 4 == 0 for sid in ids(hits))
