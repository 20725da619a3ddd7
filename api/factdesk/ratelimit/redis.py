"""Redis rate limiter, one count shared by every worker and replica (`FACTDESK_REDIS_URL`).

The GCRA step runs as a Lua script, so reading and writing a caller's TAT is one atomic step on
the server, and it reads the clock of the Redis server, so workers on hosts whose clocks differ
still agree. Keys expire once the caller's allowance is full again.

Redis being down must not take the API down: the limiter then serves requests unlimited, logs
the outage once, and does not try Redis again for a second, so an outage costs requests nothing.
"""

from __future__ import annotations

import logging
import time

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from factdesk.ratelimit.base import Quota, Rate, RateLimiter, charged

log = logging.getLogger(__name__)
_TIMEOUT_SECONDS = 0.25
_BACKOFF_SECONDS = 1.0
_PREFIX = "factdesk:ratelimit:v1:"
_MICRO = 1_000_000

# KEYS[1] the caller's TAT; ARGV[1] what the request costs (its units times the interval),
# ARGV[2] period, both in microseconds.
# Returns {allowed, TAT - now, allowed_at - now} in microseconds. string.format('%d') because
# Lua would write a 16-digit number in exponent notation and lose the microseconds.
_GCRA = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local cost = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + cost
local allowed_at = new_tat - period
if allowed_at > now then
    return {0, tat - now, allowed_at - now}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', ttl_ms)
return {1, new_tat - now, allowed_at - now}
"""


class RedisRateLimiter(RateLimiter):
    """TATs under `factdesk:ratelimit:v1:<caller>`, updated by one Lua script per request."""

    name = "redis"

    def __init__(self, rate: Rate, url: str) -> None:
        super().__init__(rate)
        self._client = aioredis.Redis.from_url(
            url,
            socket_timeout=_TIMEOUT_SECONDS,
            socket_connect_timeout=_TIMEOUT_SECONDS,
            health_check_interval=15,
        )
        self._script = self._client.register_script(_GCRA)
        self._down_until = 0.0

    async def hit(self, caller: str, cost: int = 1) -> Quota | None:
        if time.monotonic() < self._down_until:
            return None
        interval = round(self.rate.interval * _MICRO)
        try:
            allowed, reset, allowed_at = await self._script(
                keys=[_PREFIX + caller],
                args=[interval * charged(self.rate, cost), round(self.rate.period * _MICRO)],
            )
        except (RedisError, OSError) as exc:
            if not self._down_until:
                log.warning("redis rate limiter unavailable, serving without limits: %s", exc)
            self._down_until = time.monotonic() + _BACKOFF_SECONDS
            return None
        if self._down_until:
            log.info("redis rate limiter reachable again")
            self._down_until = 0.0
        if not allowed:
            return Quota(False, self.rate.limit, 0, reset / _MICRO, allowed_at / _MICRO)
        remaining = (-allowed_at) // interval
        return Quota(True, self.rate.limit, int(remaining), reset / _MICRO, 0.0)

    async def close(self) -> None:
        await self._client.aclose()
