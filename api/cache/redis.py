"""Redis cache shared by every worker and replica (`FACTDESK_REDIS_URL`).

Short socket timeouts: a slow or absent Redis costs a request at most a fraction of a second,
after which the engine answers. Failures are logged once per outage, not per request; redis-py
reconnects on the next command, so recovery needs nothing from us.
"""

from __future__ import annotations

import logging

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from api.cache.base import Cache

log = logging.getLogger(__name__)
_TIMEOUT_SECONDS = 0.25
_PREFIX = "factdesk:v1:"


class RedisCache(Cache):
    """Values under `factdesk:v1:<key>` with `SET … EX ttl`."""

    name = "redis"

    def __init__(self, url: str) -> None:
        self._client = aioredis.Redis.from_url(
            url,
            socket_timeout=_TIMEOUT_SECONDS,
            socket_connect_timeout=_TIMEOUT_SECONDS,
            health_check_interval=15,
        )
        self._degraded = False

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
