"""The `Cache` contract, run against the in-process LRU and a real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from api.cache import Cache, MemoryCache
from api.cache.redis import RedisCache


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
