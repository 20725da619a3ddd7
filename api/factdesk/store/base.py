"""The `StatementStore` interface: where sourced statements, their parse and their vectors live.

Implementations: `SqliteStore` (embedded default) and `PostgresStore` (PostgreSQL with pgvector,
shared by many replicas). Every implementation runs the contract suite in
`tests/store/test_contract.py`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from factdesk.models import Statement, StatementIn, StatementKind


@dataclass(frozen=True, slots=True)
class PreparedStatement:
    """A statement ready to be written: validated, parsed, tokenised and embedded."""

    id: str
    language: str
    statement: StatementIn  # its own id and language may be unset; the fields above win
    lexical: str  # space-joined analysis tokens for the full-text index
    parsed: dict[str, object]
    vector: npt.NDArray[np.float32]
    # The English-only second embedding (see `factdesk.embed.minilm`); None for other languages or
    # when no English embedder is configured.
    english_vector: npt.NDArray[np.float32] | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the engine derived from a statement at write time."""

    lexical: str
    parsed: dict[str, object]
    language: str


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """Filters shared by listing, lexical search and the vector index."""

    language: str | None = None
    kind: StatementKind | None = None
    source_url: str | None = None
    published_after: dt.date | None = None
    published_before: dt.date | None = None
    as_of: dt.date | None = None  # like published_before, but undated statements pass


@dataclass(frozen=True, slots=True)
class WriteResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    generation: int = 0


@dataclass(frozen=True, slots=True)
class VectorDelta:
    """Rows written or deleted since a generation, for keeping an in-memory index in sync."""

    generation: int
    ids: list[str]
    vectors: npt.NDArray[np.float32]
    kinds: list[str]
    languages: list[str]
    published: list[int]  # date ordinal, 0 when unknown
    deleted: list[str]
    # Rows (indices into `ids`) that carry an English vector, and those vectors in that order.
    english_rows: list[int] = field(default_factory=list)
    english_vectors: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, 0), dtype=np.float32)
    )

    def english_delta(self) -> VectorDelta:
        """The same change seen by an index of English vectors: rows written without one
        (a statement rewritten in another language, say) count as deleted there."""
        kept = set(self.english_rows)
        return VectorDelta(
            generation=self.generation,
            ids=[self.ids[i] for i in self.english_rows],
            vectors=self.english_vectors,
            kinds=[self.kinds[i] for i in self.english_rows],
            languages=[self.languages[i] for i in self.english_rows],
            published=[self.published[i] for i in self.english_rows],
            deleted=self.deleted + [sid for i, sid in enumerate(self.ids) if i not in kept],
        )


@dataclass(frozen=True, slots=True)
class StoreStats:
    total: int
    by_kind: dict[str, int]
    by_language: dict[str, int]
    generation: int

    # The two GROUP BY queries every store answers `count_stats` with.
    KIND_COUNTS: ClassVar[str] = "SELECT kind, count(*) FROM statements GROUP BY kind"
    LANGUAGE_COUNTS: ClassVar[str] = "SELECT language, count(*) FROM statements GROUP BY language"

    @classmethod
    def counted(
        cls, kinds: Iterable[Sequence[Any]], languages: Iterable[Sequence[Any]], generation: int
    ) -> StoreStats:
        """From the rows of `KIND_COUNTS` and `LANGUAGE_COUNTS`."""
        by_kind = {str(k): int(n) for k, n in kinds}
        by_language = {str(k): int(n) for k, n in languages}
        return cls(sum(by_kind.values()), by_kind, by_language, generation)


class StoreError(Exception):
    """The store could not complete an operation (unreachable, corrupt, locked too long)."""


