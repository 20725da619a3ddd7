"""The scale-out store: PostgreSQL with pgvector, shared by any number of API replicas.

The schema comes from the versioned SQL files in `migrations/`, applied in order under an
advisory lock (`postgres_setup.migrate`, run by `factdesk migrate` and at start). Lexical
search is BM25 over the engine's analysis tokens, computed as SQLite's FTS5 computes it (IDF
from a lexicon kept in the writing transaction), so both stores rank alike. Vectors are
`halfvec`, 384, 512 or 896 wide (the embedder set's), with an HNSW index per width; the
generation lives in the database, so every replica's in-memory index and every cache key follow
the same counter.

Needs the `postgres` extra (`pip install 'factdesk[postgres]'`).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from pgvector import HalfVector, Vector
from pgvector.psycopg import register_vector
from psycopg_pool import ConnectionPool

import factdesk.store.sqlite as sqlite_store
from factdesk.models import Statement
from factdesk.store.base import (
    Analysis,
    PreparedStatement,
    StatementFilter,
    StatementStore,
    StoreError,
    StoreStats,
    VectorDelta,
    WriteResult,
)
from factdesk.store.postgres_pages import PostgresPages
from factdesk.store.postgres_rows import (
    DIMENSIONS,
    UPSERT,
    VECTOR_WIDTHS,
    halfvec,
    statement_row,
)
from factdesk.store.postgres_setup import describe_error, migrate, session_options
from factdesk.store.rows import filter_terms, statement_from_row, write_time

# BM25 as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, IDF floored at 1e-6).
_K1 = 1.2
_B = 0.75
_MAX_EF_SEARCH = 1000  # pgvector's upper bound for hnsw.ef_search


def _or_query(tokens: Sequence[str]) -> str:
    """A to_tsquery() expression matching any token; each one quoted, so no syntax gets in."""
    quoted = (
        "'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in dict.fromkeys(tokens) if t
    )
    return " | ".join(quoted)


_MATCH = "s.tsv @@ to_tsquery('simple', %(query)s)"


def _filter_sql(flt: StatementFilter) -> tuple[str, dict[str, Any]]:
    terms = filter_terms(flt)
    where = " AND ".join(t.condition.format(s="s", p=f"%(f_{t.name})s") for t in terms)
    return (where or "true"), {f"f_{t.name}": t.value for t in terms}


def _vector(vector: Any) -> Vector:
    """A query at full precision (float32), for scores computed against stored halfvecs."""
    return Vector(np.asarray(vector, dtype=np.float32).ravel())


def _matrix(vectors: Sequence[HalfVector]) -> np.ndarray[Any, np.dtype[np.float32]]:
    if not vectors:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([v.to_numpy() for v in vectors]).astype(np.float32)


# Document frequencies of the lexemes of some statements, by lexeme.
_LEXEME_COUNTS = (
    "SELECT lexeme, count(*) AS n FROM statements, unnest(tsvector_to_array(tsv)) AS lexeme "
    "WHERE id = ANY(%s) GROUP BY lexeme"
)


def _vector_delta(generation: int, rows: list[tuple[Any, ...]], deleted: list[str]) -> VectorDelta:
    english_rows = [i for i, r in enumerate(rows) if r[5] is not None]
    return VectorDelta(
        generation=generation,
        ids=[r[0] for r in rows],
        vectors=_matrix([r[1] for r in rows]),
        kinds=[r[2] for r in rows],
        languages=[r[3] for r in rows],
        published=[r[4].toordinal() if r[4] else 0 for r in rows],
        deleted=deleted,
        english_rows=english_rows,
        english_vectors=_matrix([rows[i][5] for i in english_rows]),
    )


class PostgresStore(PostgresPages, StatementStore):
    """Statements in PostgreSQL: BM25 over a `tsvector`, `halfvec` vectors with HNSW."""

    def __init__(
        self,
        conninfo: str,
        *,
        pool_size: int = 10,
        timeout: float = 5.0,
        statement_timeout: float = 30.0,
    ) -> None:
        migrate(conninfo, connect_timeout=timeout)
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, pool_size),
            timeout=timeout,
            kwargs={
                "autocommit": True,
                "connect_timeout": max(1, round(timeout)),
                "options": session_options(conninfo, statement_timeout),
            },
            configure=register_vector,
            # A connection broken by a database restart is dropped here, not met by a query.
            check=ConnectionPool.check_connection,
            name="factdesk-store",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
        except psycopg.Error as exc:
            self._pool.close()
            raise StoreError(f"cannot reach PostgreSQL: {describe_error(exc)}") from exc
        self._identity: str | None = None
        self._iterative: bool | None = None

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection; connection and server failures become `StoreError`."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {describe_error(exc)}") from exc

    def _query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with self._conn() as conn:
            return conn.execute(sql, params).fetchall()

    # -- writes ---------------------------------------------------------------------------

    def write(self, items: Sequence[PreparedStatement]) -> WriteResult:
        if not items:
            return WriteResult(generation=self.generation())
        rows = [statement_row(item) for item in items]  # bad input fails before SQL
        with self._conn() as conn, conn.transaction():
            # First: the meta row's lock queues concurrent writers, so generations commit
            # in order and the lexicon counts below never interleave.
            generation = self._bump(conn)
            created, updated = self._write_in(conn, items, rows, generation)
        return WriteResult(created=created, updated=updated, generation=generation)

    def _write_in(
        self,
        conn: psycopg.Connection[Any],
        items: Sequence[PreparedStatement],
        rows: list[tuple[Any, ...]],
        generation: int,
    ) -> tuple[list[str], list[str]]:
        """`write` inside the caller's transaction, after its `_bump`: (created, updated)."""
        now = write_time()
        ids = list(dict.fromkeys(item.id for item in items))
        created: list[str] = []
        updated: list[str] = []
        old = dict(
            conn.execute(
                "SELECT id, lexical_length FROM statements WHERE id = ANY(%s)", (ids,)
            ).fetchall()
        )
        self._forget(conn, list(old))
        seen = set(old)
        for item in items:
            (updated if item.id in seen else created).append(item.id)
            seen.add(item.id)
        with conn.cursor() as cur:
            cur.executemany(UPSERT, [(*row[:12], generation, now, now) for row in rows])
        conn.execute(
            f"INSERT INTO lexicon (lexeme, df) {_LEXEME_COUNTS} "
            "ON CONFLICT (lexeme) DO UPDATE SET df = lexicon.df + EXCLUDED.df",
            (ids,),
        )
        lengths = {row[0]: row[7] for row in rows}  # the last version of a repeated id
        conn.execute(
            "UPDATE store_meta SET statement_count = statement_count + %s, "
            "token_count = token_count + %s",
            (len(ids) - len(old), sum(lengths.values()) - sum(old.values())),
        )
        conn.execute("DELETE FROM tombstones WHERE id = ANY(%s)", (ids,))
        return created, updated

    @staticmethod
    def _bump(conn: psycopg.Connection[Any]) -> int:
        # A random tag per write: a database restored from a backup and written to again
        # reaches the same generations with other contents, and must not share cache keys.
        row = conn.execute(
            "UPDATE store_meta SET generation = generation + 1, write_tag = %s "
            "RETURNING generation",
            (secrets.randbits(62),),
        ).fetchone()
        assert row is not None
        return int(row[0])

    def delete(self, statement_id: str) -> bool:
        with self._conn() as conn, conn.transaction():
            deleted = self._delete_in(conn, [statement_id], self._bump(conn))
            if not deleted:
                raise psycopg.Rollback  # a no-op delete is not a write: undo the bump
        return bool(deleted)

    def _delete_in(
        self, conn: psycopg.Connection[Any], ids: Sequence[str], generation: int
    ) -> list[str]:
        """Delete statements inside the caller's transaction, after its `_bump`; the ids of
        those that existed."""
        found = dict(
            conn.execute(
                "SELECT id, lexical_length FROM statements WHERE id = ANY(%s)", (list(ids),)
            ).fetchall()
        )
        if not found:
            return []
        gone = list(found)
        self._forget(conn, gone)
        conn.execute("DELETE FROM statements WHERE id = ANY(%s)", (gone,))
        conn.execute(
            "UPDATE store_meta SET statement_count = statement_count - %s, "
            "token_count = token_count - %s",
            (len(gone), sum(found.values())),
        )
        conn.execute(
            "INSERT INTO tombstones (id, seq) SELECT unnest(%s::text[]), %s "
            "ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq",
            (gone, generation),
        )
        return gone

    @staticmethod
    def _forget(conn: psycopg.Connection[Any], ids: list[str]) -> list[str]:
        """Take stored statements out of the lexicon counts; return the lexemes touched."""
        if not ids:
            return []
        lexemes = [
            lexeme
            for (lexeme,) in conn.execute(
                f"UPDATE lexicon l SET df = l.df - c.n FROM ({_LEXEME_COUNTS}) c "
                "WHERE l.lexeme = c.lexeme RETURNING l.lexeme",
                (ids,),
            )
        ]
        conn.execute("DELETE FROM lexicon WHERE lexeme = ANY(%s) AND df <= 0", (lexemes,))
        return lexemes

    # -- reads ----------------------------------------------------------------------------

    def get(self, statement_id: str) -> Statement | None:
        return self.get_many([statement_id]).get(statement_id)

    def get_many(self, ids: Sequence[str]) -> dict[str, Statement]:
        rows = self._query(
            "SELECT id, body, created_at, updated_at FROM statements WHERE id = ANY(%s)",
            (list(dict.fromkeys(ids)),),
        )
        return {
            sid: statement_from_row(body, created, updated) for sid, body, created, updated in rows
        }

    def get_analysis(self, ids: Sequence[str]) -> dict[str, Analysis]:
        rows = self._query(
            "SELECT id, lexical, parsed, language FROM statements WHERE id = ANY(%s)",
            (list(dict.fromkeys(ids)),),
        )
        return {
            sid: Analysis(lexical, json.loads(parsed), language)
            for sid, lexical, parsed, language in rows
        }

    def page(
        self,
        flt: StatementFilter,
        *,
        match_tokens: Sequence[str] = (),
        after: str | None = None,
        limit: int = 50,
    ) -> list[Statement]:
        where, params = _filter_sql(flt)
        if after is not None:
            where += " AND s.id > %(after)s"
            params["after"] = after
        if match_tokens:
            query = _or_query(match_tokens)
            if not query:
                return []
            where += f" AND {_MATCH}"
            params["query"] = query
        rows = self._query(
            f"SELECT s.body, s.created_at, s.updated_at FROM statements s WHERE {where} "
            "ORDER BY s.id LIMIT %(limit)s",
            {**params, "limit": limit},
        )
        return [statement_from_row(body, created, updated) for body, created, updated in rows]

    def lexical_search(
        self, tokens: Sequence[str], flt: StatementFilter, limit: int
    ) -> list[tuple[str, float]]:
        with self._conn() as conn:
            tokens = self._selective(conn, tokens)
            query = _or_query(tokens)
            if not query:
                return []
            where, params = _filter_sql(flt)
            rows = conn.execute(
                self._bm25_sql(where),
                {
                    **params,
                    "query": query,
                    "text": " ".join(tokens),
                    "tokens": tokens,
                    "limit": limit,
                },
            ).fetchall()
        return [(sid, float(score)) for sid, score in rows if score > 0]

    @staticmethod
    def _bm25_sql(where: str) -> str:
        # The statements matching any token (GIN index), their postings of the query's
        # lexemes, then BM25.
        return f"""
            WITH q AS MATERIALIZED (
                SELECT tsvector_to_array(to_tsvector('simple', %(text)s)) AS lexemes,
                       statement_count::float8 AS n,
                       greatest(token_count::float8 / greatest(statement_count, 1), 1e-9) AS avgdl
                FROM store_meta
                LIMIT 1  -- one row; said, so the planner does not guess hundreds
            ),
            postings AS MATERIALIZED (
                SELECT s.id, s.rid, s.lexical_length, t.lexeme, cardinality(t.positions) AS tf
                FROM statements s
                CROSS JOIN q
                CROSS JOIN LATERAL unnest(s.tsv) AS t
                WHERE {_MATCH} AND {where} AND t.lexeme = ANY(q.lexemes)
            )
            SELECT p.id, sum(
                greatest(ln((q.n - l.df + 0.5) / (l.df + 0.5)), 1e-6) * p.tf * {_K1 + 1}
                / (p.tf + {_K1} * (1 - {_B} + {_B} * p.lexical_length / q.avgdl))
                -- In the query's order, as FTS5 adds: equal statements get equal sums.
                ORDER BY array_position(%(tokens)s::text[], p.lexeme::text), p.lexeme
            ) AS score
            FROM postings p
            CROSS JOIN q
            JOIN lexicon l ON l.lexeme = p.lexeme
            GROUP BY p.id, p.rid
            ORDER BY score DESC, p.rid
            LIMIT %(limit)s
        """

    @staticmethod
    def _selective(conn: psycopg.Connection[Any], tokens: Sequence[str]) -> list[str]:
        """The query tokens worth matching, chosen as `SqliteStore` chooses them (rarest first
        until their documents add up to its postings budget; tokens the index lacks dropped),
        so that both stores rank alike and a few very common tokens cost no full scan."""
        unique = list(dict.fromkeys(t for t in tokens if t))
        if len(unique) < 2:
            return unique
        # A token's documents: those of its lexemes (the token itself, unless the parser
        # splits it).
        docs = dict(
            conn.execute(
                """
                SELECT token, sum(l.df) FROM unnest(%s::text[]) AS token
                CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('simple', token))) AS x
                JOIN lexicon l ON l.lexeme = x
                GROUP BY token
                """,
                (unique,),
            ).fetchall()
        )
        kept: list[str] = []
        total = 0
        for token in sorted((t for t in unique if docs.get(t)), key=lambda t: int(docs[t])):
            if kept and total + docs[token] > sqlite_store.LEXICAL_POSTINGS_BUDGET:
                break
            kept.append(token)
            total += int(docs[token])
        return kept

    def vocabulary(self) -> list[str]:
        return [lexeme for (lexeme,) in self._query("SELECT lexeme FROM lexicon")]

    def vectors_since(self, generation: int) -> VectorDelta:
        return next(self.vector_batches_since(generation, batch=1 << 62))

    def vector_batches_since(self, generation: int, batch: int = 50_000) -> Iterator[VectorDelta]:
        with self._conn() as conn, conn.transaction():
            # One snapshot, so the rows, the tombstones and the generation agree; a server-side
            # cursor, so a million rows never sit in this process at once.
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            current = self._generation(conn)
            deleted = [
                sid
                for (sid,) in conn.execute(
                    "SELECT id FROM tombstones WHERE seq > %s ORDER BY seq, id", (generation,)
                )
            ]
            with conn.cursor(name="factdesk_vectors") as cursor:
                cursor.execute(
                    "SELECT id, vector, kind, language, published_at, english_vector "
                    "FROM statements WHERE seq > %s ORDER BY rid",
                    (generation,),
                )
                first = True
                while True:
                    rows = cursor.fetchmany(min(batch, 1 << 30))
                    if rows or first:
                        yield _vector_delta(current, rows, deleted if first else [])
                    first = False
                    if len(rows) < batch:
                        break

    # -- vector search through the HNSW index ---------------------------------------------

    @property
    def serves_vector_search(self) -> bool:
        return True

    def _iterative_scans(self, conn: psycopg.Connection[Any]) -> bool:
        """Whether pgvector has iterative index scans (0.8): a filtered HNSW scan then goes on
        until it has `k` rows that pass the filter, instead of filtering the first ef_search."""
        if self._iterative is None:
            row = conn.execute(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            ).fetchone()
            parts = tuple(int(p) for p in re.findall(r"\d+", str(row[0] if row else "0"))[:2])
            self._iterative = parts >= (0, 8)
        return self._iterative

    def vector_search(
        self, query: npt.NDArray[np.float32], k: int, flt: StatementFilter, *, ef_search: int
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        where, params = _filter_sql(flt)
        restricted = where != "true"
        with self._conn() as conn, conn.transaction():
            # Local to this transaction: the pooled session keeps the server's defaults.
            # hnsw.ef_search must be at least k, or the index returns fewer rows than asked.
            breadth = min(_MAX_EF_SEARCH, max(ef_search, k))
            if restricted and self._iterative_scans(conn):
                conn.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
            elif restricted:
                breadth = _MAX_EF_SEARCH  # no iterative scan: over-fetch before the filter
            conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(breadth),))
            # `<#>` (negative inner product) is the operator of the index's halfvec_ip_ops, so
            # the ORDER BY walks the HNSW graph. relaxed_order may return rows slightly out of
            # order, and the halfvec query rounds near ties: the outer query sorts by the score
            # against the float32 query, as the in-memory indexes compute it. Each vector width
            # has its own partial index (migration 0004): the cast and the `vector_dims`
            # condition are written as its definition is, a literal from `VECTOR_WIDTHS`.
            q = halfvec(query, "query", VECTOR_WIDTHS)
            width = int(np.asarray(query).size)
            rows = conn.execute(
                f"""
                WITH hits AS MATERIALIZED (
                    SELECT s.id, s.rid, s.vector::halfvec({width}) <#> %(q)s AS distance,
                           -(s.vector::vector <#> %(qf)s) AS score
                    FROM statements s
                    WHERE {where} AND vector_dims(s.vector) = {width}
                    ORDER BY s.vector::halfvec({width}) <#> %(q)s
                    LIMIT %(k)s
                )
                SELECT id, score FROM hits ORDER BY score DESC, rid
                """,
                {**params, "q": q, "qf": _vector(query), "k": k},
            ).fetchall()
        return [(sid, float(score)) for sid, score in rows]

    def vector_similarity(
        self, ids: Sequence[str], query: npt.NDArray[np.float32], *, english: bool = False
    ) -> dict[str, float]:
        if not ids:
            return {}
        column = "english_vector" if english else "vector"
        rows = self._query(
            f"SELECT id, -({column}::vector <#> %s) FROM statements "
            f"WHERE id = ANY(%s) AND {column} IS NOT NULL",
            (_vector(query), list(dict.fromkeys(ids))),
        )
        return {sid: float(score) for sid, score in rows}

    def vector_count(self, *, english: bool = False) -> int:
        sql = (
            "SELECT count(*) FROM statements WHERE english_vector IS NOT NULL"
            if english
            else "SELECT statement_count FROM store_meta"
        )
        return int(self._query(sql)[0][0])

    def identity(self) -> str:
        if self._identity is None:
            self._identity = str(self._query("SELECT identity FROM store_meta")[0][0])
        return self._identity

    @staticmethod
    def _generation(conn: psycopg.Connection[Any]) -> int:
        row = conn.execute("SELECT generation FROM store_meta").fetchone()
        assert row is not None
        return int(row[0])

    def generation(self) -> int:
        with self._conn() as conn:
            return self._generation(conn)

    def cache_scope(self) -> tuple[int, str]:
        generation, identity, tag = self._query(
            "SELECT generation, identity, write_tag FROM store_meta"
        )[0]
        return int(generation), f"{identity}:{tag}"

    def count_stats(self) -> StoreStats:
        with self._conn() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return StoreStats.counted(
                conn.execute(StoreStats.KIND_COUNTS).fetchall(),
                conn.execute(StoreStats.LANGUAGE_COUNTS).fetchall(),
                self._generation(conn),
            )

    def iter_all(self) -> Iterator[Statement]:
        after = ""
        while True:
            rows = self._query(
                "SELECT id, body, created_at, updated_at FROM statements WHERE id > %s "
                "ORDER BY id LIMIT 500",
                (after,),
            )
            if not rows:
                return
            for sid, body, created, updated in rows:
                yield statement_from_row(body, created, updated)
                after = sid

    def ping(self) -> None:
        self._query("SELECT 1")

    def close(self) -> None:
        self._pool.close()


__all__ = ["DIMENSIONS", "PostgresStore", "migrate"]
