"""`Server-Timing` on verify, batch and search: engine stages, cache hit or miss, total."""

from __future__ import annotations

import random
import string
from pathlib import Path

import httpx
import pytest
from factdesk.main import create_app
from factdesk.timing import ServerTiming

from tests.conftest import make_settings


def parse(header: str) -> dict[str, dict[str, str]]:
    """`a;dur=1.0, cache;desc=hit` → {"a": {"dur": "1.0"}, "cache": {"desc": "hit"}}."""
    out: dict[str, dict[str, str]] = {}
    for entry in header.split(","):
        name, *params = (p.strip() for p in entry.split(";"))
        out[name] = dict(p.split("=", 1) for p in params)
    return out


def fresh(text: str) -> str:
    return f"{text} {''.join(random.choices(string.ascii_lowercase, k=10))}"


async def test_verify_miss_reports_engine_stages(seeded_client: httpx.AsyncClient) -> None:
    resp = await seeded_client.post(
        "/v1/verify", json={"claim": fresh("xAI launched Grok a month after being founded")}
    )
    body = resp.json()
    timing = parse(resp.headers["server-timing"])
    assert list(timing) == ["normalize", "retrieve", "stance", "verdict", "cache", "total"]
    assert timing["cache"] == {"desc": "miss"}
    for stage in ("normalize", "retrieve", "stance", "verdict"):
        assert float(timing[stage]["dur"]) == pytest.approx(body["timings_ms"][stage], abs=0.06)
    # total is the whole request as the service saw it: at least the engine's own total
    assert float(timing["total"]["dur"]) >= body["timings_ms"]["total"] - 0.1


async def test_verify_hit_reports_cache_and_no_stages(seeded_client: httpx.AsyncClient) -> None:
    claim = {"claim": fresh("Musk left OpenAI's board in 2018")}
    await seeded_client.post("/v1/verify", json=claim)
    resp = await seeded_client.post("/v1/verify", json=claim)
    assert resp.json()["cached"] is True
    timing = parse(resp.headers["server-timing"])
    assert list(timing) == ["cache", "total"]
    assert timing["cache"] == {"desc": "hit"}
    bypass = await seeded_client.post(
        "/v1/verify", json=claim, headers={"Cache-Control": "no-cache"}
    )
    assert parse(bypass.headers["server-timing"])["cache"] == {"desc": "miss"}
    assert "retrieve" in parse(bypass.headers["server-timing"])


async def test_search_reports_its_time_and_cache(seeded_client: httpx.AsyncClient) -> None:
    body = {"query": fresh("Musk sued OpenAI")}
    first = parse((await seeded_client.post("/v1/search", json=body)).headers["server-timing"])
    assert first["cache"] == {"desc": "miss"} and float(first["search"]["dur"]) > 0
    second = parse((await seeded_client.post("/v1/search", json=body)).headers["server-timing"])
    assert second["cache"] == {"desc": "hit"} and "search" not in second


async def test_batch_sums_stages_over_computed_claims(seeded_client: httpx.AsyncClient) -> None:
    known = fresh("ChatGPT was launched in November 2022")
    await seeded_client.post("/v1/verify", json={"claim": known})
    resp = await seeded_client.post(
        "/v1/verify/batch",
        json={"claims": [known, fresh("Grok-1 weights were published"), ""]},
    )
    results = resp.json()["results"]
    assert [(r["result"] or {}).get("cached") for r in results] == [True, False, None]
    timing = parse(resp.headers["server-timing"])
    assert timing["cache"] == {"desc": '"1/2 hit"'}
    computed = results[1]["result"]["timings_ms"]
    assert float(timing["retrieve"]["dur"]) == pytest.approx(computed["retrieve"], abs=0.06)


async def test_errors_carry_no_timing(seeded_client: httpx.AsyncClient) -> None:
    resp = await seeded_client.post("/v1/verify", json={"claim": ""})
    assert resp.status_code == 422 and "server-timing" not in resp.headers


def test_header_sums_stages_and_skips_engine_total() -> None:
    timing = ServerTiming()
    timing.add_stages({"retrieve": 1.25, "stance": 2.0, "total": 9.0})
    timing.add_stages({"retrieve": 0.5, "total": 1.0})
    timing.served(False)
    timing.served(False)
    parsed = parse(timing.header())
    assert parsed["retrieve"] == {"dur": "1.8"} and parsed["stance"] == {"dur": "2.0"}
    assert parsed["cache"] == {"desc": "miss"}
    assert list(parsed)[-1] == "total"
    assert ServerTiming().header().startswith("total;dur=")  # nothing served: no cache entry


async def test_a_browser_page_may_read_server_timing(tmp_path: Path) -> None:
    origin = "https://cms.example.org"
    app = create_app(make_settings(tmp_path, cors_origins=origin))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            resp = await c.post(
                "/v1/verify", json={"claim": "Musk sued OpenAI"}, headers={"Origin": origin}
            )
    assert resp.headers["access-control-allow-origin"] == origin
    exposed = {h.strip().lower() for h in resp.headers["access-control-expose-headers"].split(",")}
    assert {"server-timing", "x-request-id"} <= exposed
    assert "cache;desc=" in resp.headers["server-timing"]
