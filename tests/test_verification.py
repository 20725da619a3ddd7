"""`VerificationService` across processes: two services sharing one real Redis stand for two
workers. Identical concurrent misses compute once; a vanished lock holder, a lock that outlives
the wait, and a Redis that is down or hangs all end in a computed answer within a bound."""

from __future__ import annotations

import asyncio
import random
import string
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from factdesk.cache import Cache
from factdesk.cache.redis import RedisCache
from factdesk.engine.service import Verifier
from factdesk.main import build_verifier
from factdesk.schemas import VerifyRequest
from factdesk.verification import VerificationService

from tests.conftest import make_settings
from tests.redis_server import free_port


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Verifier]:
    built = build_verifier(make_settings(tmp_path_factory.mktemp("verification")))
    built.index.refresh()
    yield built
    built.store.close()


def claim() -> VerifyRequest:
    word = "".join(random.choices(string.ascii_lowercase, k=10))
    return VerifyRequest(claim=f"xAI launched Grok a month after being founded {word}")


def count(service: VerificationService, name: str, **labels: str) -> float:
    return service.metrics.registry.get_sample_value(name, labels) or 0.0


def computed(*services: VerificationService) -> float:
    return sum(count(s, "factdesk_engine_computations_total", route="verify") for s in services)


def key_of(service: VerificationService, req: VerifyRequest) -> str:
    """The cache key the service will use for `req` (to take its lock from outside)."""
    return service._key("verify", service.verify_payload(req), service.verifier.store.cache_scope())


@pytest.fixture()
async def caches(redis_url: str) -> AsyncIterator[list[RedisCache]]:
    made = [RedisCache(redis_url) for _ in range(3)]
    yield made
    for cache in made:
        await cache.close()


async def test_two_workers_compute_a_missing_reply_once(
    verifier: Verifier, caches: list[RedisCache]
) -> None:
    workers = [VerificationService(verifier, c, 60) for c in caches[:2]]
    req = claim()
    replies = await asyncio.gather(*(workers[i % 2].verify(req) for i in range(6)))
    assert computed(*workers) == 1
    assert len({r.model_dump_json(exclude={"cached"}) for r in replies}) == 1
    # One worker computed (its three requests shared it), the other read the cache after
    # waiting on the lock; `cached` says which.
    assert sorted(r.cached for r in replies) == [False] * 3 + [True] * 3
    waited = sum(
        count(w, "factdesk_cache_lock_waits_total", route="verify", outcome="filled")
        for w in workers
    )
    assert waited == 1


async def test_waiter_takes_over_when_the_holder_vanishes(
    verifier: Verifier, caches: list[RedisCache]
) -> None:
    service = VerificationService(verifier, caches[0], 60, lock_wait_seconds=5)
    req = claim()
    # A worker took the lock and died: nobody will fill the cache or release the lock.
    crashed = await caches[1].try_lock(key_of(service, req), ttl_ms=400)
    assert crashed is not None and crashed.shared
    started = time.monotonic()
    reply = await service.verify(req)
    elapsed = time.monotonic() - started
    assert reply.cached is False and computed(service) == 1
    assert count(service, "factdesk_cache_lock_waits_total", route="verify", outcome="took_over")
    assert 0.3 < elapsed < 3.0  # waited for the expiry, not for the whole wait bound


async def test_wait_is_bounded_when_the_lock_outlives_it(
    verifier: Verifier, caches: list[RedisCache]
) -> None:
    service = VerificationService(verifier, caches[0], 60, lock_wait_seconds=0.5)
    req = claim()
    stuck = await caches[1].try_lock(key_of(service, req), ttl_ms=60_000)
    assert stuck is not None
    started = time.monotonic()
    reply = await service.verify(req)
    elapsed = time.monotonic() - started
    await caches[1].unlock(key_of(service, req), stuck)
    assert reply.cached is False and computed(service) == 1
    assert count(service, "factdesk_cache_lock_waits_total", route="verify", outcome="timeout")
    assert 0.5 <= elapsed < 2.5
    # It stored its reply: the next request is a hit.
    assert (await service.verify(req)).cached is True


async def test_redis_down_computes_without_waiting(verifier: Verifier) -> None:
    dead: Cache = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    service = VerificationService(verifier, dead, 60)
    started = time.monotonic()
    replies = await asyncio.gather(*(service.verify(claim()) for _ in range(3)))
    assert all(r.cached is False for r in replies) and computed(service) == 3
    assert time.monotonic() - started < 3.0
    assert await dead.state() == "degraded"
    await dead.close()


async def test_hung_redis_costs_a_bounded_delay(verifier: Verifier) -> None:
    # A Redis that accepts connections and never answers (overloaded, or a network black hole).
    connections: list[asyncio.StreamWriter] = []

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        while await reader.read(4096):
            pass

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    hung = RedisCache(f"redis://127.0.0.1:{port}/0")
    service = VerificationService(verifier, hung, 60)
    try:
        started = time.monotonic()
        reply = await service.verify(claim())
        elapsed = time.monotonic() - started
        assert reply.cached is False and computed(service) == 1
        # get, then set, each cut off by the socket timeout; the lock is skipped once degraded
        assert elapsed < 2.0, elapsed
        assert connections  # it really talked to the hung server
    finally:
        await hung.close()
        for writer in connections:
            writer.close()
        server.close()
        await server.wait_closed()
