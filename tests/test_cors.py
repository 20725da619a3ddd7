"""CORS for CMS plugins: an allow-list of origins, preflights, exposed headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from factdesk.config import Settings
from factdesk.main import create_app
from pydantic import ValidationError

from tests.conftest import _client_for, make_settings

CMS = "https://cms.example.org"
OTHER_CMS = "http://localhost:8080"


def preflight(origin: str, method: str = "POST") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "x-api-key, content-type",
    }


@pytest.fixture(scope="module")
async def cors(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        tmp_path_factory.mktemp("cors"),
        seed_fixtures=False,
        cors_origins=f" {CMS}/ ,{OTHER_CMS}",
        rate_limit="100/minute",
    )
    async for client in _client_for(create_app(settings)):
        yield client


async def test_preflight_from_an_allowed_origin(cors: httpx.AsyncClient) -> None:
    for origin in (CMS, OTHER_CMS):
        resp = await cors.options("/v1/verify", headers=preflight(origin))
        assert resp.status_code == 200
        assert resp.headers["access-control-allow-origin"] == origin
        allowed = {
            h.strip().lower() for h in resp.headers["access-control-allow-headers"].split(",")
        }
        assert {"x-api-key", "content-type"} <= allowed
        assert "POST" in resp.headers["access-control-allow-methods"]
        assert "access-control-allow-credentials" not in resp.headers
    resp = await cors.options("/v1/statements/a1", headers=preflight(CMS, "DELETE"))
    assert resp.status_code == 200 and "DELETE" in resp.headers["access-control-allow-methods"]


async def test_preflight_from_a_disallowed_origin(cors: httpx.AsyncClient) -> None:
    for origin in ("https://evil.example", "https://cms.example.org.evil.example", "null"):
        resp = await cors.options("/v1/verify", headers=preflight(origin))
        assert resp.status_code == 400
        assert "access-control-allow-origin" not in resp.headers


async def test_preflight_asking_for_another_header_is_refused(cors: httpx.AsyncClient) -> None:
    headers = {**preflight(CMS), "Access-Control-Request-Headers": "x-api-key, x-secret"}
    resp = await cors.options("/v1/verify", headers=headers)
    assert resp.status_code == 400


async def test_actual_requests_expose_the_headers_a_plugin_reads(
    cors: httpx.AsyncClient,
) -> None:
    resp = await cors.get("/v1/stats", headers={"Origin": CMS})
    assert resp.status_code == 200
    assert resp.headers["access-control-allow-origin"] == CMS
    exposed = {h.strip().lower() for h in resp.headers["access-control-expose-headers"].split(",")}
    assert exposed >= {
        "x-request-id",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
    }
    # Errors are readable from the page too.
    missing = await cors.get("/v1/statements/none", headers={"Origin": CMS})
    assert missing.status_code == 404 and missing.headers["access-control-allow-origin"] == CMS
    # Another page gets its answer, but without the header its browser would need to read it.
    other = await cors.get("/v1/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_no_origins_configured_means_no_cross_origin_access(
    empty_client: httpx.AsyncClient,
) -> None:
    resp = await empty_client.options("/v1/verify", headers=preflight(CMS))
    assert resp.status_code == 405
    assert "access-control-allow-origin" not in resp.headers
    resp = await empty_client.get("/v1/stats", headers={"Origin": CMS})
    assert resp.status_code == 200 and "access-control-allow-origin" not in resp.headers


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("*", "'\\*' would let any web page call the API"),
        (f"{CMS},*", "'\\*' would let any web page call the API"),
        ("cms.example.org", "is not an origin like"),
        ("https://cms.example.org/plugin", "is not an origin like"),
        ("https://*.example.org", "is not an origin like"),
    ],
)
def test_bad_origins_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, value: str, complaint: str
) -> None:
    monkeypatch.setenv("FACTDESK_CORS_ORIGINS", value)
    with pytest.raises(ValidationError, match=complaint):
        Settings()


def test_origins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_CORS_ORIGINS", "https://CMS.example.org/, http://127.0.0.1:3000,,")
    assert Settings().cors_origins == ["https://cms.example.org", "http://127.0.0.1:3000"]
    monkeypatch.setenv("FACTDESK_CORS_ORIGINS", "")
    assert Settings().cors_origins == []
