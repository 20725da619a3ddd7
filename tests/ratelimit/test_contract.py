"""The `RateLimiter` contract, run against the in-process limiter and a real Redis."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator

import pytest
from factdesk.ratelimit import MemoryRateLimiter, Rate, RateLimiter, create_rate_limiter, parse_rate
from factdesk.ratelimit.redis import RedisRateLimiter

from tests.redis_server import free_port

PER_MINUTE = Rate(3, 60.0)
PER_SECOND = Rate(5, 1.0)


def make(kind: str, rate: Rate, redis_url: str) -> RateLimiter:
    return MemoryRateLimiter(rate) if kind == "memory" else RedisRateLimiter(rate, redis_url)


@pytest.fixture(params=["memory", "redis"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
async def limiter(kind: str, redis_url: str) -> AsyncIterator[RateLimiter]:
    made = make(kind, PER_MINUTE, redis_url)
    yield made
    await made.close()


def caller() -> str:
    return f"test:{uuid.uuid4().hex}"


async def test_allows_the_limit_then_refuses(limiter: RateLimiter) -> None:
    who = caller()
    quotas = [await limiter.hit(who) for _ in range(3)]
    assert all(q is not None and q.allowed for q in quotas)
    assert [q.remaining for q in quotas if q] == [2, 1, 0]
    assert all(q.limit == 3 for q in quotas if q)
    refused = await limiter.hit(who)
    assert refused is not None and not refused.allowed and refused.remaining == 0
    # One request comes back every 20 s; the whole allowance after a minute.
    assert 19 < refused.retry_after_seconds <= 20
    assert 59 < refused.reset_seconds <= 60
    headers = refused.headers()
    assert headers["Retry-After"] == "20" and headers["RateLimit-Remaining"] == "0"
    assert headers["RateLimit-Limit"] == "3" and headers["RateLimit-Reset"] == "60"


async def test_callers_are_counted_apart(limiter: RateLimiter) -> None:
    first, second = caller(), caller()
    for _ in range(3):
        await limiter.hit(first)
    assert not (await limiter.hit(first) or pytest.fail()).allowed
    fresh = await limiter.hit(second)
    assert fresh is not None and fresh.allowed and fresh.remaining == 2


async def test_allowance_refills_over_time(kind: str, redis_url: str) -> None:
    limiter = make(kind, PER_SECOND, redis_url)
    who = caller()
    try:
        for _ in range(5):
            assert (await limiter.hit(who) or pytest.fail()).allowed
        refused = await limiter.hit(who)
        assert refused is not None and not refused.allowed
        assert 0 < refused.retry_after_seconds <= 0.2
        assert refused.headers()["Retry-After"] == "1"  # whole seconds, rounded up
        await asyncio.sleep(0.25)
        again = await limiter.hit(who)
        assert again is not None and again.allowed and again.remaining == 0
    finally:
        await limiter.close()


async def test_concurrent_hits_never_exceed_the_limit(limiter: RateLimiter) -> None:
    who = caller()
    quotas = await asyncio.gather(*(limiter.hit(who) for _ in range(10)))
    assert sum(1 for q in quotas if q is not None and q.allowed) == 3


async def test_two_redis_limiters_share_one_count(redis_url: str) -> None:
    a, b = RedisRateLimiter(PER_MINUTE, redis_url), RedisRateLimiter(PER_MINUTE, redis_url)
    who = caller()
    try:
        counted = [await a.hit(who), await b.hit(who), await a.hit(who)]
        assert [(q or pytest.fail()).remaining for q in counted] == [2, 1, 0]
        assert not (await b.hit(who) or pytest.fail()).allowed
    finally:
        await a.close()
        await b.close()


async def test_unreachable_redis_fails_open_and_logs_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dead = RedisRateLimiter(PER_MINUTE, f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="factdesk.ratelimit.redis"):
        assert [await dead.hit("x") for _ in range(5)] == [None] * 5
    warnings = [r for r in caplog.records if r.name == "factdesk.ratelimit.redis"]
    assert len(warnings) == 1 and "serving without limits" in warnings[0].getMessage()
    await dead.close()


async def test_memory_limiter_forgets_callers_whose_allowance_is_back() -> None:
    limiter = MemoryRateLimiter(Rate(1000, 1.0))  # 1 ms per request
    for n in range(10_000):
        await limiter.hit(f"c{n}")
    assert len(limiter._tat) == 10_000
    await asyncio.sleep(0.01)
    await limiter.hit("last")  # over the threshold: the entries whose allowance is back go
    assert list(limiter._tat) == ["last"]


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("600/minute", Rate(600, 60.0)),
        (" 5 / Second ", Rate(5, 1.0)),
        ("1000/hour", Rate(1000, 3600.0)),
        ("off", None),
        ("OFF", None),
    ],
)
def test_parse_rate(text: str, rate: Rate | None) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "600", "0/minute", "-1/minute", "10/day", "ten/minute"])
def test_parse_rate_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not N/second, N/minute or N/hour"):
        parse_rate(text)


def test_factory_picks_the_backend(redis_url: str) -> None:
    assert create_rate_limiter(None, redis_url) is None
    assert isinstance(create_rate_limiter(PER_MINUTE, None), MemoryRateLimiter)
    assert isinstance(create_rate_limiter(PER_MINUTE, redis_url), RedisRateLimiter)


async def test_a_costly_request_spends_its_cost(limiter: RateLimiter) -> None:
    who = caller()
    first = await limiter.hit(who, 2)
    assert first is not None and first.allowed and first.remaining == 1
    # Two more do not fit in the one left, and a refused request spends nothing.
    refused = await limiter.hit(who, 2)
    assert refused is not None and not refused.allowed and refused.remaining == 0
    # One is left, so it waits for one more: 20 s at 3/minute.
    assert 19 < refused.retry_after_seconds <= 20
    last = await limiter.hit(who)
    assert last is not None and last.allowed and last.remaining == 0


async def test_a_cost_above_the_limit_counts_as_the_whole_allowance(
    limiter: RateLimiter,
) -> None:
    who = caller()
    whole = await limiter.hit(who, 50)
    assert whole is not None and whole.allowed and whole.remaining == 0
    assert 59 < whole.reset_seconds <= 60
    assert not (await limiter.hit(who) or pytest.fail()).allowed


async def test_costly_hits_of_one_caller_never_exceed_the_limit(kind: str, redis_url: str) -> None:
    limiter = make(kind, Rate(10, 60.0), redis_url)
    who = caller()
    try:
        quotas = await asyncio.gather(*(limiter.hit(who, 3) for _ in range(6)))
        assert sum(1 for q in quotas if q is not None and q.allowed) == 3  # 9 of 10
        assert (await limiter.hit(who) or pytest.fail()).allowed  # the tenth
        assert not (await limiter.hit(who) or pytest.fail()).allowed
    finally:
        await limiter.close()
