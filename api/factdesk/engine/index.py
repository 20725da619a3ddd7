"""In-memory vector index over the store's vectors, kept in sync by the store generation.

Several worker processes may write to one store: before each search the index asks the store for
its generation (one indexed read) and, when it moved, applies only the rows written or deleted
since, so a restart or another worker's write never needs a full re-embed.

Backends (`create_index` picks one from `IndexConfig`): `NumpyIndex`, exact brute force, and
`factdesk.engine.ann.HnswIndex`, an approximate HNSW graph (usearch) for stores too large to scan
on every query. With `IndexKind.AUTO` an `AutoIndex` starts exact and moves to HNSW once the
index holds more than `IndexConfig.threshold` vectors. The English index is only asked for
the similarity of given ids, never searched: above the threshold it becomes an exact index of
int8 rows instead of a graph.

`PgVectorIndex` (`IndexKind.PGVECTOR`) holds nothing: it asks a store that serves vector
search itself (PostgreSQL's HNSW index through pgvector) on every query, so it follows the
store without deltas and no replica keeps the vectors in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from factdesk.models import StatementKind
from factdesk.store.base import StatementFilter, StatementStore, VectorDelta

log = logging.getLogger("factdesk")

DEFAULT_ANN_THRESHOLD = 100_000
DEFAULT_EF_SEARCH = 512


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


class IndexKind(StrEnum):
    """Which vector index a process builds (`FACTDESK_VECTOR_INDEX`)."""

    AUTO = "auto"  # exact up to the threshold, HNSW above it
    EXACT = "exact"
    HNSW = "hnsw"
    PGVECTOR = "pgvector"  # the store's own HNSW index (PostgreSQL), nothing in memory


@dataclass(frozen=True, slots=True)
class IndexConfig:
    kind: IndexKind = IndexKind.AUTO
    threshold: int = DEFAULT_ANN_THRESHOLD  # AUTO: HNSW once the index holds more vectors
    ef_search: int = DEFAULT_EF_SEARCH  # HNSW breadth of search: recall against speed
    # Where an HNSW graph is saved and found again at the next start (None: rebuilt each time).
    saved_dir: Path | None = None


def quantize(
    vectors: npt.NDArray[np.floating[Any]],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Rows as int8 with one scale each (`row ≈ q * scale`): a quarter of float32's memory,
    and a cosine error around 1e-3 for 384-d unit vectors."""
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    scales = np.abs(matrix).max(axis=1) / 127.0 if len(matrix) else np.zeros(0, np.float32)
    scales = np.where(scales > 0, scales, 1.0).astype(np.float32)
    return np.rint(matrix / scales[:, None]).astype(np.int8), scales


class _RowMetadata(Protocol):
    """Per-row metadata an index keeps for its filters (codes of kind and language, and the
    publication day ordinal, 0 when unknown)."""

    _kinds: npt.NDArray[np.int8]
    _langs: npt.NDArray[np.int16]
    _published: npt.NDArray[np.int32]
    _kind_codes: dict[str, int]
    _lang_codes: dict[str, int]


