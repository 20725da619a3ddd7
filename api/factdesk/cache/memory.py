"""In-process LRU cache: the embedded default when no Redis is configured."""

from __future__ import annotations

import time
from collections import OrderedDict

from factdesk.cache.base import LOCAL_LEASE, Cache, Lease


class MemoryCache(Cache):
    """A bounded LRU with per-entry expiry, local to one worker process."""

    name = "memory"

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    async def get(self, key: str) -> bytes | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires < time.monotonic():
            self._data.pop(key, None)
            return None
        self._data.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        if ttl_seconds <= 0:
            return
        self._data[key] = (time.monotonic() + ttl_seconds, value)
        self._data.move_to_end(key)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    async def try_lock(self, key: str, ttl_ms: int) -> Lease | None:
        # One process: the service's in-process single flight already shares the computation.
        return LOCAL_LEASE

    async def unlock(self, key: str, lease: Lease) -> None:
        return None

    async def state(self) -> str:
        return "ok"
