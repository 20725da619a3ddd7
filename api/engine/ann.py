"""Approximate nearest neighbours: an HNSW graph (usearch) behind `VectorIndex`.

Vectors are held as int8 with one scale per row (a quarter of float32's memory; the graph's
cosine metric makes the scale irrelevant to ranking). Filters are masks over per-key metadata:
a selective filter is answered exactly over the rows it lets through, a loose one by asking the
graph for more neighbours than wanted and keeping those that pass, falling back to the exact
answer when too few do.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
import numpy.typing as npt
from usearch.index import Index

from api.engine.index import (
    DEFAULT_EF_SEARCH,
    VectorFilter,
    VectorIndex,
    filter_rows,
    quantize,
)
from api.store.base import VectorDelta

# Graph degree and build breadth. With ef_search 256, recall@10 against exact float32 search is
# ~0.98 on e5 vectors at 100k (int8 rounding, not the graph, limits it; docs/PERFORMANCE.md).
CONNECTIVITY = 16
EXPANSION_ADD = 64
# A filter letting through at most this many rows is answered exactly over them. Gathering rows
# from the graph is slow (~5 µs each), so larger sets are over-fetched from the graph instead.
EXACT_FILTERED_ROWS = 2_000
# Over-fetch for a filtered search: wanted / pass rate, times this margin, at most MAX_FETCH
# (a search that wide costs a few ms; beyond it the exact answer over the passing rows).
OVERFETCH_MARGIN = 2.0
MAX_FETCH = 10_000
_PARALLEL_ADD = 5_000  # deltas this large are added with every core


class HnswIndex(VectorIndex):
    """HNSW over int8 rows, keyed by small integers reused after deletes."""

    def __init__(self, dim: int, *, ef_search: int = DEFAULT_EF_SEARCH) -> None:
        self.dim = dim
        self.ef_search = ef_search
        self._index = Index(
            ndim=dim,
            metric="cos",
            dtype="i8",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=ef_search,
        )
        self._key: dict[str, int] = {}
        self._ids: list[str | None] = []  # by key; None for a free key
        self._free: list[int] = []
        self._alive = np.zeros(1024, dtype=bool)
        self._kinds = np.zeros(1024, dtype=np.int8)
        self._langs = np.zeros(1024, dtype=np.int16)
        self._published = np.zeros(1024, dtype=np.int32)
        self._kind_codes: dict[str, int] = {}
        self._lang_codes: dict[str, int] = {}
        # usearch searches concurrently, but a removal racing a search is not documented safe.
        self._lock = threading.RLock()

    @property
    def backend(self) -> str:
        return "hnsw"

    def __len__(self) -> int:
        return len(self._key)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._key

    @staticmethod
    def _code(table: dict[str, int], value: str) -> int:
        return table.setdefault(value, len(table) + 1)

    def _grow(self, needed: int) -> None:
        capacity = len(self._alive)
        if needed <= capacity:
            return
        new = max(needed, capacity * 2)
        self._alive = np.concatenate([self._alive, np.zeros(new - capacity, dtype=bool)])
        self._kinds = np.resize(self._kinds, new)
        self._langs = np.resize(self._langs, new)
        self._published = np.resize(self._published, new)

    def _new_key(self, sid: str) -> int:
        if self._free:
            key = self._free.pop()
            self._ids[key] = sid
        else:
            key = len(self._ids)
            self._ids.append(sid)
        self._key[sid] = key
        return key

    def apply(self, delta: VectorDelta) -> None:
        with self._lock:
            gone = [self._key.pop(sid) for sid in delta.deleted if sid in self._key]
            # A rewritten id keeps its key; its old vector leaves the graph first.
            replaced = [self._key[sid] for sid in dict.fromkeys(delta.ids) if sid in self._key]
            if gone or replaced:
                self._index.remove(np.array(gone + replaced, dtype=np.uint64))
            for key in gone:
                self._alive[key] = False
                self._ids[key] = None
                self._free.append(key)
            if not delta.ids:
                return
            # Keep the last row of an id repeated within one delta.
            last = {sid: i for i, sid in enumerate(delta.ids)}
            rows = np.fromiter(last.values(), dtype=np.int64, count=len(last))
            self._grow(len(self._ids) + len(rows))
            keys = np.empty(len(rows), dtype=np.uint64)
            for n, (sid, i) in enumerate(last.items()):
                known = self._key.get(sid)
                key = self._new_key(sid) if known is None else known
                keys[n] = key
                self._kinds[key] = self._code(self._kind_codes, delta.kinds[i])
                self._langs[key] = self._code(self._lang_codes, delta.languages[i])
                self._published[key] = delta.published[i]
                self._alive[key] = True
            vectors, _ = quantize(delta.vectors[rows])
            threads = 0 if len(keys) >= _PARALLEL_ADD else 1
            self._index.add(keys, vectors, threads=threads)

    def _mask(self, flt: VectorFilter) -> npt.NDArray[np.bool_] | None:
        if flt == VectorFilter():
            return None
        return filter_rows(self, flt, self._alive[: len(self._ids)].copy())

    def _stored(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.float32]:
        """The stored (int8) rows of these keys as unit float32 vectors."""
        got = self._index.get(keys, dtype="i8")
        rows = [r for r in (got if isinstance(got, tuple) else (got,)) if r is not None]
        matrix = np.stack(rows).astype(np.float32).reshape(len(keys), self.dim)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
        return matrix

    def _exact(
        self, query: npt.NDArray[np.float32], k: int, keys: npt.NDArray[np.intp]
    ) -> list[tuple[str, float]]:
        scores = self._stored(keys.astype(np.uint64)) @ query
        k = min(k, len(keys))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(keys) else np.arange(len(keys))
        top = top[np.argsort(-scores[top])]
        return [(self._id(int(keys[i])), float(scores[i])) for i in top]

    def _id(self, key: int) -> str:
        sid = self._ids[key]
        assert sid is not None
        return sid

    def _graph(
        self, q8: npt.NDArray[np.int8], count: int
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
        # Callers hold the lock, so a wider search for an over-fetch cannot leak into others.
        # (usearch's stubs miss the property's setter, which it has.)
        self._index.expansion_search = max(self.ef_search, count)  # type: ignore[misc]
        try:
            matches: Any = self._index.search(q8, count, threads=1)
        finally:
            self._index.expansion_search = self.ef_search  # type: ignore[misc]
        return matches.keys, 1.0 - matches.distances

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        with self._lock:
            total = len(self._key)
            if total == 0 or k <= 0:
                return []
            q = np.asarray(query, dtype=np.float32)
            q8 = quantize(q[None, :])[0][0]
            mask = self._mask(flt)
            if mask is None:
                keys, scores = self._graph(q8, min(k, total))
                return [(self._id(int(key)), float(s)) for key, s in zip(keys, scores, strict=True)]
            passing = int(mask.sum())
            if passing == 0:
                return []
            wanted = min(k, passing)
            if passing <= EXACT_FILTERED_ROWS:
                return self._exact(q, k, np.flatnonzero(mask))
            fetch = min(total, math.ceil(wanted * total / passing * OVERFETCH_MARGIN) + 10)
            if fetch <= MAX_FETCH:
                keys, scores = self._graph(q8, fetch)
                hits = [
                    (self._id(int(key)), float(s))
                    for key, s in zip(keys, scores, strict=True)
                    if mask[int(key)]
                ]
                if len(hits) >= wanted:
                    return hits[:wanted]
            return self._exact(q, k, np.flatnonzero(mask))

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        with self._lock:
            keys = [self._key.get(i) for i in ids]
            known = np.array([key for key in keys if key is not None], dtype=np.uint64)
            if not len(known):
                return [0.0] * len(ids)
            scores = iter((self._stored(known) @ np.asarray(query, np.float32)).tolist())
            return [next(scores) if key is not None else 0.0 for key in keys]
