"""The `Cache` interface for computed replies (verdicts, search results).

Keys are built by the caller from the normalised request, the engine version and the store
generation, so a write to the store makes every older entry unreachable; nothing is ever
invalidated by hand. A cache failure must never fail a request: implementations swallow their
backend's errors, report them through `state`, and the caller computes the answer instead.

The compute lock (`try_lock` / `unlock`) keeps processes that share a cache from computing the
same missing reply at once: one holds the lock and computes, the others poll `get` until the
reply appears. A lock is only advice — a backend that cannot hold one (local to the process, or
unreachable right now) grants every request, and the worst outcome is a duplicate computation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class Lease:
    """A granted compute lock. `shared` is False when no lock other processes see was taken (a
    process-local cache, or a backend that cannot be reached): nothing to re-check or release."""

    token: str
    shared: bool


LOCAL_LEASE = Lease(token="", shared=False)


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
    async def try_lock(self, key: str, ttl_ms: int) -> Lease | None:
        """Take the compute lock of `key` for at most `ttl_ms`: a `Lease`, or None while another
        holder has it. Grants an unshared lease when the backend cannot tell."""

    @abstractmethod
    async def unlock(self, key: str, lease: Lease) -> None:
        """Release the lock if `lease` still holds it (an expired lock taken over by someone
        else stays theirs); errors are swallowed."""

    @abstractmethod
    async def state(self) -> str:
        """`ok`, or `degraded` when the backend cannot be reached right now."""

    async def close(self) -> None:  # noqa: B027 - optional hook, most caches hold nothing
        """Release connections."""
