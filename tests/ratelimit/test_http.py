"""Rate limits through the app: headers, 429 problems, per-key and per-address counts, both
backends (two app instances sharing one Redis count), and a Redis outage failing open."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from factdesk.config import Settings
from factdesk.keys import digest, new_key
from factdesk.main import create_app
from factdesk.ratelimit import Rate
from fastapi import FastAPI
from pydantic import ValidationError

from tests.conftest import make_settings
from tests.redis_server import RedisProcess
from tests.routes.test_statements import assert_problem, snapshot, stmt


def client_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    """A client of a running app whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


@asynccontextmanager
async def serve(app: FastAPI, address: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    """Start the app and give a client whose requests come from `address`."""
    async with app.router.lifespan_context(app), client_from(app, address) as client:
        yield client


def random_address() -> str:
    # Tests share one Redis database: a fresh address is a fresh count.
    return "10." + ".".join(str(random.randint(0, 255)) for _ in range(3))


def limited(tmp: Path, rate: str, **overrides: object) -> FastAPI:
    return create_app(make_settings(tmp, seed_fixtures=False, rate_limit=rate, **overrides))


def quota(resp: httpx.Response) -> tuple[int, int, int]:
    h = resp.headers
    return int(h["ratelimit-limit"]), int(h["ratelimit-remaining"]), int(h["ratelimit-reset"])


async def test_headers_then_429_problem(tmp_path: Path) -> None:
    async with serve(limited(tmp_path, "3/minute")) as client:
        answers = [await client.get("/v1/stats") for _ in range(3)]
        assert [r.status_code for r in answers] == [200] * 3
        assert [quota(r)[:2] for r in answers] == [(3, 2), (3, 1), (3, 0)]
        assert all(0 < quota(r)[2] <= 60 for r in answers)

        refused = await client.get("/v1/stats")
        problem = assert_problem(refused, 429)
        assert problem["type"] == "https://factdesk.dev/problems/rate-limited"
        assert "3/minute" in str(problem["detail"])
        assert refused.headers["retry-after"] == "20"
        assert quota(refused) == (3, 0, 60)
        assert refused.headers["x-request-id"]

        # Health checks and docs are never counted.
        for path in ("/healthz", "/readyz", "/openapi.json"):
            resp = await client.get(path)
            assert resp.status_code == 200 and "ratelimit-limit" not in resp.headers


async def test_refused_writes_store_nothing(tmp_path: Path) -> None:
    async with serve(limited(tmp_path, "2/minute", max_body_bytes=4096)) as client:
        assert (await client.post("/v1/statements", json=stmt("a", "One."))).status_code == 201
        # The second request of the allowance is the snapshot's first GET.
        assert (await client.get("/v1/stats")).status_code == 200
        assert_problem(await client.post("/v1/statements", json=stmt("b", "Two.")), 429)
        assert_problem(await client.delete("/v1/statements/a"), 429)
    async with serve(limited(tmp_path, "off")) as client:
        _, items = await snapshot(client)
        assert [i["id"] for i in items] == ["a"]


async def test_every_answer_of_a_counted_request_carries_the_headers(tmp_path: Path) -> None:
    async with serve(limited(tmp_path, "10/minute")) as client:
        created = await client.put("/v1/statements/h1", json=stmt("h1", "Headers."))
        deleted = await client.delete("/v1/statements/h1")  # the route returns its own Response
        missing = await client.get("/v1/statements/h1")
        invalid = await client.post("/v1/verify", json={"claim": ""})
        assert [r.status_code for r in (created, deleted, missing, invalid)] == [201, 204, 404, 422]
        assert [quota(r)[1] for r in (created, deleted, missing, invalid)] == [9, 8, 7, 6]


async def test_keys_have_their_own_count_and_failed_keys_use_the_address(tmp_path: Path) -> None:
    key = new_key()
    keys = tmp_path / "keys"
    keys.write_text(f"cms:{digest(key)}:write\n", "utf-8")
    app = limited(tmp_path, "2/minute", api_keys_file=keys)
    async with serve(app) as client:
        assert (await client.get("/v1/stats")).status_code == 200
        # A wrong key counts against the address: guessing keys is throttled too.
        assert_problem(await client.get("/v1/stats", headers={"X-API-Key": "guess"}), 401)
        assert_problem(await client.get("/v1/stats", headers={"X-API-Key": "guess 2"}), 429)
        assert_problem(await client.get("/v1/stats"), 429)
        # The key's own allowance is untouched.
        with_key = [await client.get("/v1/stats", headers={"X-API-Key": key}) for _ in range(3)]
        assert [r.status_code for r in with_key] == [200, 200, 429]
        assert [quota(r)[1] for r in with_key] == [1, 0, 0]
        async with client_from(app, random_address()) as other:
            # Another address starts afresh; the key's count is spent from any address.
            assert (await other.get("/v1/stats")).status_code == 200
            assert_problem(await other.get("/v1/stats", headers={"X-API-Key": key}), 429)


async def test_off_sends_no_headers(tmp_path: Path) -> None:
    async with serve(limited(tmp_path, "off")) as client:
        answers = [await client.get("/v1/stats") for _ in range(20)]
        assert all(r.status_code == 200 and "ratelimit-limit" not in r.headers for r in answers)


async def test_two_app_instances_share_one_redis_count(tmp_path: Path, redis_url: str) -> None:
    address = random_address()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    app_a = limited(tmp_path / "a", "3/minute", redis_url=redis_url)
    app_b = limited(tmp_path / "b", "3/minute", redis_url=redis_url)
    async with serve(app_a, address) as a, serve(app_b, address) as b:
        answers = [await a.get("/v1/stats"), await b.get("/v1/stats"), await a.get("/v1/stats")]
        assert [quota(r)[1] for r in answers] == [2, 1, 0]
        assert_problem(await b.get("/v1/stats"), 429)
        assert_problem(await a.get("/v1/stats"), 429)
        # A different address has its own count.
        async with client_from(app_b, random_address()) as elsewhere:
            assert (await elsewhere.get("/v1/stats")).status_code == 200


async def test_redis_outage_fails_open_logs_once_and_recovers(
    tmp_path: Path, own_redis: RedisProcess, caplog: pytest.LogCaptureFixture
) -> None:
    app = limited(tmp_path, "2/minute", redis_url=own_redis.url)
    async with serve(app) as client:
        assert quota(await client.get("/v1/stats"))[1] == 1
        own_redis.stop()
        with caplog.at_level(logging.WARNING, logger="factdesk.ratelimit.redis"):
            during = [await client.get("/v1/stats") for _ in range(5)]
            await asyncio.sleep(1.1)  # past the back-off: the limiter tries Redis again
            during.append(await client.get("/v1/stats"))
        assert [r.status_code for r in during] == [200] * 6
        assert all("ratelimit-limit" not in r.headers for r in during)
        outage = [r for r in caplog.records if r.name == "factdesk.ratelimit.redis"]
        assert len(outage) == 1 and "serving without limits" in outage[0].getMessage()

        own_redis.start()  # empty again: counting starts over
        await asyncio.sleep(1.1)
        with caplog.at_level(logging.INFO, logger="factdesk.ratelimit.redis"):
            back = [await client.get("/v1/stats") for _ in range(3)]
        assert [r.status_code for r in back] == [200, 200, 429]
        assert quota(back[0])[1] == 1
        assert any("reachable again" in r.getMessage() for r in caplog.records)


def test_rate_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_RATE_LIMIT", raising=False)
    assert Settings().rate_limit == Rate(600, 60.0)  # the documented default
    monkeypatch.setenv("FACTDESK_RATE_LIMIT", "10/second")
    assert Settings().rate_limit == Rate(10, 1.0)
    monkeypatch.setenv("FACTDESK_RATE_LIMIT", "off")
    assert Settings().rate_limit is None
    monkeypatch.setenv("FACTDESK_RATE_LIMIT", "10 per minute")
    with pytest.raises(ValidationError, match="is not N/second, N/minute or N/hour"):
        Settings()
