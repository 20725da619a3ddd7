"""The `Cache` interface for computed replies (verdicts, search results).

Keys are built by the caller from the normalised request, the engine version and the store
generation, so a write to the store makes every older entry unreachable; nothing is ever
invalidated by hand. A cache failure must never fail a request: implementations swallow their
backend's errors, report them through `healthy`, and the caller computes the answer instead.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class Cache(ABC):
    """Async get/set of opaque bytes with a TTL."""

    name: str

    @abstractmethod
    async def get(self, key: str) -> bytes | None:
        """The stored value, or None when absent, expired or the backend is unavailable."""

    @abstractmethod
    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        """Store a value; errors are swallowed (and reflected in `state`)."""

    @abstractmethod
    async def state(self) -> str:
        """`ok`, or `degraded` when the backend cannot be reached right now."""

    async def close(self) -> None:  # noqa: B027 - optional hook, most caches hold nothing
        """Release connections."""
