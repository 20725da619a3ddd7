"""Statement stores behind the `StatementStore` interface, chosen from the database URL."""

from api.store.base import StatementStore, StoreError
from api.store.sqlite import SqliteStore


def create_store(database_url: str) -> StatementStore:
    """Open the store a database URL names (`sqlite:///path`)."""
    if database_url.startswith("sqlite:///"):
        from pathlib import Path

        return SqliteStore(Path(database_url.removeprefix("sqlite:///")))
    raise ValueError(f"unsupported database URL scheme: {database_url.split(':', 1)[0]}")


__all__ = ["SqliteStore", "StatementStore", "StoreError", "create_store"]
