"""JSON log lines carrying the request id; the access log; what must never be logged."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from factdesk.logs import JsonFormatter, LogFormat, RequestIdFilter, TextFormatter, logging_config
from factdesk.main import create_app
from fastapi import FastAPI

from tests.conftest import make_settings

SECRET_KEY = "fd_live_3b6f0c2d9a8e7f1c"
SECRET_CLAIM = "the confidential source Kwon told us xAI was founded in 2031"


class Captured:
    """Records logged while the fixture is active, formatted by the JSON formatter."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]


@pytest.fixture()
def captured() -> Iterator[Captured]:
    out = Captured()
    handler = logging.StreamHandler(out.stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.fixture()
async def app_and_client(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(make_settings(tmp_path, seed_fixtures=False))

    @app.get("/boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("kaboom in a handler")

    async with app.router.lifespan_context(app):
        # The server-error middleware re-raises after answering (for the server to log it).
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield app, client


def test_json_formatter_fields_extras_and_exception() -> None:
    record = logging.LogRecord("factdesk.test", logging.ERROR, __file__, 1, "x=%d", (5,), None)
    record.route = "/v1/verify"
    record.request_id = "rid-1"
    try:
        raise ValueError("bad")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["logger"] == "factdesk.test"
    assert entry["message"] == "x=5" and entry["request_id"] == "rid-1"
    assert entry["route"] == "/v1/verify"
    assert "ValueError: bad" in entry["exception"]
    assert entry["timestamp"].endswith("+00:00")
    assert "\n" not in JsonFormatter().format(record)  # one line, tracebacks included


def test_text_formatter_shows_request_id() -> None:
    record = logging.LogRecord("factdesk", logging.INFO, __file__, 1, "hello", None, None)
    record.request_id = "abc"
    assert "factdesk [abc] hello" in TextFormatter().format(record)


def test_logging_config_is_accepted_by_dictconfig() -> None:
    for fmt in LogFormat:
        config = logging_config(fmt, "info")
        assert config["root"]["level"] == "INFO"
        formatter = config["formatters"]["default"]["()"]
        assert formatter is (JsonFormatter if fmt is LogFormat.JSON else TextFormatter)
        assert config["loggers"]["uvicorn.access"]["propagate"] is False


async def test_access_log_line_and_request_id(
    app_and_client: tuple[FastAPI, httpx.AsyncClient], captured: Captured
) -> None:
    _, c = app_and_client
    resp = await c.get("/v1/statements/nope", headers={"X-Request-ID": "req-42"})
    assert resp.status_code == 404 and resp.headers["x-request-id"] == "req-42"
    lines = captured.lines()
    access = [x for x in lines if x["logger"] == "factdesk.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == "req-42"
    assert line["method"] == "GET" and line["status"] == 404
    assert line["route"] == "/v1/statements/{statement_id}"
    assert line["path"] == "/v1/statements/nope"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["client"] == "127.0.0.1"
    assert line["level"] == "INFO" and line["timestamp"]


async def test_unacceptable_request_ids_are_replaced(
    app_and_client: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, c = app_and_client
    for bad in ("a" * 65, "has space", 'quote"d', "ünïcode".encode()):
        rid = (await c.get("/healthz", headers={"X-Request-ID": bad})).headers["x-request-id"]
        assert rid != bad and len(rid) == 32 and int(rid, 16) >= 0
    own = (await c.get("/healthz")).headers["x-request-id"]
    again = (await c.get("/healthz")).headers["x-request-id"]
    assert own != again


async def test_unexpected_error_is_logged_with_the_request_id(
    app_and_client: tuple[FastAPI, httpx.AsyncClient], captured: Captured
) -> None:
    _, c = app_and_client
    resp = await c.get("/boom", headers={"X-Request-ID": "req-boom"})
    assert resp.status_code == 500
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.headers["x-request-id"] == "req-boom"
    assert "req-boom" in resp.json()["detail"]
    lines = captured.lines()
    errors = [x for x in lines if x["level"] == "ERROR"]
    assert errors, lines
    assert all(x["request_id"] == "req-boom" for x in errors)
    assert any("RuntimeError: kaboom in a handler" in x.get("exception", "") for x in errors)
    access = [x for x in lines if x["logger"] == "factdesk.access"]
    assert [(x["status"], x["route"], x["request_id"]) for x in access] == [
        (500, "/boom", "req-boom")
    ]


async def test_keys_and_bodies_are_never_logged(
    app_and_client: tuple[FastAPI, httpx.AsyncClient], captured: Captured
) -> None:
    _, c = app_and_client
    headers = {"X-API-Key": SECRET_KEY, "Authorization": f"Bearer {SECRET_KEY}"}
    await c.post("/v1/verify", json={"claim": SECRET_CLAIM}, headers=headers)
    await c.post(
        "/v1/statements",
        json={"text": SECRET_CLAIM, "source": {"title": "x"}},
        headers=headers,
    )
    await c.post("/v1/verify", json={"claim": SECRET_CLAIM, "top_k": "many"}, headers=headers)
    await c.get(f"/v1/statements?q=x&api_key={SECRET_KEY}", headers=headers)
    await c.get("/boom", headers=headers)
    # The test's own HTTP client logs its URLs; only the service's lines count.
    lines = [x for x in captured.lines() if not x["logger"].startswith(("httpx", "httpcore"))]
    assert len([x for x in lines if x["logger"] == "factdesk.access"]) == 5
    assert any(x["level"] == "ERROR" for x in lines)  # the /boom traceback is among them
    text = "\n".join(json.dumps(x) for x in lines)
    assert SECRET_KEY not in text
    assert "confidential" not in text
