"""Health, readiness, docs and the committed OpenAPI document."""

from __future__ import annotations

import json

import httpx
from factdesk.cli import openapi_document

from tests.paths import REPO_ROOT


async def test_healthz_and_readyz(seeded_client: httpx.AsyncClient) -> None:
    assert (await seeded_client.get("/healthz")).json() == {"status": "ok"}
    ready = (await seeded_client.get("/readyz")).json()
    assert ready["status"] == "ready"
    assert ready["store"] == "ok" and ready["models"] == "loaded"
    assert ready["cache"] == "ok" and ready["cache_backend"] == "memory"
    assert ready["statements"] >= 60


async def test_docs_are_served_without_a_cdn(seeded_client: httpx.AsyncClient) -> None:
    for page, asset in (
        ("/docs", "/static-docs/swagger-ui-bundle.js"),
        ("/redoc", "/static-docs/redoc.standalone.js"),
    ):
        html = (await seeded_client.get(page)).text
        assert asset in html
        assert "cdn.jsdelivr" not in html and "unpkg" not in html and "googleapis" not in html
        resp = await seeded_client.get(asset)
        assert resp.status_code == 200 and len(resp.content) > 100_000


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text("utf-8"))
    assert committed == openapi_document(), "run: factdesk openapi -o openapi/openapi.json"


def test_every_route_is_documented() -> None:
    doc = openapi_document()
    for path, ops in doc["paths"].items():  # type: ignore[union-attr]
        for method, op in ops.items():
            assert op.get("summary"), (method, path)
            assert op.get("description"), (method, path)
            assert op.get("tags"), (method, path)
            if path.startswith("/v1"):
                errors = [s for s in op["responses"] if s.startswith(("4", "5"))]
                assert errors, (method, path)