class VersionConflict(Exception):
    """A page write met another version than the writer expected: a stale `versionId`, or a
    page created under an id that is taken. Not a `StoreError`: the store is fine."""


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A page of ClaimReview markup (Google's Markup API) as a store keeps it: the page as its
    wire JSON (`body`), what pages are listed by (the page URL and its site), its version, and
    the ids of the `fact_check` statements it owns (one per markup)."""

    id: str
    url: str | None
    site: str | None
    body: str
    version: str
    statement_ids: tuple[str, ...]
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class StatementStore(ABC):
    """Persistent statements. Writes are atomic per call and bump the store generation."""

    @abstractmethod
    def write(self, items: Sequence[PreparedStatement]) -> WriteResult:
        """Insert or update (by id) all items in one transaction; all or nothing."""

    # -- pages: groups of statements written and removed together -----------------------

    @abstractmethod
    def put_page(
        self,
        page: PageRecord,
        items: Sequence[PreparedStatement],
        *,
        create: bool,
        expected_version: str | None = None,
    ) -> WriteResult | None:
        """In one transaction: store `page`, write `items` (its statements, whose ids are
        `page.statement_ids`) and delete the statements the page held before that it no longer
        holds. With `create` the id must be free (`VersionConflict` otherwise); without it the
        page must exist (None when it does not) and, when `expected_version` is given, still
        be at that version (`VersionConflict` otherwise). Bumps the generation once."""

    @abstractmethod
    def get_page(self, page_id: str) -> PageRecord | None:
        """One page by id, or None."""

    @abstractmethod
    def list_pages(
        self,
        *,
        url: str | None = None,
        site: str | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> list[PageRecord]:
        """Pages in id order after the cursor id `after`: those of page URL `url`, or of
        `site` and its subdomains, or all."""

    @abstractmethod
    def delete_page(self, page_id: str) -> WriteResult | None:
        """Delete a page and its statements in one transaction; None when it did not exist."""

    @abstractmethod
    def get(self, statement_id: str) -> Statement | None:
        """One statement by id, or None."""

    @abstractmethod
    def get_many(self, ids: Sequence[str]) -> dict[str, Statement]:
        """Statements by id; unknown ids are absent from the result."""

    @abstractmethod
    def get_analysis(self, ids: Sequence[str]) -> dict[str, Analysis]:
        """The stored analysis tokens and parse of each statement."""

    @abstractmethod
    def delete(self, statement_id: str) -> bool:
        """Delete one statement; False when it did not exist."""

    @abstractmethod
    def page(
        self,
        flt: StatementFilter,
        *,
        match_tokens: Sequence[str] = (),
        after: str | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        """Statements ordered by id after the cursor id `after`; with `match_tokens`, only those
        whose full-text index holds any of the tokens."""

    @abstractmethod
    def lexical_search(
        self, tokens: Sequence[str], flt: StatementFilter, limit: int
    ) -> list[tuple[str, float]]:
        """BM25 over the analysis tokens: (id, score) best first, score > 0."""

    @abstractmethod
    def vocabulary(self) -> list[str]:
        """Every distinct token of the full-text index (for typo-tolerant query expansion)."""

    @abstractmethod
    def vectors_since(self, generation: int) -> VectorDelta:
        """Vectors (and English vectors, where stored) with their metadata written after
        `generation`, and ids deleted after it."""

    def vector_batches_since(self, generation: int, batch: int = 50_000) -> Iterator[VectorDelta]:
        """`vectors_since` in parts of at most about `batch` rows, read from one snapshot:
        the deletions come with the first part, every part carries the snapshot's generation.
        The default reads everything at once; large stores override it to bound memory."""
        yield self.vectors_since(generation)

    # -- optional: vector search served by the store itself (`PgVectorIndex`)

    @property
    def serves_vector_search(self) -> bool:
        """Whether the store answers `vector_search`, `vector_similarity` and `vector_count`
        from its own index, so that no process needs to hold its vectors in memory."""
        return False

    @property
    def serves_vector_similarity(self) -> bool:
        """Whether the store answers `vector_similarity` and `vector_count` (reading the given
        rows' vectors is cheap), so an index only asked for similarities of given ids need not
        hold its vectors in memory. Every store that serves vector search does."""
        return self.serves_vector_search

    def vector_search(
        self, query: npt.NDArray[np.float32], k: int, flt: StatementFilter, *, ef_search: int
    ) -> list[tuple[str, float]]:
        """Top-k (id, inner product with `query`) best first among statements passing the
        filter's kind, language and as_of; `ef_search` is the approximate index's breadth."""
        raise NotImplementedError(f"{type(self).__name__} does not serve vector search")

    def vector_similarity(
        self, ids: Sequence[str], query: npt.NDArray[np.float32], *, english: bool = False
    ) -> dict[str, float]:
        """Inner product of `query` with the vector (or the English vector) of each given id
        that has one; ids without one are absent from the result."""
        raise NotImplementedError(f"{type(self).__name__} does not serve vector search")

    def vector_count(self, *, english: bool = False) -> int:
        """How many statements have a vector (or an English vector)."""
        raise NotImplementedError(f"{type(self).__name__} does not serve vector search")

    @abstractmethod
    def identity(self) -> str:
        """A random id fixed when the store was created: generations of two stores (or of a
        store re-created from scratch) must never be mistaken for one another in a shared
        cache."""

    @abstractmethod
    def generation(self) -> int:
        """Monotonic counter bumped by every write or delete."""

    @property
    def reads_locally(self) -> bool:
        """Whether `cache_scope` is a read of a local file that takes microseconds and does
        not wait for writers (an embedded store in WAL mode): an async caller may then run it
        inline instead of hopping to a thread. Network stores say no."""
        return False

    def cache_scope(self) -> tuple[int, str]:
        """The generation, and a tag that tells this store's history from any other at that
        generation, for cache keys.

        The identity alone is not enough when a store can be restored from a backup: the
        restored copy keeps its identity, goes back to an older generation and then reaches
        the newer generations again with other contents. A store that can be restored that
        way returns a tag that changes with every write.
        """
        return self.generation(), self.identity()

    def stats(self) -> StoreStats:
        """Counts by kind and language, and the generation. Counted again only when the store
        changed since the last count (its cache scope moved): /readyz and /metrics ask often,
        and counting a million rows by kind and language takes a few hundred ms."""
        scope = self.cache_scope()
        memo: tuple[tuple[int, str], StoreStats] | None = getattr(self, "_stats_memo", None)
        if memo is not None and memo[0] == scope:
            return memo[1]
        counted = self.count_stats()
        if counted.generation == scope[0]:  # not written to between the two reads
            self._stats_memo = (scope, counted)
        return counted

    @abstractmethod
    def count_stats(self) -> StoreStats:
        """Counts by kind and language, and the generation, read now (one snapshot)."""

    @abstractmethod
    def iter_all(self) -> Iterator[Statement]:
        """Every statement, ordered by id (for export)."""

    @abstractmethod
    def ping(self) -> None:
        """Raise `StoreError` when the store is unreachable."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""
