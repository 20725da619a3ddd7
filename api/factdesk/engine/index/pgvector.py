"""Indexes that hold nothing and ask the store: `StoreVectors` for similarities of given ids,
`PgVectorIndex` for search too (PostgreSQL's HNSW index through pgvector).

They follow the store without deltas, and no replica keeps the vectors in memory.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from factdesk.engine.index.base import DEFAULT_EF_SEARCH, VectorFilter, VectorIndex
from factdesk.models import StatementKind
from factdesk.store.base import StatementFilter, StatementStore, VectorDelta


class StoreVectors(VectorIndex):
    """Holds nothing: reads the given ids' vectors from the store when asked for their
    similarity. For an index that is never searched (the English one) of a store too large to
    keep its vectors in memory; ~50 indexed reads a query. Never searched."""

    def __init__(self, store: StatementStore, dim: int, *, english: bool = False) -> None:
        if not store.serves_vector_similarity:
            raise ValueError(f"{type(store).__name__} does not serve vector similarity")
        self.store = store
        self.dim = dim
        self.english = english

    @property
    def backend(self) -> str:
        return "store-english" if self.english else "store"

    @property
    def follows_store(self) -> bool:
        return True

    def apply(self, delta: VectorDelta) -> None:
        """Nothing to do: the store already holds the delta's rows."""

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        raise NotImplementedError("vectors read from the store are only asked for similarities")

    def held_similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> dict[str, float]:
        return self.store.vector_similarity(ids, query, english=self.english)

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        scores = self.held_similarity(ids, query)
        return [scores.get(i, 0.0) for i in ids]

    def __len__(self) -> int:
        return self.store.vector_count(english=self.english)

    def __contains__(self, statement_id: object) -> bool:
        if not isinstance(statement_id, str):
            return False
        probe = np.zeros(self.dim, dtype=np.float32)
        return statement_id in self.store.vector_similarity(
            [statement_id], probe, english=self.english
        )


class PgVectorIndex(StoreVectors):
    """Searches in the store: PostgreSQL's HNSW index over `halfvec` vectors (inner product,
    with the filters in the query). Writes and deletes are visible as soon as they commit."""

    def __init__(
        self,
        store: StatementStore,
        dim: int,
        *,
        ef_search: int = DEFAULT_EF_SEARCH,
        english: bool = False,
    ) -> None:
        if not store.serves_vector_search:
            raise ValueError(
                "FACTDESK_VECTOR_INDEX=pgvector needs a PostgreSQL store, "
                f"not {type(store).__name__}"
            )
        super().__init__(store, dim, english=english)
        self.ef_search = ef_search

    @property
    def backend(self) -> str:
        return "pgvector-english" if self.english else "pgvector"

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        if self.english:
            raise NotImplementedError("the English vectors are only asked for similarities")
        published = flt.published_on_or_before
        return self.store.vector_search(
            query,
            k,
            StatementFilter(
                language=flt.language,
                kind=StatementKind(flt.kind) if flt.kind else None,
                as_of=dt.date.fromordinal(published) if published else None,
            ),
            ef_search=self.ef_search,
        )
