"""`AutoIndex`: exact while small, the large-store backend past `IndexConfig.threshold`."""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from factdesk.engine.index.base import IndexConfig, VectorFilter, VectorIndex
from factdesk.engine.index.exact import NumpyIndex
from factdesk.engine.index.pgvector import StoreVectors
from factdesk.store.base import StatementStore, VectorDelta

log = logging.getLogger("factdesk")


class AutoIndex(VectorIndex):
    """Exact while small; rebuilt once as the large-store backend when it grows past the
    threshold (and kept so if it shrinks again: rebuilding back and forth would cost more)."""

    def __init__(
        self,
        dim: int,
        config: IndexConfig,
        *,
        searchable: bool = True,
        store: StatementStore | None = None,
    ) -> None:
        self.dim = dim
        self.config = config
        self.searchable = searchable
        self.store = store
        self.inner: VectorIndex = NumpyIndex(dim)

    @property
    def backend(self) -> str:
        return self.inner.backend

    @property
    def follows_store(self) -> bool:
        return self.inner.follows_store

    def held_similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> dict[str, float]:
        return self.inner.held_similarity(ids, query)

    def __len__(self) -> int:
        return len(self.inner)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self.inner

    def apply(self, delta: VectorDelta) -> None:
        self.inner.apply(delta)
        if isinstance(self.inner, NumpyIndex) and len(self.inner) > self.config.threshold:
            large = large_index(self.dim, self.config, self.searchable, self.store)
            if not large.follows_store:
                for part in self.inner.export():
                    large.apply(part)
            log.info(
                "vector index: %d vectors > %d, now %s",
                len(large),
                self.config.threshold,
                large.backend,
            )
            self.inner = large

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        return self.inner.search(query, k, flt)

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        return self.inner.similarity(ids, query)


def large_index(
    dim: int, config: IndexConfig, searchable: bool, store: StatementStore | None = None
) -> VectorIndex:
    """The backend for a store past the threshold (and for `IndexKind.HNSW` from the start)."""
    if not searchable:
        # Only asked for ~50 given ids a query: read from the store when it can, else int8.
        if store is not None and store.serves_vector_similarity:
            return StoreVectors(store, dim, english=True)
        return NumpyIndex(dim, compact=True)
    from factdesk.engine.index.hnsw import HnswIndex  # the native library loads only when needed

    return HnswIndex(dim, ef_search=config.ef_search)
