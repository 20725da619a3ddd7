"""The verdict cache in front of the engine, with a real Redis: keyed by store generation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from factdesk.main import create_app

from tests.conftest import make_settings
from tests.redis_server import RedisProcess

CLAIM = "xAI launched Grok a month after being founded"


@pytest.fixture()
async def redis_client(tmp_path: Path, redis_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(tmp_path, redis_url=redis_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_write_invalidates_cached_verdict(redis_client: httpx.AsyncClient) -> None:
    c = redis_client
    assert (await c.get("/readyz")).json()["cache_backend"] == "redis"
    first = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
    assert first["verdict"] == "supported" and first["cached"] is False
    again = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
    assert again["cached"] is True and again["store_generation"] == first["store_generation"]

    # A new source says a year: the store generation moves, the old entry is unreachable.
    resp = await c.post(
        "/v1/statements",
        json={
            "id": "other-1",
            "text": "xAI launched Grok a year after xAI was founded.",
            "source": {"url": "https://example.org/other", "published_at": "2024-03-14"},
        },
    )
    assert resp.status_code == 201
    after = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
    assert after["cached"] is False
    assert after["store_generation"] > first["store_generation"]
    assert after["verdict"] == "conflicting", after["summary"]
    assert "other-1" in [e["statement"]["id"] for e in after["evidence"]]

    # Deleting it restores the earlier verdict, again uncached.
    assert (await c.delete("/v1/statements/other-1")).status_code == 204
    restored = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
    assert restored["cached"] is False and restored["verdict"] == "supported"


async def test_search_is_cached_too(redis_client: httpx.AsyncClient) -> None:
    body = {"query": "Musk sued OpenAI", "top_k": 3}
    first = (await redis_client.post("/v1/search", json=body)).json()
    second = (await redis_client.post("/v1/search", json=body)).json()
    assert (first["cached"], second["cached"]) == (False, True)
    assert [r["statement"]["id"] for r in first["results"]] == [
        r["statement"]["id"] for r in second["results"]
    ]


async def test_concurrent_identical_requests_compute_once(tmp_path: Path, redis_url: str) -> None:
    app = create_app(make_settings(tmp_path, redis_url=redis_url))
    async with app.router.lifespan_context(app):
        calls = 0
        verifier = app.state.verifier
        original = verifier.verify

        def counting(*args: object, **kwargs: object) -> object:
            nonlocal calls
            calls += 1
            return original(*args, **kwargs)  # type: ignore[arg-type]

        verifier.verify = counting
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            claim = {"claim": "Musk left OpenAI's board in 2018", "top_k": 2}
            replies = await asyncio.gather(
                *(client.post("/v1/verify", json=claim) for _ in range(8))
            )
        assert {r.status_code for r in replies} == {200}
        assert calls == 1
        assert len({r.json()["verdict"] for r in replies}) == 1


async def test_redis_outage_degrades_and_recovers(tmp_path: Path, own_redis: RedisProcess) -> None:
    app = create_app(make_settings(tmp_path, redis_url=own_redis.url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            assert (await c.post("/v1/verify", json={"claim": CLAIM})).status_code == 200
            own_redis.stop()
            during = await c.post("/v1/verify", json={"claim": CLAIM})
            assert during.status_code == 200 and during.json()["cached"] is False
            ready = (await c.get("/readyz")).json()
            assert ready["cache"] == "degraded" and ready["status"] == "ready"
            own_redis.start()
            await c.post("/v1/verify", json={"claim": CLAIM})
            assert (await c.get("/readyz")).json()["cache"] == "ok"
            cached = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
            assert cached["cached"] is True
