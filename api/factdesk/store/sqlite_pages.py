"""`SqliteStore`'s pages (ClaimReview markup, `StatementStore.put_page` and the rest): a page row
and its statements written or removed in one `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

from factdesk.store.base import (
    PageRecord,
    PreparedStatement,
    StoreError,
    VersionConflict,
    WriteResult,
)
from factdesk.store.rows import write_time

_COLUMNS = "id, url, site, body, version, statement_ids, created_at, updated_at"


class _Store(Protocol):
    def _conn(self) -> sqlite3.Connection: ...

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> int: ...

    @staticmethod
    def _upsert(
        conn: sqlite3.Connection, items: Sequence[PreparedStatement], generation: int
    ) -> tuple[list[str], list[str]]: ...

    @staticmethod
    def _remove(conn: sqlite3.Connection, ids: Sequence[str], generation: int) -> None: ...


def _record(row: Sequence[Any]) -> PageRecord:
    pid, url, site, body, version, ids, created, updated = row
    return PageRecord(
        id=pid,
        url=url,
        site=site,
        body=body,
        version=version,
        statement_ids=tuple(json.loads(ids)),
        created_at=dt.datetime.fromisoformat(created),
        updated_at=dt.datetime.fromisoformat(updated),
    )


class SqlitePages:
    """The page half of `StatementStore`, mixed into `SqliteStore`."""

    def put_page(
        self: _Store,
        page: PageRecord,
        items: Sequence[PreparedStatement],
        *,
        create: bool,
        expected_version: str | None = None,
    ) -> WriteResult | None:
        conn = self._conn()
        now = write_time().isoformat(timespec="milliseconds")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT version, statement_ids, created_at FROM pages WHERE id = ?", (page.id,)
                ).fetchone()
                if create and row is not None:
                    raise VersionConflict(f"page {page.id} exists already")
                if not create and row is None:
                    conn.execute("ROLLBACK")
                    return None
                if row is not None and expected_version not in (None, row[0]):
                    raise VersionConflict(
                        f"page {page.id} is at version {row[0]}, not {expected_version}"
                    )
                generation = self._bump(conn)
                held = set(json.loads(row[1])) if row is not None else set()
                self._remove(conn, sorted(held - set(page.statement_ids)), generation)
                created, updated = self._upsert(conn, items, generation)
                conn.execute(
                    f"INSERT OR REPLACE INTO pages ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        page.id,
                        page.url,
                        page.site,
                        page.body,
                        page.version,
                        json.dumps(list(page.statement_ids)),
                        row[2] if row is not None else now,
                        now,
                    ),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"page write failed, nothing stored: {exc}") from exc
        return WriteResult(created=created, updated=updated, generation=generation)

    def get_page(self: _Store, page_id: str) -> PageRecord | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM pages WHERE id = ?", (page_id,))
        return _record(rows[0]) if rows else None

    def list_pages(
        self: _Store,
        *,
        url: str | None = None,
        site: str | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> list[PageRecord]:
        where, params = ["id > ?"], [after or ""]
        if url is not None:
            where.append("url = ?")
            params.append(url)
        if site is not None:
            # Sites are host names ([a-z0-9.-]): no LIKE wildcard can be in one.
            where.append("(site = ? OR site LIKE ?)")
            params += [site, "%." + site]
        rows = self._query(
            f"SELECT {_COLUMNS} FROM pages WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
            [*params, limit],
        )
        return [_record(r) for r in rows]

    def delete_page(self: _Store, page_id: str) -> WriteResult | None:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT statement_ids FROM pages WHERE id = ?", (page_id,)
                ).fetchone()
                if row is None:
                    conn.execute("ROLLBACK")
                    return None
                generation = self._bump(conn)
                self._remove(conn, json.loads(row[0]), generation)
                conn.execute("DELETE FROM pages WHERE id = ?", (page_id,))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"page delete failed: {exc}") from exc
        return WriteResult(generation=generation)
