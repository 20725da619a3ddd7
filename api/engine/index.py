"""In-memory vector index over the store's vectors, kept in sync by the store generation.

Several worker processes may write to one store: before each search the index asks the store for
its generation (one indexed read) and, when it moved, applies only the rows written or deleted
since, so a restart or another worker's write never needs a full re-embed.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from api.store.base import StatementFilter, StatementStore, VectorDelta


@dataclass(frozen=True, slots=True)
class VectorFilter:
    """Restrictions applied inside the index (cheap masks, not a post-filter over top-k)."""

    kind: str | None = None
    language: str | None = None
    published_on_or_before: int | None = None  # date ordinal

    @classmethod
    def from_statement_filter(cls, flt: StatementFilter) -> VectorFilter:
        return cls(
            kind=str(flt.kind) if flt.kind else None,
            language=flt.language,
            published_on_or_before=flt.as_of.toordinal() if flt.as_of else None,
        )


class VectorIndex(ABC):
    """Nearest neighbours by inner product over L2-normalised vectors."""

    @abstractmethod
    def apply(self, delta: VectorDelta) -> None:
        """Add or replace the delta's rows, drop its deleted ids."""

    @abstractmethod
    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        """Top-k (id, cosine) best first."""

    @abstractmethod
    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        """Cosine of the query with each given id (0.0 for ids not in the index)."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def __contains__(self, statement_id: object) -> bool:
        """Whether the index holds a vector for this id."""


class NumpyIndex(VectorIndex):
    """Exact search with one matrix-vector product; fine to ~100k statements."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((1024, dim), dtype=np.float32)
        self._kinds = np.zeros(1024, dtype=np.int8)
        self._langs = np.zeros(1024, dtype=np.int16)
        self._published = np.zeros(1024, dtype=np.int32)
        self._kind_codes: dict[str, int] = {}
        self._lang_codes: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._row

    @staticmethod
    def _code(table: dict[str, int], value: str) -> int:
        return table.setdefault(value, len(table) + 1)

    def _grow(self, needed: int) -> None:
        capacity = self._matrix.shape[0]
        if needed <= capacity:
            return
        new = max(needed, capacity * 2)
        self._matrix = np.resize(self._matrix, (new, self.dim))
        self._kinds = np.resize(self._kinds, new)
        self._langs = np.resize(self._langs, new)
        self._published = np.resize(self._published, new)

    def _remove(self, sid: str) -> None:
        row = self._row.pop(sid, None)
        if row is None:
            return
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._row[moved] = row
            self._matrix[row] = self._matrix[last]
            self._kinds[row] = self._kinds[last]
            self._langs[row] = self._langs[last]
            self._published[row] = self._published[last]
        self._ids.pop()

    def apply(self, delta: VectorDelta) -> None:
        for sid in delta.deleted:
            self._remove(sid)
        if not delta.ids:
            return
        self._grow(len(self._ids) + len(delta.ids))
        for i, sid in enumerate(delta.ids):
            row = self._row.get(sid)
            if row is None:
                row = len(self._ids)
                self._ids.append(sid)
                self._row[sid] = row
            self._matrix[row] = delta.vectors[i]
            self._kinds[row] = self._code(self._kind_codes, delta.kinds[i])
            self._langs[row] = self._code(self._lang_codes, delta.languages[i])
            self._published[row] = delta.published[i]

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        rows = [self._row.get(i) for i in ids]
        return [float(self._matrix[r] @ query) if r is not None else 0.0 for r in rows]

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        n = len(self._ids)
        if n == 0 or k <= 0:
            return []
        scores = self._matrix[:n] @ query.astype(np.float32)
        mask = np.ones(n, dtype=bool)
        if flt.kind is not None:
            mask &= self._kinds[:n] == self._kind_codes.get(flt.kind, -1)
        if flt.language is not None:
            mask &= self._langs[:n] == self._lang_codes.get(flt.language, -1)
        if flt.published_on_or_before is not None:
            published = self._published[:n]
            mask &= (published == 0) | (published <= flt.published_on_or_before)
        if not mask.all():
            scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top]


class SyncedIndex:
    """A `VectorIndex` that follows a `StatementStore` by generation, and optionally a second
    one over the statements' English vectors (`english`), kept in step with it."""

    def __init__(
        self, store: StatementStore, index: VectorIndex, english: VectorIndex | None = None
    ) -> None:
        self.store = store
        self.index = index
        self.english = english
        self.generation = -1
        self._lock = threading.Lock()

    def refresh(self) -> int:
        """Bring the index up to the store's generation; return that generation."""
        current = self.store.generation()
        if current == self.generation:
            return current
        with self._lock:
            if current != self.generation:
                delta = self.store.vectors_since(max(self.generation, 0))
                self.index.apply(delta)
                if self.english is not None:
                    self.english.apply(delta.english_delta())
                self.generation = delta.generation
            return self.generation

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        self.refresh()
        return self.index.search(query, k, flt)
