"""Against a real `factdesk serve` process: restarts keep every statement."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.conftest import ServerProcess

pytestmark = pytest.mark.slow


def test_restart_keeps_statements(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory().start()
    base = server.url
    seeded = httpx.get(base + "/v1/stats").json()["total"]
    assert seeded >= 60  # the seed fixtures were loaded into the new store
    resp = httpx.post(
        base + "/v1/statements",
        json=[
            {
                "id": "r1",
                "text": "Grok-1 weights were published under Apache 2.0.",
                "source": {"url": "https://example.org/grok"},
            },
            {"id": "r2", "text": "그록-1의 가중치가 공개됐다.", "source": {"title": "예시"}},
        ],
        timeout=30,
    )
    assert resp.status_code == 201
    httpx.delete(base + "/v1/statements/seed-en-001", timeout=10)
    before = httpx.get(base + "/v1/stats").json()
    exported = [
        i["id"] for i in httpx.get(base + "/v1/statements", params={"limit": 1000}).json()["items"]
    ]
    server.stop()

    server.start()
    after = httpx.get(server.url + "/v1/stats").json()
    assert after == before  # same counts and generation: nothing re-seeded, nothing lost
    again = [
        i["id"]
        for i in httpx.get(server.url + "/v1/statements", params={"limit": 1000}).json()["items"]
    ]
    assert again == exported
    found = httpx.post(server.url + "/v1/search", json={"query": "Grok-1 Apache 2.0"}).json()
    assert found["results"][0]["statement"]["id"] == "r1"  # vectors survived too
