"""The embedded default store: one SQLite file with FTS5 for lexical search.

One connection per thread (sync routes run in a thread pool; several worker processes may share
the file). WAL journal so readers never wait for a writer, and `BEGIN IMMEDIATE` so concurrent
writers queue on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

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
from factdesk.store.rows import filter_terms, statement_from_row, write_time
from factdesk.store.sqlite_pages import SqlitePages

SCHEMA_VERSION = 3
_BUSY_TIMEOUT_MS = 15_000
# Most statement postings one lexical search scores (see `SqliteStore._selective`).
LEXICAL_POSTINGS_BUDGET = 20_000
_IN_LIMIT = 500  # ids bound in one `IN (...)` (SQLite allows 32,766 variables; keep it small)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', 3);
CREATE TABLE IF NOT EXISTS statements (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_url TEXT,
    published_at TEXT,
    lexical TEXT NOT NULL,
    parsed TEXT NOT NULL,
    vector BLOB NOT NULL,
    english_vector BLOB,
    seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_seq ON statements (seq);
CREATE INDEX IF NOT EXISTS statements_language ON statements (language);
CREATE INDEX IF NOT EXISTS statements_kind ON statements (kind);
CREATE INDEX IF NOT EXISTS statements_source_url ON statements (source_url);
CREATE INDEX IF NOT EXISTS statements_published_at ON statements (published_at);
CREATE TABLE IF NOT EXISTS identity (id TEXT NOT NULL);
INSERT INTO identity (id)
    SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM identity);
CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    id TEXT PRIMARY KEY,
    url TEXT,
    site TEXT,
    body TEXT NOT NULL,
    version TEXT NOT NULL,
    statement_ids TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_url ON pages (url);
CREATE INDEX IF NOT EXISTS pages_site ON pages (site);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
    lexical, content='statements', content_rowid='rid', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_vocab USING fts5vocab(statements_fts, 'row');
CREATE TRIGGER IF NOT EXISTS statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, lexical) VALUES (new.rid, new.lexical);
END;
CREATE TRIGGER IF NOT EXISTS statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, lexical)
        VALUES ('delete', old.rid, old.lexical);
END;
CREATE TRIGGER IF NOT EXISTS statements_au AFTER UPDATE OF lexical ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, lexical)
        VALUES ('delete', old.rid, old.lexical);
    INSERT INTO statements_fts (rowid, lexical) VALUES (new.rid, new.lexical);
END;
"""


def _now() -> str:
    return write_time().isoformat(timespec="milliseconds")


_GENERATION = "SELECT value FROM meta WHERE key = 'generation'"


def _generation(conn: sqlite3.Connection) -> int:
    return int(conn.execute(_GENERATION).fetchone()[0])


def _match_expression(tokens: Sequence[str]) -> str:
    # Tokens come from `lexical_tokens` ([0-9a-z] and Hangul only); quoting keeps FTS5 syntax
    # characters out of the query anyway.
    return " OR ".join('"' + t.replace('"', "") + '"' for t in dict.fromkeys(tokens) if t)


def _filter_sql(flt: StatementFilter, alias: str = "s") -> tuple[str, list[Any]]:
    terms = filter_terms(flt)
    where = " AND ".join(t.condition.format(s=alias, p="?") for t in terms)
    # Dates are stored as ISO text, which sorts as the dates do.
    params = [t.value.isoformat() if isinstance(t.value, dt.date) else t.value for t in terms]
    return (where or "1"), params


def _vector_delta(generation: int, rows: list[Any], deleted: list[str]) -> VectorDelta:
    if rows:
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
        matrix = vectors.reshape(len(rows), -1).astype(np.float32)
    else:
        matrix = np.zeros((0, 0), dtype=np.float32)
    english_rows = [i for i, r in enumerate(rows) if r[5] is not None]
    if english_rows:
        english = np.frombuffer(b"".join(rows[i][5] for i in english_rows), dtype=np.float16)
        english_matrix = english.reshape(len(english_rows), -1).astype(np.float32)
    else:
        english_matrix = np.zeros((0, 0), dtype=np.float32)
    return VectorDelta(
        generation=generation,
        ids=[r[0] for r in rows],
        vectors=matrix,
        kinds=[r[2] for r in rows],
        languages=[r[3] for r in rows],
        published=[dt.date.fromisoformat(r[4]).toordinal() if r[4] else 0 for r in rows],
        deleted=deleted,
        english_rows=english_rows,
        english_vectors=english_matrix,
    )


