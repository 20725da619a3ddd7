"""Admission control through the app, with real slow engine work holding the slots: what waits,
what is shed (503 / 429 with Retry-After, counted in /metrics, told in /readyz), what never
waits (cached replies, statement reads, health, metrics), and the cost-aware rate limit.

No absolute timings: "promptly" means the prompt answer came back while the slow computations
it was sent behind were still running or waiting (read from the app's own admission state).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from factdesk.admission import Admission
from factdesk.main import create_app
from fastapi import FastAPI

from tests.conftest import make_settings
from tests.routes.test_statements import assert_problem

_WORDS = [
    "council",
    "budget",
    "hospital",
    "railway",
    "election",
    "harbour",
    "minister",
    "report",
    "school",
    "energy",
    "water",
    "housing",
    "market",
    "bridge",
    "airport",
    "museum",
    "library",
    "factory",
    "village",
    "river",
]


def slow_claim(seed: int) -> str:
    """A long claim the engine has not seen: uncapped, its embedding is the slow part."""
    rng = random.Random(seed)
    words = [f"{rng.choice(_WORDS)}{rng.randint(0, 999)}" for _ in range(170)]
    return " ".join(words)[:990] + "."


def app_with(tmp: Path, **overrides: object) -> FastAPI:
    # Waits long enough for the slow work of a busy test machine, unless a test says otherwise.
    values: dict[str, object] = {
        "max_query_tokens": 0,
        "engine_per_caller": 0,
        "engine_max_wait_seconds": 300,
    }
    values.update(overrides)
    return create_app(make_settings(tmp, **values))


def client_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120)


@asynccontextmanager
async def started(app: FastAPI) -> AsyncIterator[Admission]:
    async with app.router.lifespan_context(app):
        yield app.state.admission


async def until(condition: Callable[[], bool]) -> None:
    """Wait (without a deadline of our own: pytest's timeout is the bound) for `condition`."""
    while not condition():
        await asyncio.sleep(0.005)


def slow_verify(client: httpx.AsyncClient, seed: int) -> Awaitable[httpx.Response]:
    return client.post("/v1/verify", json={"claim": slow_claim(seed), "use_cache": False})


async def test_cached_replies_reads_and_health_do_not_wait_behind_engine_work(
    tmp_path: Path,
) -> None:
    app = app_with(tmp_path, engine_slots=1, engine_queue=8)
    async with started(app) as admission, client_from(app, "10.0.0.1") as client:
        cached = {"claim": "ChatGPT was launched in November 2022."}
        assert (await client.post("/v1/verify", json=cached)).status_code == 200
        listed = await client.get("/v1/statements", params={"limit": 1})
        statement_id = listed.json()["items"][0]["id"]

        flood = [asyncio.ensure_future(slow_verify(client, n)) for n in range(4)]
        await until(lambda: admission.load().running == 1 and admission.load().queued == 3)

        hit = await client.post("/v1/verify", json=cached)
        read = await client.get(f"/v1/statements/{statement_id}")
        health = await client.get("/healthz")
        metrics = await client.get("/metrics")
        ready = await client.get("/readyz")
        # All answered while every slow computation was still running or waiting behind it.
        load = admission.load()
        assert load.running == 1 and load.queued >= 2, load
        assert hit.status_code == 200 and hit.json()["cached"] is True
        assert read.status_code == 200 and read.json()["id"] == statement_id
        assert health.status_code == 200 and metrics.status_code == 200
        engine = ready.json()["engine"]
        assert ready.status_code == 200 and engine["running"] == 1 and engine["queued"] >= 2

        answers = await asyncio.gather(*flood)
        assert [r.status_code for r in answers] == [200] * 4
    assert admission.load().running == 0 and admission.load().queued == 0


async def test_a_full_queue_sheds_with_503_and_says_so(tmp_path: Path) -> None:
    app = app_with(tmp_path, engine_slots=1, engine_queue=1)
    async with started(app) as admission, client_from(app, "10.0.0.2") as client:
        first = asyncio.ensure_future(slow_verify(client, 1))
        second = asyncio.ensure_future(slow_verify(client, 2))
        await until(lambda: admission.load().queued == 1)
        ready = (await client.get("/readyz")).json()
        assert ready["status"] == "ready" and ready["engine"]["state"] == "saturated"

        shed = await slow_verify(client, 3)
        body = assert_problem(shed, 503)
        assert str(body["type"]).endswith("/overloaded")
        assert int(shed.headers["retry-after"]) >= 1
        # A stance computation is engine work too.
        stance = await client.post("/v1/stance", json={"claim": "a", "evidence": "b"})
        assert_problem(stance, 503)
        assert [r.status_code for r in await asyncio.gather(first, second)] == [200, 200]

        text = (await client.get("/metrics")).text
        assert 'factdesk_requests_shed_total{reason="queue_full",route="verify"} 1.0' in text
        assert 'factdesk_requests_shed_total{reason="queue_full",route="stance"} 1.0' in text
        after = (await client.get("/readyz")).json()["engine"]
        assert after == {
            "state": "ok",
            "slots": 1,
            "running": 0,
            "queued": 0,
            "queue_limit": 1,
            "shed": 2,
        }


async def test_a_wait_past_the_limit_is_shed(tmp_path: Path) -> None:
    app = app_with(tmp_path, engine_slots=1, engine_queue=4, engine_max_wait_seconds=0.05)
    async with started(app) as admission, client_from(app, "10.0.0.3") as client:
        first = asyncio.ensure_future(slow_verify(client, 1))
        await until(lambda: admission.load().running == 1)
        waited = await slow_verify(client, 2)
        still_running = admission.load().running == 1
        assert_problem(waited, 503)
        assert "retry-after" in waited.headers
        assert still_running  # it was shed for waiting, not after the slot came free
        assert (await first).status_code == 200
        assert admission.load().queued == 0
        text = (await client.get("/metrics")).text
        assert 'factdesk_requests_shed_total{reason="wait_timeout",route="verify"} 1.0' in text


async def test_one_caller_cannot_hold_more_than_its_share(tmp_path: Path) -> None:
    app = app_with(tmp_path, engine_slots=2, engine_queue=8, engine_per_caller=1)
    async with (
        started(app) as admission,
        client_from(app, "10.0.0.4") as greedy,
        client_from(app, "10.0.0.5") as other,
    ):
        first = asyncio.ensure_future(slow_verify(greedy, 1))
        await until(lambda: admission.load().running == 1)
        refused = await slow_verify(greedy, 2)
        body = assert_problem(refused, 429)
        assert str(body["type"]).endswith("/too-many-in-flight")
        assert int(refused.headers["retry-after"]) >= 1
        # Another caller still gets the free slot, beside the greedy one's computation.
        allowed = asyncio.ensure_future(slow_verify(other, 3))
        await until(lambda: admission.load().running == 2)
        assert [r.status_code for r in await asyncio.gather(first, allowed)] == [200, 200]
        text = (await other.get("/metrics")).text
        assert 'factdesk_requests_shed_total{reason="caller_busy",route="verify"} 1.0' in text


async def test_one_caller_leaves_a_slot_for_the_others(tmp_path: Path) -> None:
    app = app_with(tmp_path, engine_slots=2, engine_queue=8, engine_per_caller=3)
    async with (
        started(app) as admission,
        client_from(app, "10.0.0.7") as greedy,
        client_from(app, "10.0.0.8") as other,
    ):
        mine = [asyncio.ensure_future(slow_verify(greedy, n)) for n in (1, 2)]
        # Its second computation waits although a slot is free ...
        await until(lambda: admission.load().running == 1 and admission.load().queued == 1)
        # ... and another caller's starts in that slot at once, ahead of it.
        theirs = asyncio.ensure_future(slow_verify(other, 3))
        await until(lambda: admission.load().running == 2)
        assert admission.load().queued == 1
        answers = await asyncio.gather(*mine, theirs)
        assert [r.status_code for r in answers] == [200, 200, 200]


def _remaining(resp: httpx.Response) -> int:
    return int(resp.headers["ratelimit-remaining"])


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_batch_costs_one_per_claim(tmp_path: Path, redis_url: str, backend: str) -> None:
    extra: dict[str, Any] = {"redis_url": redis_url} if backend == "redis" else {}
    app = app_with(tmp_path, rate_limit="10/minute", max_query_tokens=128, **extra)
    address = "10.1." + ".".join(str(random.randint(0, 255)) for _ in range(2))
    async with started(app), client_from(app, address) as client:
        batch = {"claims": [f"xAI raised {n} billion dollars in 2024." for n in range(4)]}
        first = await client.post("/v1/verify/batch", json=batch)
        assert first.status_code == 200 and len(first.json()["results"]) == 4
        second = await client.post("/v1/verify/batch", json=batch)
        assert second.status_code == 200  # 8 of 10 spent
        third = await client.post("/v1/verify/batch", json=batch)
        body = assert_problem(third, 429)
        assert "4 engine computations" in str(body["detail"])
        assert int(third.headers["retry-after"]) >= 1
        # The refused batch spent only the request the access check counted: one is left.
        single = await client.get("/v1/stats")
        assert single.status_code == 200 and _remaining(single) == 0
        assert (await client.get("/v1/stats")).status_code == 429


async def test_an_article_costs_one_per_verified_sentence(tmp_path: Path) -> None:
    app = app_with(tmp_path, rate_limit="6/minute", max_query_tokens=128)
    article = (
        "The city council approved a budget of 45 million dollars in 2021. "
        "Unemployment in the region fell to 4 percent in 2022, the ministry said. "
        "The railway opened 12 new stations between 2015 and 2019."
    )
    async with started(app), client_from(app, "10.0.0.6") as client:
        checked = await client.post("/v1/articles:check", json={"text": article})
        assert checked.status_code == 200
        verified = checked.json()["checked"]
        assert verified >= 2
        allowed = 0
        while (await client.get("/v1/stats")).status_code == 200:
            allowed += 1
        assert allowed == 6 - verified
