"""Redis cache shared by every worker and replica (`FACTDESK_REDIS_URL`).

Short socket timeouts: a slow or absent Redis costs a request at most a fraction of a second,
after which the engine answers. Failures are logged once per outage, not per request; redis-py
reconnects on the next command, so recovery needs nothing from us.
"""

from __future__ import annotations

import logging
import uuid

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from factdesk.cache.base import LOCAL_LEASE, Cache, Lease

log = logging.getLogger(__name__)
_TIMEOUT_SECONDS = 0.25
_PREFIX = "factdesk:v1:"
_LOCK_PREFIX = "factdesk:lock:v1:"
# Delete the lock only if it still holds our token: after an expiry another process may own it.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class RedisCache(Cache):
    """Values under `factdesk:v1:<key>` with `SET … EX ttl`; compute locks under
    `factdesk:lock:v1:<key>` with `SET … NX PX ttl` and a random token."""

    name = "redis"

    def __init__(self, url: str) -> None:
        self._client = aioredis.Redis.from_url(
            url,
            socket_timeout=_TIMEOUT_SECONDS,
            socket_connect_timeout=_TIMEOUT_SECONDS,
            health_check_interval=15,
        )
        self._degraded = False
        self._release = self._client.register_script(_RELEASE)

    def _failed(self, exc: Exception) -> None:
        if not self._degraded:
            log.warning("redis cache unavailable, answering without it: %s", exc)
        self._degraded = True

    def _recovered(self) -> None:
        if self._degraded:
            log.info("redis cache reachable again")
        self._degraded = False

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self._client.get(_PREFIX + key)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return None
        self._recovered()
        return value.encode() if isinstance(value, str) else value

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        if ttl_seconds <= 0:
            return
        try:
            await self._client.set(_PREFIX + key, value, ex=ttl_seconds)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return
        self._recovered()

    async def try_lock(self, key: str, ttl_ms: int) -> Lease | None:
        if self._degraded:
            # Known down: another timeout would only delay the computation. `get` and `state`
            # notice the recovery.
            return LOCAL_LEASE
        token = uuid.uuid4().hex
        try:
            taken = await self._client.set(_LOCK_PREFIX + key, token, nx=True, px=ttl_ms)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return LOCAL_LEASE
        self._recovered()
        return Lease(token, shared=True) if taken else None

    async def unlock(self, key: str, lease: Lease) -> None:
        if not lease.shared:
            return
        try:
            await self._release(keys=[_LOCK_PREFIX + key], args=[lease.token])
        except (RedisError, OSError) as exc:
            self._failed(exc)  # the lock expires by itself
            return
        self._recovered()

    async def state(self) -> str:
        try:
            await self._client.ping()
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return "degraded"
        self._recovered()
        return "ok"

    async def close(self) -> None:
        await self._client.aclose()