class SqliteStore(SqlitePages, StatementStore):
    """Statements in one SQLite file (FTS5 for BM25, float16 vectors in BLOB columns)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._identity: str | None = None
        conn = self._conn()
        with conn:
            conn.executescript(_SCHEMA)
        self._migrate(conn)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {version}, this build reads {SCHEMA_VERSION}")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring an older file up to `SCHEMA_VERSION` in place; safe against a concurrent start.

        1 → 2: the nullable `english_vector` column. Rows written before it have none until
        they are written again (`factdesk reindex`); retrieval scores them without it.
        2 → 3: the `pages` table (ClaimReview markup pages), made by the schema script.
        """
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0])
                if version == 1:
                    columns = {row[1] for row in conn.execute("PRAGMA table_info(statements)")}
                    if "english_vector" not in columns:
                        conn.execute("ALTER TABLE statements ADD COLUMN english_vector BLOB")
                    conn.execute("UPDATE meta SET value = 2 WHERE key = 'schema_version'")
                    version = 2
                if version == 2:
                    conn.execute("UPDATE meta SET value = 3 WHERE key = 'schema_version'")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: schema migration failed: {exc}") from exc

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    self.path,
                    timeout=_BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open {self.path}: {exc}") from exc
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: what is read in it is one state of the store."""
        conn = self._conn()
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row | tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(str(exc)) from exc

    # -- writes ---------------------------------------------------------------------------

    def write(self, items: Sequence[PreparedStatement]) -> WriteResult:
        if not items:
            return WriteResult(generation=self.generation())
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                generation = self._bump(conn)
                created, updated = self._upsert(conn, items, generation)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"write failed, nothing stored: {exc}") from exc
        return WriteResult(created=created, updated=updated, generation=generation)

    @staticmethod
    def _upsert(
        conn: sqlite3.Connection, items: Sequence[PreparedStatement], generation: int
    ) -> tuple[list[str], list[str]]:
        """Insert or update `items` inside the caller's transaction, after its `_bump`:
        (created ids, updated ids)."""
        created: list[str] = []
        updated: list[str] = []
        now = _now()
        for item in items:
            st = item.statement
            body = json.dumps(
                {
                    **st.model_dump(mode="json", exclude_none=True),
                    "id": item.id,
                    "language": item.language,
                },
                ensure_ascii=False,
            )
            source_url = str(st.source.url) if st.source.url else None
            published = st.source.published_at.isoformat() if st.source.published_at else None
            vector = np.asarray(item.vector, dtype=np.float16).tobytes()
            english = (
                np.asarray(item.english_vector, dtype=np.float16).tobytes()
                if item.english_vector is not None
                else None
            )
            values = {
                "body": body,
                "language": item.language,
                "kind": str(st.kind),
                "source_url": source_url,
                "published_at": published,
                "lexical": item.lexical,
                "parsed": json.dumps(item.parsed, ensure_ascii=False),
                "vector": vector,
                "english_vector": english,
                "seq": generation,
                "updated_at": now,
            }
            cur = conn.execute(
                f"UPDATE statements SET {', '.join(f'{c}=?' for c in values)} WHERE id=?",
                (*values.values(), item.id),
            )
            if cur.rowcount:
                updated.append(item.id)
                continue
            row = {"id": item.id, "created_at": now, **values}
            conn.execute(
                f"INSERT INTO statements ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            conn.execute("DELETE FROM tombstones WHERE id = ?", (item.id,))
            created.append(item.id)
        return created, updated

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> int:
        row = conn.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value"
        ).fetchone()
        # A random tag per write: a copy restored from a backup that is written to again
        # reaches the same generations with other contents, and must not share cache keys.
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('write_tag', ?)",
            (secrets.randbits(62),),
        )
        return int(row[0])

    def delete(self, statement_id: str) -> bool:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if (
                    conn.execute(
                        "SELECT 1 FROM statements WHERE id = ?", (statement_id,)
                    ).fetchone()
                    is None
                ):
                    conn.execute("ROLLBACK")
                    return False
                self._remove(conn, [statement_id], self._bump(conn))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"delete failed: {exc}") from exc
        return True

    @staticmethod
    def _remove(conn: sqlite3.Connection, ids: Sequence[str], generation: int) -> None:
        """Delete statements inside the caller's transaction, after its `_bump`."""
        for statement_id in ids:
            if conn.execute("DELETE FROM statements WHERE id = ?", (statement_id,)).rowcount:
                conn.execute(
                    "INSERT OR REPLACE INTO tombstones (id, seq) VALUES (?, ?)",
                    (statement_id, generation),
                )

    # -- reads ----------------------------------------------------------------------------

    def get(self, statement_id: str) -> Statement | None:
        return self.get_many([statement_id]).get(statement_id)

    def _rows_by_id(
        self, columns: str, ids: Sequence[str], where: str = ""
    ) -> Iterator[sqlite3.Row | tuple[Any, ...]]:
        """`SELECT id, <columns>` of the given ids (each once), `_IN_LIMIT` ids a query."""
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _IN_LIMIT):
            chunk = unique[start : start + _IN_LIMIT]
            yield from self._query(
                f"SELECT id, {columns} FROM statements "
                f"WHERE id IN ({','.join('?' * len(chunk))}) {where}",
                chunk,
            )

    def get_many(self, ids: Sequence[str]) -> dict[str, Statement]:
        return {
            sid: statement_from_row(body, created, updated)
            for sid, body, created, updated in self._rows_by_id("body, created_at, updated_at", ids)
        }

    def get_analysis(self, ids: Sequence[str]) -> dict[str, Analysis]:
        return {
            sid: Analysis(lexical, json.loads(parsed), language)
            for sid, lexical, parsed, language in self._rows_by_id("lexical, parsed, language", ids)
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
            where += " AND s.id > ?"
            params.append(after)
        if match_tokens:
            where += " AND s.rid IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)"
            params.append(_match_expression(match_tokens))
        rows = self._query(
            f"SELECT s.body, s.created_at, s.updated_at FROM statements s WHERE {where} "
            f"ORDER BY s.id LIMIT ?",
            [*params, limit],
        )
        return [statement_from_row(body, created, updated) for body, created, updated in rows]

    def lexical_search(
        self, tokens: Sequence[str], flt: StatementFilter, limit: int
    ) -> list[tuple[str, float]]:
        expression = _match_expression(self._selective(tokens))
        if not expression:
            return []
        where, params = _filter_sql(flt)
        if where == "1":
            # FTS5 ranks and cuts by itself; the join then touches `limit` rows, not every match.
            rows = self._query(
                "SELECT s.id, f.score FROM (SELECT rowid, -rank AS score FROM statements_fts "
                "WHERE statements_fts MATCH ? ORDER BY rank LIMIT ?) f "
                "JOIN statements s ON s.rid = f.rowid ORDER BY f.score DESC",
                [expression, limit],
            )
        else:
            rows = self._query(
                "SELECT s.id, -bm25(statements_fts) AS score FROM statements_fts "
                "JOIN statements s ON s.rid = statements_fts.rowid "
                f"WHERE statements_fts MATCH ? AND {where} ORDER BY score DESC LIMIT ?",
                [expression, *params, limit],
            )
        return [(sid, float(score)) for sid, score in rows if score > 0]

    def _selective(self, tokens: Sequence[str]) -> list[str]:
        """The query tokens worth matching: BM25 scores every statement holding any of them,
        so a few very common tokens in a large store cost hundreds of milliseconds while adding
        almost nothing to the scores (their IDF is near zero). Tokens are kept rarest first
        until their documents add up to `LEXICAL_POSTINGS_BUDGET`; tokens the index lacks
        (which match nothing) are dropped. Below the budget nothing changes."""
        unique = list(dict.fromkeys(t for t in tokens if t))
        if len(unique) < 2:
            return unique
        marks = ",".join("?" * len(unique))
        docs: dict[str, int] = {
            str(term): int(doc)
            for term, doc in self._query(
                f"SELECT term, doc FROM statements_vocab WHERE term IN ({marks})", unique
            )
        }
        kept: list[str] = []
        total = 0
        for token in sorted((t for t in unique if t in docs), key=lambda t: docs[t]):
            if kept and total + docs[token] > LEXICAL_POSTINGS_BUDGET:
                break
            kept.append(token)
            total += docs[token]
        return kept

    def vocabulary(self) -> list[str]:
        return [term for (term,) in self._query("SELECT term FROM statements_vocab")]

    def vectors_since(self, generation: int) -> VectorDelta:
        parts = list(self.vector_batches_since(generation, batch=1 << 62))
        return parts[0]

    def vector_batches_since(self, generation: int, batch: int = 50_000) -> Iterator[VectorDelta]:
        # One read transaction so the rows, the tombstones and the generation agree.
        with self._snapshot() as conn:
            current = _generation(conn)
            deleted = [
                sid
                for (sid,) in conn.execute("SELECT id FROM tombstones WHERE seq > ?", (generation,))
            ]
            cursor = conn.execute(
                "SELECT id, vector, kind, language, published_at, english_vector "
                "FROM statements WHERE seq > ? ORDER BY rid",
                (generation,),
            )
            first = True
            while True:
                rows = cursor.fetchmany(min(batch, 1 << 30))
                if not rows and not first:
                    break
                yield _vector_delta(current, rows, deleted if first else [])
                first = False
                if len(rows) < batch:
                    break

    # -- vectors of given ids (the English index of a large store reads them from here) ----

    @property
    def serves_vector_similarity(self) -> bool:
        return True

    def vector_similarity(
        self, ids: Sequence[str], query: npt.NDArray[np.float32], *, english: bool = False
    ) -> dict[str, float]:
        column = "english_vector" if english else "vector"
        found: list[str] = []
        blobs: list[bytes] = []
        for sid, blob in self._rows_by_id(column, ids, f"AND {column} IS NOT NULL"):
            found.append(str(sid))
            blobs.append(bytes(blob))
        if not found:
            return {}
        q = np.asarray(query, dtype=np.float32)
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(found), -1)
        scores = matrix.astype(np.float32) @ q
        return dict(zip(found, scores.tolist(), strict=True))

    def vector_count(self, *, english: bool = False) -> int:
        where = "WHERE english_vector IS NOT NULL" if english else ""
        return int(self._query(f"SELECT count(*) FROM statements {where}")[0][0])

    def identity(self) -> str:
        if self._identity is None:
            self._identity = str(self._query("SELECT id FROM identity")[0][0])
        return self._identity

    def generation(self) -> int:
        return int(self._query(_GENERATION)[0][0])

    @property
    def reads_locally(self) -> bool:
        return True

    def cache_scope(self) -> tuple[int, str]:
        rows = self._query("SELECT key, value FROM meta WHERE key IN ('generation', 'write_tag')")
        values = {str(key): int(value) for key, value in rows}
        return values["generation"], f"{self.identity()}:{values.get('write_tag', 0)}"

    def count_stats(self) -> StoreStats:
        with self._snapshot() as conn:
            return StoreStats.counted(
                conn.execute(StoreStats.KIND_COUNTS).fetchall(),
                conn.execute(StoreStats.LANGUAGE_COUNTS).fetchall(),
                _generation(conn),
            )

    def iter_all(self) -> Iterator[Statement]:
        after = ""
        while True:
            rows = self._query(
                "SELECT id, body, created_at, updated_at FROM statements WHERE id > ? "
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
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
