"""A PostgreSQL store that goes away: requests are 503 problem+json and `/readyz` is not
ready (a short pool timeout, not a hang)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factdesk.main import create_app

from tests.conftest import _client_for, make_settings
from tests.postgres_server import TcpProxy

pytestmark = pytest.mark.slow  # loads the embedding models

PROBLEM = "application/problem+json"


async def test_lost_postgres_is_503_problem_and_not_ready(
    postgres_url: str, tmp_path: Path
) -> None:
    proxy = TcpProxy(postgres_url)
    settings = make_settings(
        tmp_path, database_url=proxy.url, seed_fixtures=False, database_timeout_seconds=1
    )
    async for client in _client_for(create_app(settings)):
        ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["store"] == "ok"
        created = await client.post(
            "/v1/statements",
            json={
                "id": "p1",
                "text": "Grok-1 was released under Apache 2.0.",
                "source": {"title": "t"},
            },
        )
        assert created.status_code == 201, created.text

        proxy.cut()
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "not_ready" and ready.json()["store"] == "unavailable"
        for method, path, body in (
            ("POST", "/v1/verify", {"claim": "Grok-1 was released under Apache 2.0."}),
            ("POST", "/v1/search", {"query": "Grok-1 licence"}),
            ("GET", "/v1/statements/p1", None),
            ("POST", "/v1/statements", {"text": "Another one.", "source": {"title": "t"}}),
        ):
            resp = await client.request(method, path, json=body)
            assert resp.status_code == 503, (path, resp.text)
            assert resp.headers["content-type"] == PROBLEM
            problem = resp.json()
            assert problem["status"] == 503 and problem["title"] == "Store unavailable"
            assert problem["instance"] == path
