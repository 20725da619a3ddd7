"""`HnswIndex`: approximate nearest neighbours, an HNSW graph (usearch) behind `VectorIndex`.

Importing this module loads usearch's native library: the factory imports it only when an
HNSW index is built.

Rows are held as int8 with one scale each (a quarter of float32's memory; the graph's cosine
metric makes the scale irrelevant to ranking).

Filters are masks over per-key metadata: a selective filter is answered exactly over the rows
it lets through, a loose one by asking the graph for more neighbours than wanted and keeping
those that pass, falling back to the exact answer when too few do.

`save` and `load` keep the graph, the rows and the metadata in a directory, so a large store
does not rebuild its graph at every start (`factdesk.engine.index.synced.SyncedIndex`).
"""

from __future__ import annotations

import json
import math
import os
import secrets
import shutil
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from usearch.index import Index

from factdesk.engine.index.base import (
    DEFAULT_EF_SEARCH,
    RowMetadata,
    VectorFilter,
    VectorIndex,
    filter_rows,
    quantize,
)
from factdesk.store.base import VectorDelta

# Graph degree and build breadth: chosen for recall@10 (docs/PERFORMANCE.md §9, "Graph
# parameters"); a wider build costs time once, since the graph is saved.
CONNECTIVITY = 16
EXPANSION_ADD = 200
SNAPSHOT_FORMAT = 1
# A filter letting through at most this many rows is answered exactly over them. Gathering rows
# from the graph is slow, so larger sets are over-fetched from it instead (docs/PERFORMANCE.md
# §8, item 5).
EXACT_FILTERED_ROWS = 2_000
# Over-fetch for a filtered search: wanted / pass rate, times this margin, at most MAX_FETCH
# (a search that wide costs a few ms; beyond it the exact answer over the passing rows).
OVERFETCH_MARGIN = 2.0
MAX_FETCH = 10_000
_PARALLEL_ADD = 5_000  # deltas this large are added with every core


def _graph_index(dim: int, ef_search: int) -> Index:
    return Index(
        ndim=dim,
        metric="cos",
        dtype="i8",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=ef_search,
    )


