"""`PostgresStore`'s pages (ClaimReview markup, `StatementStore.put_page` and the rest): a page row
and its statements written or removed in one transaction, after the generation bump whose row
lock queues every writer."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import psycopg

from factdesk.store.base import PageRecord, PreparedStatement, VersionConflict, WriteResult
from factdesk.store.postgres_rows import statement_row

_COLUMNS = "id, url, site, body, version, statement_ids, created_at, updated_at"


class _Store(Protocol):
    def _conn(self) -> AbstractContextManager[psycopg.Connection[Any]]: ...

    def _query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]: ...

    @staticmethod
    def _bump(conn: psycopg.Connection[Any]) -> int: ...

    def _write_in(
        self,
        conn: psycopg.Connection[Any],
        items: Sequence[PreparedStatement],
        rows: list[tuple[Any, ...]],
        generation: int,
    ) -> tuple[list[str], list[str]]: ...

    def _delete_in(
        self, conn: psycopg.Connection[Any], ids: Sequence[str], generation: int
    ) -> list[str]: ...


def _record(row: Sequence[Any]) -> PageRecord:
    pid, url, site, body, version, ids, created, updated = row
    return PageRecord(pid, url, site, body, version, tuple(ids), created, updated)


class _Absent(Exception):
    """The page to update is not there: roll back, answer None."""


class PostgresPages:
    """The page half of `StatementStore`, mixed into `PostgresStore`."""

    def put_page(
        self: _Store,
        page: PageRecord,
        items: Sequence[PreparedStatement],
        *,
        create: bool,
        expected_version: str | None = None,
    ) -> WriteResult | None:
        rows = [statement_row(item) for item in items]  # bad input fails before any SQL
        try:
            with self._conn() as conn, conn.transaction():
                generation = self._bump(conn)  # first: queues writers, as `write` does
                row = conn.execute(
                    "SELECT version, statement_ids FROM pages WHERE id = %s", (page.id,)
                ).fetchone()
                if create and row is not None:
                    raise VersionConflict(f"page {page.id} exists already")
                if not create and row is None:
                    raise _Absent
                if row is not None and expected_version not in (None, row[0]):
                    raise VersionConflict(
                        f"page {page.id} is at version {row[0]}, not {expected_version}"
                    )
                held = set(row[1]) if row is not None else set()
                self._delete_in(conn, sorted(held - set(page.statement_ids)), generation)
                created, updated = self._write_in(conn, items, rows, generation)
                conn.execute(
                    f"INSERT INTO pages ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, now(), now()) "
                    "ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, site = EXCLUDED.site, "
                    "body = EXCLUDED.body, version = EXCLUDED.version, "
                    "statement_ids = EXCLUDED.statement_ids, updated_at = now()",
                    (
                        page.id,
                        page.url,
                        page.site,
                        page.body,
                        page.version,
                        list(page.statement_ids),
                    ),
                )
        except _Absent:
            return None
        return WriteResult(created=created, updated=updated, generation=generation)

    def get_page(self: _Store, page_id: str) -> PageRecord | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM pages WHERE id = %s", (page_id,))
        return _record(rows[0]) if rows else None

    def list_pages(
        self: _Store,
        *,
        url: str | None = None,
        site: str | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> list[PageRecord]:
        where, params = ["id > %(after)s"], {"after": after or "", "limit": limit}
        if url is not None:
            where.append("url = %(url)s")
            params["url"] = url
        if site is not None:
            # Sites are host names ([a-z0-9.-]): no LIKE wildcard can be in one.
            where.append("(site = %(site)s OR site LIKE %(sub)s)")
            params.update(site=site, sub="%." + site)
        rows = self._query(
            f"SELECT {_COLUMNS} FROM pages WHERE {' AND '.join(where)} ORDER BY id LIMIT %(limit)s",
            params,
        )
        return [_record(r) for r in rows]

    def delete_page(self: _Store, page_id: str) -> WriteResult | None:
        with self._conn() as conn, conn.transaction():
            generation = self._bump(conn)
            row = conn.execute(
                "DELETE FROM pages WHERE id = %s RETURNING statement_ids", (page_id,)
            ).fetchone()
            if row is None:
                raise psycopg.Rollback  # nothing to delete is not a write: undo the bump
            self._delete_in(conn, list(row[0]), generation)
        return WriteResult(generation=generation) if row is not None else None
