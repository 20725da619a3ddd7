"""`GET /metrics`: requests by route template, cache lookups, verdicts, scrape-time gauges."""

from __future__ import annotations

import random
import shutil
import string
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from factdesk.main import create_app
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import make_settings
from tests.redis_server import RedisProcess

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    resp = await client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(resp.text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def letters() -> str:
    """A word no claim contains, so that the claim is not in any cache yet."""
    return "".join(random.choices(string.ascii_lowercase, k=10))


@pytest.fixture()
async def app_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A seeded app of this test's own (its counters start at zero)."""
    app = create_app(make_settings(tmp_path / "store"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_requests_are_counted_by_route_template_and_status(
    seeded_client: httpx.AsyncClient,
) -> None:
    c = seeded_client
    before = await scrape(c)
    for sid in ("seed-en-001", "seed-en-002"):
        assert (await c.get(f"/v1/statements/{sid}")).status_code == 200
    assert (await c.get("/v1/statements/no-such-id")).status_code == 404
    assert (await c.get("/no/such/route")).status_code == 404
    after = await scrape(c)

    template = "/v1/statements/{statement_id}"

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"method": "GET", "route": template, "status": "200"}
    missing = {"method": "GET", "route": template, "status": "404"}
    assert delta("factdesk_http_requests_total", **ok) == 2
    assert delta("factdesk_http_requests_total", **missing) == 1
    assert delta("factdesk_http_request_duration_seconds_count", **ok) == 2
    assert delta("factdesk_http_request_duration_seconds_sum", **ok) > 0
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert delta("factdesk_http_requests_total", **unmatched) == 1
    # Raw paths never become labels (one series per statement id would grow without bound).
    routes = {dict(labels).get("route") for _, labels in after}
    assert not any(r and ("seed-en" in r or "no-such" in r or "/no/" in r) for r in routes)


async def test_cache_lookups_computations_and_verdicts(app_client: httpx.AsyncClient) -> None:
    c = app_client
    claim = {"claim": f"xAI launched Grok a month after being founded {letters()}"}
    first = await c.post("/v1/verify", json=claim)
    second = await c.post("/v1/verify", json=claim)
    bypass = await c.post("/v1/verify", json=claim, headers={"Cache-Control": "no-cache"})
    assert [r.json()["cached"] for r in (first, second, bypass)] == [False, True, False]
    query = {"query": f"Musk sued OpenAI {letters()}"}
    await c.post("/v1/search", json=query)
    await c.post("/v1/search", json=query)

    m = await scrape(c)
    assert value(m, "factdesk_cache_lookups_total", route="verify", result="miss") == 1
    assert value(m, "factdesk_cache_lookups_total", route="verify", result="hit") == 1
    assert value(m, "factdesk_cache_lookups_total", route="search", result="miss") == 1
    assert value(m, "factdesk_cache_lookups_total", route="search", result="hit") == 1
    assert value(m, "factdesk_engine_computations_total", route="verify") == 2
    assert value(m, "factdesk_engine_computations_total", route="search") == 1
    verdict = first.json()["verdict"]
    assert value(m, "factdesk_verdicts_total", verdict=verdict) == 3
    total_verdicts = sum(v for (name, _), v in m.items() if name == "factdesk_verdicts_total")
    assert total_verdicts == 3


async def test_store_gauges_are_read_at_scrape_time(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    before = await scrape(c)
    assert value(before, "factdesk_store_up") == 1
    assert value(before, "factdesk_store_statements") == 0
    resp = await c.post(
        "/v1/statements",
        json={"id": "m-1", "text": "The harbour opened in 1901.", "source": {"title": "T"}},
    )
    assert resp.status_code == 201
    after = await scrape(c)
    assert value(after, "factdesk_store_statements") == 1
    generation = resp.json()["store_generation"]
    assert value(after, "factdesk_store_generation") == generation
    assert generation > value(before, "factdesk_store_generation")
    assert value(after, "factdesk_cache_up", backend="memory") == 1


async def test_store_failure_shows_as_store_down(tmp_path: Path) -> None:
    store_dir = tmp_path / "volume"
    app = create_app(make_settings(store_dir, seed_fixtures=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            assert value(await scrape(c), "factdesk_store_up") == 1
            # The volume goes away: connections are dropped and the file cannot be reopened.
            app.state.verifier.store.close()
            shutil.rmtree(store_dir)
            m = await scrape(c)
            assert value(m, "factdesk_store_up") == 0
            assert ("factdesk_store_statements", frozenset()) not in m
            ready = await c.get("/readyz")
            assert ready.status_code == 503 and ready.json()["store"] == "unavailable"
            stats = await c.get("/v1/stats")
            assert stats.status_code == 503
            assert stats.headers["content-type"] == "application/problem+json"


async def test_cache_state_follows_redis(tmp_path: Path, own_redis: RedisProcess) -> None:
    app = create_app(make_settings(tmp_path, redis_url=own_redis.url, seed_fixtures=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            assert value(await scrape(c), "factdesk_cache_up", backend="redis") == 1
            own_redis.stop()
            assert value(await scrape(c), "factdesk_cache_up", backend="redis") == 0
            own_redis.start()
            assert value(await scrape(c), "factdesk_cache_up", backend="redis") == 1


async def test_rejected_body_is_counted_under_its_route(empty_client: httpx.AsyncClient) -> None:
    before = await scrape(empty_client)
    resp = await empty_client.post(
        "/v1/verify", content=b"x" * 2_000_000, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 413
    assert resp.headers["x-request-id"]
    after = await scrape(empty_client)
    labels = {"method": "POST", "route": "/v1/verify", "status": "413"}
    assert (
        value(after, "factdesk_http_requests_total", **labels)
        - value(before, "factdesk_http_requests_total", **labels)
        == 1
    )


async def test_metrics_is_open_and_outside_the_api_document(
    seeded_client: httpx.AsyncClient,
) -> None:
    doc = (await seeded_client.get("/openapi.json")).json()
    assert "/metrics" not in doc["paths"]
    resp = await seeded_client.get("/metrics")  # no key, no special header
    assert resp.status_code == 200 and "factdesk_http_requests_total" in resp.text
