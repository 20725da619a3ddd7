"""`NumpyIndex`: exact search by brute force, one matrix-vector product a query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from factdesk.engine.index.base import RowMetadata, VectorFilter, VectorIndex, filter_rows, quantize
from factdesk.store.base import VectorDelta


class NumpyIndex(RowMetadata, VectorIndex):
    """Exact search with one matrix-vector product; fine to ~100k statements.

    `compact` keeps rows as int8 with a scale each (a quarter of the memory, cosines within
    ~1e-3): for an index that is asked for similarities of given ids far more than searched."""

    _CHUNK = 65_536  # rows dequantised at a time when a compact index is searched

    def __init__(self, dim: int, *, compact: bool = False) -> None:
        super().__init__(1024)
        self.dim = dim
        self.compact = compact
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._matrix: npt.NDArray[Any] = np.zeros(
            (1024, dim), dtype=np.int8 if compact else np.float32
        )
        self._scales = np.ones(1024 if compact else 0, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._row

    @property
    def backend(self) -> str:
        return "exact-int8" if self.compact else "exact"

    def _resize(self, capacity: int) -> None:
        self._matrix = np.resize(self._matrix, (capacity, self.dim))
        if self.compact:
            self._scales = np.resize(self._scales, capacity)
        super()._resize(capacity)

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
            if self.compact:
                self._scales[row] = self._scales[last]
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
        rows = np.empty(len(delta.ids), dtype=np.int64)
        for i, sid in enumerate(delta.ids):
            row = self._row.get(sid)
            if row is None:
                row = len(self._ids)
                self._ids.append(sid)
                self._row[sid] = row
            rows[i] = row
            self._set_metadata(row, delta.kinds[i], delta.languages[i], delta.published[i])
        # Fancy assignment keeps the last of repeated ids, as writing row by row would.
        if self.compact:
            self._matrix[rows], self._scales[rows] = quantize(delta.vectors)
        else:
            self._matrix[rows] = delta.vectors

    def _vectors(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        if not self.compact:
            return self._matrix[start:stop]
        block = self._matrix[start:stop].astype(np.float32)
        block *= self._scales[start:stop, None]
        return block

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        rows = [self._row.get(i) for i in ids]
        known = [r for r in rows if r is not None]
        if not known:
            return [0.0] * len(ids)
        picked = self._matrix[known].astype(np.float32)
        if self.compact:
            picked *= self._scales[known, None]
        scores = iter((picked @ query.astype(np.float32)).tolist())
        return [next(scores) if r is not None else 0.0 for r in rows]

    def mask(self, flt: VectorFilter) -> npt.NDArray[np.bool_] | None:
        """Rows passing the filter, or None when it restricts nothing."""
        n = len(self._ids)
        if flt == VectorFilter():
            return None
        return filter_rows(self, flt, np.ones(n, dtype=bool))

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        n = len(self._ids)
        if n == 0 or k <= 0:
            return []
        q = query.astype(np.float32)
        if self.compact:
            scores = np.concatenate(
                [self._vectors(s, min(n, s + self._CHUNK)) @ q for s in range(0, n, self._CHUNK)]
            )
        else:
            scores = self._matrix[:n] @ q
        mask = self.mask(flt)
        if mask is not None:
            k = min(k, int(mask.sum()))
            if k == 0:
                return []
            if not mask.all():
                scores = np.where(mask, scores, -np.inf)
        k = min(k, n)
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top]

    def export(self, batch: int = 50_000) -> Iterator[VectorDelta]:
        """Every row, as deltas of at most `batch` rows (to move to another backend)."""
        kinds = {code: name for name, code in self._kind_codes.items()}
        langs = {code: name for name, code in self._lang_codes.items()}
        n = len(self._ids)
        for start in range(0, n, batch):
            stop = min(n, start + batch)
            yield VectorDelta(
                generation=0,
                ids=self._ids[start:stop],
                vectors=np.array(self._vectors(start, stop), dtype=np.float32),
                kinds=[kinds[int(c)] for c in self._kinds[start:stop]],
                languages=[langs[int(c)] for c in self._langs[start:stop]],
                published=[int(p) for p in self._published[start:stop]],
                deleted=[],
            )
