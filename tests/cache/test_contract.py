"""The `Cache` contract, run against the in-process LRU and a real Redis."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from factdesk.cache import Cache, Lease, MemoryCache
from factdesk.cache.redis import RedisCache

from tests.redis_server import RedisProcess


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[Cache]:
    made: Cache = MemoryCache(100) if request.param == "memory" else RedisCache(redis_url)
    yield made
    await made.close()


async def test_set_get_and_miss(cache: Cache) -> None:
    key = uuid.uuid4().hex
    assert await cache.get(key) is None
    await cache.set(key, b"verdict", ttl_seconds=60)
    assert await cache.get(key) == b"verdict"
    await cache.set(key, b"newer", ttl_seconds=60)
    assert await cache.get(key) == b"newer"
    assert await cache.state() == "ok"


async def test_ttl_expires(cache: Cache) -> None:
    key = uuid.uuid4().hex
    await cache.set(key, b"short", ttl_seconds=1)
    assert await cache.get(key) == b"short"
    await asyncio.sleep(1.2)
    assert await cache.get(key) is None


async def test_zero_ttl_stores_nothing(cache: Cache) -> None:
    key = uuid.uuid4().hex
    await cache.set(key, b"x", ttl_seconds=0)
    assert await cache.get(key) is None


async def test_memory_cache_is_bounded() -> None:
    lru = MemoryCache(2)
    for key in ("a", "b", "c"):
        await lru.set(key, key.encode(), 60)
    assert await lru.get("a") is None
    assert await lru.get("c") == b"c"


async def test_unreachable_redis_degrades_without_raising() -> None:
    from tests.redis_server import free_port

    dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    assert await dead.get("k") is None
    await dead.set("k", b"v", 60)  # swallowed
    assert await dead.state() == "degraded"
    await dead.close()


async def test_lock_is_granted_when_free_and_released(cache: Cache) -> None:
    key = uuid.uuid4().hex
    lease = await cache.try_lock(key, ttl_ms=5000)
    assert lease is not None
    await cache.unlock(key, lease)
    again = await cache.try_lock(key, ttl_ms=5000)
    assert again is not None
    await cache.unlock(key, again)


async def test_memory_lock_never_blocks() -> None:
    # One process: its single flight shares computations, the lock must not add waiting.
    lru = MemoryCache(10)
    first, second = await lru.try_lock("k", 5000), await lru.try_lock("k", 5000)
    assert first is not None and second is not None and not first.shared


async def test_redis_lock_excludes_until_released_or_expired(redis_url: str) -> None:
    a, b = RedisCache(redis_url), RedisCache(redis_url)  # two workers
    key = uuid.uuid4().hex
    held = await a.try_lock(key, ttl_ms=5000)
    assert held is not None and held.shared
    assert await b.try_lock(key, ttl_ms=5000) is None
    await b.unlock(key, Lease(token="someone-else", shared=True))  # not the holder: no effect
    assert await b.try_lock(key, ttl_ms=5000) is None
    await a.unlock(key, held)
    taken = await b.try_lock(key, ttl_ms=300)
    assert taken is not None
    # A holder that never releases (a crashed worker) loses the lock when it expires.
    assert await a.try_lock(key, ttl_ms=5000) is None
    await asyncio.sleep(0.4)
    after = await a.try_lock(key, ttl_ms=5000)
    assert after is not None
    # The late release of the expired holder must not free the new holder's lock.
    await b.unlock(key, taken)
    assert await b.try_lock(key, ttl_ms=5000) is None
    await a.unlock(key, after)
    await a.close()
    await b.close()


async def test_redis_lock_survives_a_restart(own_redis: RedisProcess) -> None:
    cache = RedisCache(own_redis.url)
    lease = await cache.try_lock("k", ttl_ms=5000)
    assert lease is not None and lease.shared
    own_redis.stop()
    own_redis.start()  # empty again: no lock, no release script loaded
    # The first command on the connection broken by the restart fails; the next reconnects.
    states = [await cache.state() for _ in range(2)]
    assert states[-1] == "ok", states
    fresh = await cache.try_lock("k", ttl_ms=5000)
    assert fresh is not None and fresh.shared
    other = RedisCache(own_redis.url)
    assert await other.try_lock("k", ttl_ms=5000) is None
    await cache.unlock("k", fresh)  # reloads the script after NOSCRIPT
    assert await other.try_lock("k", ttl_ms=5000) is not None
    await cache.close()
    await other.close()


async def test_unreachable_redis_grants_an_unshared_lease_fast() -> None:
    from tests.redis_server import free_port

    dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    lease = await dead.try_lock("k", ttl_ms=5000)
    assert lease is not None and not lease.shared
    await dead.unlock("k", lease)
    assert time.monotonic() - started < 1.0
    await dead.close()
