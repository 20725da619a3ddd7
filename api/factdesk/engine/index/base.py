"""The `VectorIndex` interface, the filter it applies, and what its implementations share.

Nothing here imports an implementation: the backends (`exact`, `hnsw`, `pgvector`, `auto`) import
this module, and `factdesk.engine.index.create_index` picks one of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from factdesk.config import DEFAULT_ANN_THRESHOLD, DEFAULT_EF_SEARCH, IndexConfig, IndexKind
from factdesk.store.base import StatementFilter, VectorDelta

__all__ = [
    "DEFAULT_ANN_THRESHOLD",
    "DEFAULT_EF_SEARCH",
    "IndexConfig",
    "IndexKind",
    "RowMetadata",
    "VectorFilter",
    "VectorIndex",
    "filter_rows",
    "quantize",
]


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

    @property
    def backend(self) -> str:
        """Short name of the structure answering searches (for logs and benchmarks)."""
        return type(self).__name__

    @property
    def follows_store(self) -> bool:
        """True when the index reads the store on every query: `apply` is then not needed
        and `SyncedIndex` loads no deltas into it."""
        return False

    def held_similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> dict[str, float]:
        """Cosine of the query with each given id the index holds; other ids are absent."""
        held = [i for i in ids if i in self]
        return dict(zip(held, self.similarity(held, query), strict=True))


def quantize(
    vectors: npt.NDArray[np.floating[Any]],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Rows as int8 with one scale each (`row ≈ q * scale`): a quarter of float32's memory,
    and a cosine error around 1e-3 for 384-d unit vectors."""
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    scales = np.abs(matrix).max(axis=1) / 127.0 if len(matrix) else np.zeros(0, np.float32)
    scales = np.where(scales > 0, scales, 1.0).astype(np.float32)
    return np.rint(matrix / scales[:, None]).astype(np.int8), scales


class RowMetadata:
    """Per-row metadata an in-memory index keeps for its filters: codes of kind and language,
    and the publication day ordinal (0 when unknown), in arrays that grow with the rows.

    Subclasses with more per-row arrays extend `_resize`."""

    def __init__(self, capacity: int = 1024) -> None:
        self._kinds = np.zeros(capacity, dtype=np.int8)
        self._langs = np.zeros(capacity, dtype=np.int16)
        self._published = np.zeros(capacity, dtype=np.int32)
        self._kind_codes: dict[str, int] = {}
        self._lang_codes: dict[str, int] = {}

    @staticmethod
    def _code(table: dict[str, int], value: str) -> int:
        return table.setdefault(value, len(table) + 1)

    def _set_metadata(self, row: int, kind: str, language: str, published: int) -> None:
        self._kinds[row] = self._code(self._kind_codes, kind)
        self._langs[row] = self._code(self._lang_codes, language)
        self._published[row] = published

    def _grow(self, needed: int) -> None:
        """Room for at least `needed` rows (doubling, so appends stay amortised O(1))."""
        capacity = len(self._kinds)
        if needed <= capacity:
            return
        self._resize(max(needed, capacity * 2))

    def _resize(self, capacity: int) -> None:
        self._kinds = np.resize(self._kinds, capacity)
        self._langs = np.resize(self._langs, capacity)
        self._published = np.resize(self._published, capacity)


def filter_rows(
    index: RowMetadata, flt: VectorFilter, base: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """`base` (one flag per row) narrowed to the rows passing `flt`."""
    n = len(base)
    mask = base
    if flt.kind is not None:
        mask &= index._kinds[:n] == index._kind_codes.get(flt.kind, -1)
    if flt.language is not None:
        mask &= index._langs[:n] == index._lang_codes.get(flt.language, -1)
    if flt.published_on_or_before is not None:
        published = index._published[:n]
        mask &= (published == 0) | (published <= flt.published_on_or_before)
    return mask
