"""Setting up a PostgreSQL store: its schema migrations (the versioned SQL files in
`migrations/`, applied in order) and the settings of its pooled sessions.

An advisory lock makes replicas that start together take turns, and a database migrated by a
newer build is refused rather than misread.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import psycopg

from factdesk.store.base import StoreError

# Any constant shared by every FactDesk replica: pg_advisory_lock's key for migrations.
_MIGRATION_LOCK = 7_261_044_718_520_305
_MIGRATION_FILE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped with this build, in order."""
    found = []
    for entry in resources.files("factdesk.store").joinpath("migrations").iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    return sorted(found)


def migrate(conninfo: str, *, connect_timeout: float = 5.0) -> list[str]:
    """Apply the migrations the database lacks, each in its own transaction; return their names.

    An up-to-date database is only read (so replicas may start against a read-only standby).
    Otherwise an advisory lock makes replicas that start together take turns: the first applies
    the files, the others then find nothing left to do. A database migrated by a newer build is
    refused rather than misread.
    """
    try:
        with psycopg.connect(
            conninfo, autocommit=True, connect_timeout=max(1, round(connect_timeout))
        ) as conn:
            if not _pending(conn):
                return []
            conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                return _apply(conn)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
    except psycopg.Error as exc:
        raise StoreError(f"PostgreSQL migration failed: {describe_error(exc)}") from exc


def _applied(conn: psycopg.Connection[Any]) -> set[int]:
    """Versions recorded in the database (none before the first migration)."""
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return set()
    applied = {int(v) for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    newest = max((v for v, _, _ in migrations()), default=0)
    if applied and max(applied) > newest:
        raise StoreError(
            f"database schema version {max(applied)}, this build reads up to {newest}: "
            "upgrade FactDesk"
        )
    return applied


def _pending(conn: psycopg.Connection[Any]) -> list[tuple[int, str, str]]:
    applied = _applied(conn)
    return [m for m in migrations() if m[0] not in applied]


def _apply(conn: psycopg.Connection[Any]) -> list[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version integer PRIMARY KEY, name text NOT NULL, "
        "applied_at timestamptz NOT NULL DEFAULT now())"
    )
    done = []
    for version, name, sql in _pending(conn):  # again: another replica may have applied some
        with conn.transaction():
            conn.execute(sql.encode())  # no parameters: several statements in one go
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
            )
        done.append(name)
    return done


def describe_error(exc: BaseException) -> str:
    """A psycopg error in one line: its connection errors span lines, and the first names the
    cause."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def session_options(conninfo: str, statement_timeout: float) -> str:
    """Server settings for every pooled session, after any the URL sets itself (`options=-c
    default_transaction_read_only=on`, say)."""
    given = str(psycopg.conninfo.conninfo_to_dict(conninfo).get("options") or "")
    ours = f"-c statement_timeout={round(statement_timeout * 1000)} -c timezone=UTC"
    return f"{given} {ours}".strip()
