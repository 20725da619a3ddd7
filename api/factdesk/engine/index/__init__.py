"""Vector indexes over the store's vectors behind one interface (`VectorIndex`), picked from
`IndexConfig` by `create_index`.

Backends: `NumpyIndex` (`exact`), exact brute force; `HnswIndex` (`hnsw`), an approximate HNSW
graph (usearch) for stores too large to scan on every query, whose native library loads only
when one is built; `PgVectorIndex` (`pgvector`), which holds nothing and asks a store that
serves vector search itself (PostgreSQL's HNSW index) on every query. With `IndexKind.AUTO` an
`AutoIndex` starts exact and moves to HNSW once it holds more than `IndexConfig.threshold`
vectors. The English index is only asked for the similarity of given ids, never searched: above
the threshold it reads them from the store (`StoreVectors`) or keeps int8 rows, never a graph.

`SyncedIndex` keeps a process's indexes in step with the store by its generation.
"""

from factdesk.engine.index.auto import AutoIndex, large_index
from factdesk.engine.index.base import (
    DEFAULT_ANN_THRESHOLD,
    DEFAULT_EF_SEARCH,
    IndexConfig,
    IndexKind,
    VectorFilter,
    VectorIndex,
    filter_rows,
    quantize,
)
from factdesk.engine.index.exact import NumpyIndex
from factdesk.engine.index.pgvector import PgVectorIndex, StoreVectors
from factdesk.engine.index.synced import SAVE_AFTER_ROWS, SyncedIndex
from factdesk.store.base import StatementStore


def for_store(config: IndexConfig, store: StatementStore) -> IndexConfig:
    """`config` with `AUTO` settled for this store: a store that serves vector search itself
    and already holds more than the threshold's statements gets `PGVECTOR` (decided at start;
    a store that grows past it while running moves with the next start)."""
    if (
        config.kind is IndexKind.AUTO
        and store.serves_vector_search
        and store.vector_count() > config.threshold
    ):
        return IndexConfig(IndexKind.PGVECTOR, config.threshold, config.ef_search, None)
    return config


def create_index(
    dim: int,
    config: IndexConfig,
    *,
    searchable: bool = True,
    store: StatementStore | None = None,
) -> VectorIndex:
    """The vector index `config` asks for. `searchable=False` is for an index only asked for
    `similarity` of given ids (the English one): it never needs a graph, and with `PGVECTOR`
    it reads the store's English vectors. `PGVECTOR` needs the `store`."""
    if config.kind is IndexKind.PGVECTOR:
        if store is None:
            raise ValueError("a pgvector index needs the store it searches")
        return PgVectorIndex(store, dim, ef_search=config.ef_search, english=not searchable)
    if config.kind is IndexKind.EXACT:
        return NumpyIndex(dim)
    if config.kind is IndexKind.HNSW:
        return large_index(dim, config, searchable, store)
    return AutoIndex(dim, config, searchable=searchable, store=store)


__all__ = [
    "DEFAULT_ANN_THRESHOLD",
    "DEFAULT_EF_SEARCH",
    "SAVE_AFTER_ROWS",
    "AutoIndex",
    "IndexConfig",
    "IndexKind",
    "NumpyIndex",
    "PgVectorIndex",
    "StoreVectors",
    "SyncedIndex",
    "VectorFilter",
    "VectorIndex",
    "create_index",
    "filter_rows",
    "for_store",
    "quantize",
]
