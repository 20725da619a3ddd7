"""`SyncedIndex`: the vector indexes of a process, kept in step with the store.

Several worker processes may write to one store: before each search the index asks the store for
its generation (one indexed read) and, when it moved, applies only the rows written or deleted
since, so a restart or another worker's write never needs a full re-embed. A large store's HNSW
graph is saved beside it and loaded at the next start instead of rebuilt.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

from factdesk.engine.index.auto import AutoIndex
from factdesk.engine.index.base import DEFAULT_EF_SEARCH, VectorFilter, VectorIndex
from factdesk.engine.index.pgvector import StoreVectors
from factdesk.store.base import StatementStore

log = logging.getLogger("factdesk")

# A refresh that added at least this many rows to a graph saves it (a start that built it,
# a large import); smaller changes are saved when the process stops (`SyncedIndex.close`).
SAVE_AFTER_ROWS = 50_000


class ReadWriteLock:
    """Many readers at once, or one writer; a waiting writer holds back new readers, so a
    steady stream of searches cannot keep an update out."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class SyncedIndex:
    """A `VectorIndex` that follows a `StatementStore` by generation, and optionally a second
    one over the statements' English vectors (`english`), kept in step with it.

    With `saved_dir`, an HNSW graph is saved there and, at the next start, loaded instead of
    rebuilt (minutes at a million statements): only the rows written since it was saved are
    added. A saved graph is used only for the store it was saved from (same identity, a
    generation not ahead of the store's, and at the same generation the same write tag), and
    dropped when, once the newer rows are in, it does not hold as many vectors as the store.

    Another thread of the process may search while a refresh applies rows: searches and
    similarity reads go through this class and never see an index half-updated (they read
    under `_rw`, the refresh writes under it).
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
        self.width: int | None = None  # of the vectors applied so far
        self._lock = threading.Lock()  # one refresh at a time
        self._rw = ReadWriteLock()  # searches against the refresh's writes

    def refresh(self) -> int:
        """Bring the index up to the store's generation; return that generation."""
        current = self.store.generation()
        if current == self.generation:
            return current
        if self.index.follows_store and (self.english is None or self.english.follows_store):
            self.generation = current  # nothing to load: the indexes read the store itself
            return current
        with self._lock, self._rw.writing():
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
            width = int(delta.vectors.shape[1]) if delta.ids else self.width
            if self.width is not None and width != self.width:
                # `factdesk reindex` swapped in another embedder set's vectors: this process
                # keeps answering from the ones it has until it is restarted with that set.
                log.error(
                    "vector index: the store now holds %s-wide vectors, this process embeds "
                    "%s-wide ones; restart it with the store's FACTDESK_EMBEDDER",
                    width,
                    self.width,
                )
                generation = delta.generation
                continue
            self.width = width
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
        from factdesk.engine.index.hnsw import HnswIndex

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
        from factdesk.engine.index.hnsw import HnswIndex

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
        with self._lock, self._rw.reading():
            if self._unsaved:
                self.save()

    def search(
        self, query: npt.NDArray[np.float32], k: int, flt: VectorFilter
    ) -> list[tuple[str, float]]:
        self.refresh()
        with self._rw.reading():
            return self.index.search(query, k, flt)

    def similarity(self, ids: list[str], query: npt.NDArray[np.float32]) -> list[float]:
        """The cosine of `query` with each of `ids` (0.0 for one the index does not hold)."""
        with self._rw.reading():
            return self.index.similarity(ids, query)

    def english_similarity(
        self, ids: list[str], query: npt.NDArray[np.float32]
    ) -> dict[str, float] | None:
        """The English index's cosines for those of `ids` it holds; None without one."""
        with self._rw.reading():
            if self.english is None:
                return None
            return self.english.held_similarity(ids, query)