def filter_rows(
    index: _RowMetadata, flt: VectorFilter, base: npt.NDArray[np.bool_]
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


class NumpyIndex(VectorIndex):
    """Exact search with one matrix-vector product; fine to ~100k statements.

    `compact` keeps rows as int8 with a scale each (a quarter of the memory, cosines within
    ~1e-3): for an index that is asked for similarities of given ids far more than searched."""

    _CHUNK = 65_536  # rows dequantised at a time when a compact index is searched

    def __init__(self, dim: int, *, compact: bool = False) -> None:
        self.dim = dim
        self.compact = compact
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._matrix: npt.NDArray[Any] = np.zeros(
            (1024, dim), dtype=np.int8 if compact else np.float32
        )
        self._scales = np.ones(1024 if compact else 0, dtype=np.float32)
        self._kinds = np.zeros(1024, dtype=np.int8)
        self._langs = np.zeros(1024, dtype=np.int16)
        self._published = np.zeros(1024, dtype=np.int32)
        self._kind_codes: dict[str, int] = {}
        self._lang_codes: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._row

    @property
    def backend(self) -> str:
        return "exact-int8" if self.compact else "exact"

    @staticmethod
    def _code(table: dict[str, int], value: str) -> int:
        return table.setdefault(value, len(table) + 1)

    def _grow(self, needed: int) -> None:
        capacity = self._matrix.shape[0]
        if needed <= capacity:
            return
        new = max(needed, capacity * 2)
        self._matrix = np.resize(self._matrix, (new, self.dim))
        if self.compact:
            self._scales = np.resize(self._scales, new)
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
            self._kinds[row] = self._code(self._kind_codes, delta.kinds[i])
            self._langs[row] = self._code(self._lang_codes, delta.languages[i])
            self._published[row] = delta.published[i]
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
            large = _large_index(self.dim, self.config, self.searchable, self.store)
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


def _large_index(
    dim: int, config: IndexConfig, searchable: bool, store: StatementStore | None = None
) -> VectorIndex:
    if not searchable:
        # Only asked for ~50 given ids a query: read from the store when it can, else int8.
        if store is not None and store.serves_vector_similarity:
            return StoreVectors(store, dim, english=True)
        return NumpyIndex(dim, compact=True)
    from factdesk.engine.ann import HnswIndex  # the native library loads only when needed

    return HnswIndex(dim, ef_search=config.ef_search)


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
        return _large_index(dim, config, searchable, store)
    return AutoIndex(dim, config, searchable=searchable, store=store)


# A refresh that added at least this many rows to a graph saves it (a start that built it,
# a large import); smaller changes are saved when the process stops (`SyncedIndex.close`).
SAVE_AFTER_ROWS = 50_000


class SyncedIndex:
    """A `VectorIndex` that follows a `StatementStore` by generation, and optionally a second
    one over the statements' English vectors (`english`), kept in step with it.

    With `saved_dir`, an HNSW graph is saved there and, at the next start, loaded instead of
    rebuilt (minutes at a million statements): only the rows written since it was saved are
    added. A saved graph is used only for the store it was saved from (same identity, a
    generation not ahead of the store's, and at the same generation the same write tag), and
    dropped when, once the newer rows are in, it does not hold as many vectors as the store.
    """

    def __init__(
        self,
        store: StatementStore,
        index: VectorIndex,
        english: VectorIndex | None = None,
        *,
        saved_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.english = english
        self.generation = -1
        self.saved_dir = saved_dir
        # The indexes as given (empty), put back when a loaded graph proves not to match.
        self._fresh = (index, english)
        self._unsaved = 0  # rows added since the graph was saved or loaded
        self._lock = threading.Lock()

    def refresh(self) -> int:
        """Bring the index up to the store's generation; return that generation."""
        current = self.store.generation()
        if current == self.generation:
            return current
        if self.index.follows_store and (self.english is None or self.english.follows_store):
            self.generation = current  # nothing to load: the indexes read the store itself
            return current
        with self._lock:
            if current != self.generation:
                restored = self.generation < 0 and self._restore()
                added = self._load()
                if restored and not self._restored_matches():
                    self.index, self.english = self._fresh
                    self.generation = -1
                    added = self._load()
                self._unsaved += added
                if self._unsaved >= SAVE_AFTER_ROWS and self._graph() is not None:
                    self.save()
            return self.generation

    def _load(self) -> int:
        """Apply the store's rows since `generation`; return how many were added."""
        # In batches: a million float32 rows at once would be gigabytes.
        generation = self.generation
        added = 0
        for delta in self.store.vector_batches_since(max(self.generation, 0)):
            self.index.apply(delta)
            if self.english is not None and not self.english.follows_store:
                self.english.apply(delta.english_delta())
            generation = delta.generation
            added += len(delta.ids)
        self.generation = generation
        return added

    def _graph(self) -> VectorIndex | None:
        """The HNSW index answering searches, when there is one (what is worth saving)."""
        inner = self.index.inner if isinstance(self.index, AutoIndex) else self.index
        return inner if inner.backend == "hnsw" else None

    def _restore(self) -> bool:
        """Load the saved graph of this store, when there is a usable one."""
        index = self.index
        can_hold = (isinstance(index, AutoIndex) and index.searchable) or index.backend == "hnsw"
        if self.saved_dir is None or not can_hold or len(index):
            return False
        # The English index gets only the rows written since the save: it must read the
        # others from the store.
        english = self.english
        if (
            english is not None
            and not english.follows_store
            and not (isinstance(english, AutoIndex) and self.store.serves_vector_similarity)
        ):
            return False
        from factdesk.engine.ann import HnswIndex

        meta = HnswIndex.saved_meta(self.saved_dir)
        if meta is None:
            return False
        if isinstance(index, AutoIndex) and int(meta.get("count", 0)) <= index.config.threshold:
            return False  # `auto` is exact up to its threshold, after a restart too
        generation, tag = self.store.cache_scope()
        saved = int(meta.get("generation", -1))
        reason = None
        if meta.get("identity") != self.store.identity():
            reason = "it was saved from another store"
        elif saved > generation:
            reason = "the store is older than it (restored from a backup?)"
        elif saved == generation and meta.get("tag") != tag:
            reason = "the store's history differs from it (restored from a backup?)"
        if reason is not None:
            log.warning("vector index: not using the graph saved in %s: %s", self.saved_dir, reason)
            return False
        if isinstance(index, AutoIndex):
            ef_search = index.config.ef_search
        else:
            ef_search = int(getattr(index, "ef_search", DEFAULT_EF_SEARCH))
        try:
            graph = HnswIndex.load(self.saved_dir, ef_search=ef_search)
        except (OSError, ValueError) as exc:
            log.warning("vector index: cannot load the graph saved in %s: %s", self.saved_dir, exc)
            return False
        # The given indexes stay untouched: past its threshold an `auto` index would only ever
        # hold this graph, and the English vectors of the saved rows are read from the store.
        self.index = graph
        if isinstance(english, AutoIndex) and not english.follows_store:
            self.english = StoreVectors(self.store, english.dim, english=True)
        self.generation = int(meta["generation"])
        log.info(
            "vector index: loaded %d vectors saved at generation %d", len(graph), self.generation
        )
        return True

    def _restored_matches(self) -> bool:
        if not self.store.serves_vector_similarity:
            return True
        held, stored = len(self.index), self.store.vector_count()
        if held == stored:
            return True
        log.warning(
            "vector index: the saved graph holds %d vectors, the store %d; rebuilding it",
            held,
            stored,
        )
        return False

    def save(self) -> bool:
        """Save the graph to `saved_dir` (when there are both); True when it was written."""
        graph = self._graph()
        if self.saved_dir is None or graph is None:
            return False
        from factdesk.engine.ann import HnswIndex

        assert isinstance(graph, HnswIndex)
        generation, tag = self.store.cache_scope()
        meta = {
            "identity": self.store.identity(),
            "generation": self.generation,
            "tag": tag if generation == self.generation else None,
        }
        try:
            graph.save(self.saved_dir, meta)
        except OSError as exc:  # a full disk must not stop the service
            log.warning("vector index: cannot save the graph to %s: %s", self.saved_dir, exc)
            return False
        self._unsaved = 0
        log.info("vector index: saved %d vectors to %s", len(graph), self.saved_dir)
        return True

    def close(self) -> None:
        """Save what changed since the graph was last saved (at shutdown)."""
        with self._lock:
            if self._unsaved:
                self.save()

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        self.refresh()
        return self.index.search(query, k, flt)
