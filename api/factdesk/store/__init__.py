"""Statement stores behind the `StatementStore` interface, chosen from the database URL."""

from factdesk.config import POSTGRES_SCHEMES, is_postgres_url, is_sqlite_url, sqlite_url_path
from factdesk.store.base import StatementStore, StoreError
from factdesk.store.sqlite import SqliteStore


def create_store(
    database_url: str,
    *,
    pool_size: int = 10,
    timeout: float = 5.0,
    statement_timeout: float = 30.0,
) -> StatementStore:
    """Open the store a database URL names: `sqlite:///path` (embedded) or
    `postgresql://user@host/db` (scale-out; needs the `postgres` extra). The pool size and the
    timeouts (seconds: connecting or waiting for a pooled connection, and one statement) apply
    to PostgreSQL only."""
    if is_sqlite_url(database_url):
        return SqliteStore(sqlite_url_path(database_url))
    if is_postgres_url(database_url):
        try:
            from factdesk.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                f"a PostgreSQL store needs the postgres extra: pip install 'factdesk[postgres]' "
                f"({exc})"
            ) from exc
        return PostgresStore(
            database_url, pool_size=pool_size, timeout=timeout, statement_timeout=statement_timeout
        )
    raise ValueError(f"unsupported database URL scheme: {database_url.split(':', 1)[0]}")


__all__ = ["POSTGRES_SCHEMES", "SqliteStore", "StatementStore", "StoreError", "create_store"]
