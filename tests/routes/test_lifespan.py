"""The lifespan's typed state: what requests are served from, and what is closed with the app."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
from factdesk.main import create_app

from tests.conftest import make_settings


def _pool_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("factdesk-beside")}


async def test_lifespan_yields_its_state_and_stops_the_verifiers_threads(tmp_path: Path) -> None:
    others = _pool_threads()  # of apps other tests keep for the session
    app = create_app(make_settings(tmp_path))
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        assert state["store"] is state["verifier"].store
        assert state["service"].verifier is state["verifier"]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            resp = await client.post("/v1/verify", json={"claim": "ChatGPT launched in 2022"})
            assert resp.status_code == 200
    # The claim's lexical search ran on the verifier's own pool, which ends with the app.
    assert _pool_threads() <= others
