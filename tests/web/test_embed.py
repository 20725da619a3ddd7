"""The embeddable verdict card in headless Chromium, framed by a page of another origin (another
port), as a CMS page would frame it: it renders there, and a page its
`FACTDESK_EMBED_FRAME_ANCESTORS` does not list cannot frame it. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.redis_server import free_port
from tests.web.conftest import ARTIFACTS, load

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YEAR = "xAI launched Grok a year after being founded"
YEAR_KO = "xAI는 설립 1년 뒤에 그록을 출시했다"


@contextmanager
def host_page(body: str, port: int | None = None) -> Iterator[str]:
    """A page served from its own origin (`port`, else a free one), like a CMS article."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _article(src: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A CMS article"
        "</title></head><body style='font-family:serif;margin:24px;background:#f4f1ea'>"
        "<h1>Our story about Grok</h1><p>The claim below was checked by our desk.</p>"
        f"<iframe id='card' src='{src}' width='560' height='460' style='border:0'"
        " title='Verdict'></iframe><p>More of the article.</p></body></html>"
    )


@pytest.fixture(scope="module")
def framed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, int]]:
    """A server whose card may be framed by one origin only: the port reserved for the host."""
    host_port = free_port()
    with live_server(
        tmp_path_factory.mktemp("embed"),
        FACTDESK_EMBED_FRAME_ANCESTORS=f"http://127.0.0.1:{host_port}",
    ) as (server, log):
        load(server)
        yield server, host_port
        assert not [line for line in log if "Traceback" in line]


@pytest.mark.parametrize(
    ("claim", "verdict", "name"),
    [(YEAR, "Refuted", "embed-card-in-iframe.png"), (YEAR_KO, "사실 아님", "embed-card-ko.png")],
)
def test_the_card_renders_in_an_iframe_on_another_origin(
    browser: Any, framed_server: tuple[ServerProcess, int], claim: str, verdict: str, name: str
) -> None:
    server, host_port = framed_server
    src = f"{server.url}/v1/embed?claim={quote(claim)}"
    context = browser.new_context(viewport={"width": 700, "height": 640})
    with host_page(_article(src), host_port) as origin:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(origin + "/")
        assert page.evaluate("location.origin") == origin != server.url  # another origin
        frame = page.frame_locator("#card")
        badge = frame.locator(".verdict")
        badge.wait_for(timeout=60_000)
        assert badge.inner_text() == verdict  # in the claim's language
        assert frame.locator(".summary").inner_text()
        assert "similarity" not in frame.locator("body").inner_text()
        ld = frame.locator('script[type="application/ld+json"]')
        assert '"ClaimReview"' in ld.first.evaluate("e => e.textContent")
        href = frame.locator(".meta a").get_attribute("href") or ""
        assert href.startswith(server.url + "/v1/checks/c1")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / name
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert errors == []
    context.close()


def test_an_origin_the_setting_does_not_list_cannot_frame_it(
    browser: Any, framed_server: tuple[ServerProcess, int]
) -> None:
    server, _ = framed_server
    src = f"{server.url}/v1/embed?claim={quote(YEAR)}"
    context = browser.new_context()
    try:
        with host_page(_article(src)) as origin:
            page = context.new_page()
            page.goto(origin + "/", wait_until="load")  # the load waits for the iframe's
            frame = next(f for f in page.frames if f != page.main_frame)
            # Chromium replaces a frame its CSP refuses with an error page: no card in it.
            assert frame.url.startswith("chrome-error://"), frame.url
            assert frame.locator(".verdict").count() == 0
    finally:
        context.close()


def test_the_desk_itself_still_refuses_to_be_framed(
    browser: Any, framed_server: tuple[ServerProcess, int]
) -> None:
    server, host_port = framed_server  # even from the origin the card allows
    context = browser.new_context()
    try:
        with host_page(_article(server.url + "/"), host_port) as origin:
            page = context.new_page()
            page.goto(origin + "/", wait_until="load")
            frame = next(f for f in page.frames if f != page.main_frame)
            assert frame.url.startswith("chrome-error://"), frame.url
            assert frame.locator("#text").count() == 0
    finally:
        context.close()