class HnswIndex(RowMetadata, VectorIndex):
    """HNSW over centred int8 rows, keyed by small integers reused after deletes."""

    def __init__(self, dim: int, *, ef_search: int = DEFAULT_EF_SEARCH) -> None:
        super().__init__(1024)
        self.dim = dim
        self.ef_search = ef_search
        self._index = _graph_index(dim, ef_search)
        self._key: dict[str, int] = {}
        self._ids: list[str | None] = []  # by key; None for a free key
        self._free: list[int] = []
        self._alive = np.zeros(1024, dtype=bool)
        # usearch searches concurrently, but a removal racing a search is not documented safe.
        self._lock = threading.RLock()

    @property
    def backend(self) -> str:
        return "hnsw"

    def __len__(self) -> int:
        return len(self._key)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._key

    def _resize(self, capacity: int) -> None:
        # Zeros, not np.resize's repeated rows: a new key is not alive until it is added.
        grown = np.zeros(capacity - len(self._alive), dtype=bool)
        self._alive = np.concatenate([self._alive, grown])
        super()._resize(capacity)

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
                self._set_metadata(key, delta.kinds[i], delta.languages[i], delta.published[i])
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
        self, query: npt.NDArray[np.float32], count: int
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float32]]:
        """`count` nearest keys from the graph, with their cosines."""
        q8 = quantize(query[None, :])[0][0]
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
            mask = self._mask(flt)
            if mask is None:
                keys, scores = self._graph(q, min(k, total))
                return [(self._id(int(key)), float(s)) for key, s in zip(keys, scores, strict=True)]
            passing = int(mask.sum())
            if passing == 0:
                return []
            wanted = min(k, passing)
            if passing <= EXACT_FILTERED_ROWS:
                return self._exact(q, k, np.flatnonzero(mask))
            fetch = min(total, math.ceil(wanted * total / passing * OVERFETCH_MARGIN) + 10)
            if fetch <= MAX_FETCH:
                keys, scores = self._graph(q, fetch)
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

    # -- saved to and loaded from a directory ---------------------------------------------

    def save(self, directory: Path, meta: dict[str, Any]) -> None:
        """Write the graph, rows and metadata (with the caller's `meta`) to `directory`,
        replacing what is there only once everything is written."""
        with self._lock:
            directory.parent.mkdir(parents=True, exist_ok=True)
            work = directory.parent / f".{directory.name}.{os.getpid()}.{secrets.token_hex(4)}"
            work.mkdir()
            try:
                self._index.save(str(work / "graph.usearch"))
                encoded = [(sid or "").encode("utf-8") for sid in self._ids]
                np.savez(
                    work / "rows.npz",
                    ids=np.frombuffer(b"".join(encoded), dtype=np.uint8),
                    id_lengths=np.array([len(b) for b in encoded], dtype=np.int32),
                    free=np.array(self._free, dtype=np.int64),
                    alive=self._alive[: len(self._ids)],
                    kinds=self._kinds[: len(self._ids)],
                    langs=self._langs[: len(self._ids)],
                    published=self._published[: len(self._ids)],
                )
                header = {
                    "format": SNAPSHOT_FORMAT,
                    "dim": self.dim,
                    "kind_codes": self._kind_codes,
                    "lang_codes": self._lang_codes,
                    "count": len(self._key),
                    **meta,
                }
                (work / "meta.json").write_text(json.dumps(header), "utf-8")
                old = directory.parent / f".{directory.name}.old.{secrets.token_hex(4)}"
                if directory.exists():
                    directory.rename(old)
                work.rename(directory)
                shutil.rmtree(old, ignore_errors=True)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise

    @staticmethod
    def saved_meta(directory: Path) -> dict[str, Any] | None:
        """The header of a saved index, or None when there is none or it is unreadable."""
        try:
            meta = json.loads((directory / "meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("format") != SNAPSHOT_FORMAT:
            return None
        return meta

    @classmethod
    def load(cls, directory: Path, *, ef_search: int = DEFAULT_EF_SEARCH) -> HnswIndex:
        """An index as `save` left it (raises OSError or ValueError when it is damaged)."""
        meta = cls.saved_meta(directory)
        if meta is None:
            raise ValueError(f"{directory}: no saved index of format {SNAPSHOT_FORMAT}")
        index = cls(int(meta["dim"]), ef_search=ef_search)
        index._index.load(str(directory / "graph.usearch"))
        index._index.expansion_search = ef_search  # type: ignore[misc]
        with np.load(directory / "rows.npz") as rows:
            blob = rows["ids"].tobytes()
            ends = np.cumsum(rows["id_lengths"]).tolist()
            starts = [0, *ends[:-1]]
            alive = rows["alive"].astype(bool)
            ids: list[str | None] = [
                blob[a:b].decode("utf-8") if alive[n] else None
                for n, (a, b) in enumerate(zip(starts, ends, strict=True))
            ]
            index._ids = ids
            index._key = {sid: n for n, sid in enumerate(ids) if sid is not None}
            index._free = [int(k) for k in rows["free"]]
            n = len(ids)
            index._grow(max(n, 1))
            index._alive[:n] = alive
            index._kinds[:n] = rows["kinds"]
            index._langs[:n] = rows["langs"]
            index._published[:n] = rows["published"]
        index._kind_codes = {str(k): int(v) for k, v in meta["kind_codes"].items()}
        index._lang_codes = {str(k): int(v) for k, v in meta["lang_codes"].items()}
        if len(index._key) != int(meta["count"]) or len(index._index) != len(index._key):
            raise ValueError(f"{directory}: saved index is inconsistent")
        return index
