"""A desk page in a fresh browser context that records anything that would leave the server,
and helpers the desk's browser tests share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import ServerProcess
from tests.web.conftest import ARTIFACTS

SCRIPT_OPEN = '<script type="application/ld+json">\n'
SCRIPT_CLOSE = "\n</script>"


def script_json(copied: str) -> Any:
    """The JSON-LD inside the `<script type="application/ld+json">` element the desk copies."""
    assert copied.startswith(SCRIPT_OPEN) and copied.endswith(SCRIPT_CLOSE), copied[:80]
    return json.loads(copied[len(SCRIPT_OPEN) : -len(SCRIPT_CLOSE)])


class Page:
    """A fresh browser context on the server, recording anything that would leave it."""

    def __init__(self, browser: Any, server: ServerProcess, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route(server.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.page.on("request", self._on_request)
        self.page.goto(server.url + "/")

    def _route(self, origin: str) -> Any:
        def route(r: Any) -> None:
            if r.request.url.startswith(origin):
                r.continue_()
            else:
                self.offsite.append(r.request.url)
                r.abort()

        return route

    def focused(self) -> str:
        value: str = self.page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.id || e.getAttribute('href') || e.textContent.trim(); })()"
        )
        return value

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        return path

    def requests(self, path: str) -> list[dict[str, Any]]:
        """Bodies of the POSTs to `path` the page has sent, in order."""
        return [body for url, body in self.sent if url.endswith(path)]

    def _on_request(self, request: Any) -> None:
        if request.method == "POST" and request.post_data:
            self.sent.append((request.url, json.loads(request.post_data)))

    def close(self) -> None:
        assert self.offsite == [], "the desk must not load anything from elsewhere"
        assert self.errors == []
        self.context.close()
