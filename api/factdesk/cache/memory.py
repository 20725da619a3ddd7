"""In-process LRU cache: the embedded default when no Redis is configured."""

from __future__ import annotations

import time

from cachetools import TLRUCache

from factdesk.cache.base import LOCAL_LEASE, Cache, Lease


def _expiry(key: str, entry: tuple[int, bytes], now: float) -> float:
    """When an entry stops being served: its own TTL after it was set."""
    return now + entry[0]


class MemoryCache(Cache):
    """A bounded LRU with per-entry expiry, local to one worker process."""

    name = "memory"

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        # (ttl_seconds, value) by key; one event loop uses it, so no lock.
        self._data: TLRUCache[str, tuple[int, bytes]] = TLRUCache(
            maxsize=max_entries, ttu=_expiry, timer=time.monotonic
        )

    async def get(self, key: str) -> bytes | None:
        entry = self._data.get(key)
        return None if entry is None else entry[1]

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        if ttl_seconds <= 0:
            return
        self._data[key] = (ttl_seconds, value)

    async def try_lock(self, key: str, ttl_ms: int) -> Lease | None:
        # One process: the service's in-process single flight already shares the computation.
        return LOCAL_LEASE

    async def unlock(self, key: str, lease: Lease) -> None:
        return None

    async def state(self) -> str:
        return "ok"
