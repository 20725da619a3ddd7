"""`/docs` (Swagger UI) and `/redoc` render in headless Chromium with no network beyond the
server, show every operation, and "Try it out" on `POST /v1/verify` returns a verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture()
def offline(browser: Any, desk_server: ServerProcess) -> Iterator[tuple[Any, list[str]]]:
    """A page whose requests to anywhere but the server are refused (and recorded)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    offsite: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(desk_server.url):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page, offsite
    context.close()
    assert offsite == [], "the docs must not load anything from elsewhere"


def _operations(server: ServerProcess) -> list[tuple[str, str, dict[str, Any]]]:
    doc = httpx.get(server.url + "/openapi.json").json()
    return [
        (method, path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "delete"}
    ]


def test_swagger_ui_try_it_out_returns_a_verdict(
    offline: tuple[Any, list[str]], desk_server: ServerProcess
) -> None:
    page, _ = offline
    page.goto(desk_server.url + "/docs")
    page.locator(".opblock").first.wait_for()
    shown = {
        (method.lower(), path)
        for method, path in zip(
            page.locator(".opblock .opblock-summary-method").all_inner_texts(),
            page.locator(".opblock .opblock-summary-path").all_inner_texts(),
            strict=True,
        )
    }
    assert shown == {(method, path) for method, path, _ in _operations(desk_server)}
    assert {"/v1/claimreview", "/v1/claims:search", "/v1/articles:check"} <= {p for _, p in shown}

    verify = page.locator("#operations-verify-verify")
    verify.locator(".opblock-summary").click()
    verify.locator(".try-out__btn").click()
    body = json.loads(verify.locator("textarea.body-param__text").input_value())
    assert body == {"claim": "xAI launched Grok a month after being founded"}
    verify.locator(".execute").click()
    status = verify.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    answer = json.loads(
        verify.locator(
            ".live-responses-table tbody .response-col_description pre"
        ).first.inner_text()
    )
    assert answer["verdict"] == "supported"
    assert answer["evidence"][0]["statement"]["id"] in {"seed-en-016", "seed-ko-005"}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docs-try-it-out.png"))


def test_redoc_renders_every_operation(
    offline: tuple[Any, list[str]], desk_server: ServerProcess
) -> None:
    page, _ = offline
    page.goto(desk_server.url + "/redoc")
    operations = _operations(desk_server)
    for _, _, op in operations:
        page.locator("h2", has_text=op["summary"]).first.wait_for(state="attached")
    assert page.locator("li[data-item-id^='tag/']").count() >= 5  # the tag groups
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "redoc.png"))
