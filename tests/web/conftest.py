"""Headless Chromium (Debian's `chromium`, driven by Playwright) against a real server.

Without a chromium binary the browser tests are skipped, except under CI (`CI` set and not
false), where they fail: `.ci/run` installs chromium, so a missing one is a broken CI.
Screenshots go to `test-artifacts/` (git-ignored)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.paths import REPO_ROOT, SEED_STATEMENTS

ARTIFACTS = REPO_ROOT / "test-artifacts"
# Statements with a link and a publisher, so evidence cards show every part of a source.
SOURCE = {
    "url": "https://news.example.org/2024/03/13/grok-open-source",
    "publisher": "Example Daily",
}
DESK_STATEMENTS = {
    "seed-en-015",
    "seed-en-016",
    "seed-ko-005",
    "seed-en-047",
    "seed-ko-016",
    # Musk's announcement on X of 11 March 2024: a Korean claim dated "11일" needs a date.
    "seed-en-007",
    "seed-en-008",
    "seed-ko-001",
    "seed-ko-002",
    "seed-ko-003",
}


def chromium_binary() -> str | None:
    """Debian's chromium, or another named by FACTDESK_CHROMIUM."""
    for candidate in (
        os.environ.get("FACTDESK_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium() -> str:
    """The chromium binary; skips the test without one, or fails it under CI."""
    binary = chromium_binary()
    if binary is None:
        message = "no chromium binary (apt-get install chromium); browser tests need one"
        if in_ci():
            pytest.fail(f"CI is set but {message}: .ci/run should have installed it")
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    binary = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=binary, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def desk_statements() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in SEED_STATEMENTS.read_text("utf-8").split("\n") if line]
    return [
        {**row, "source": {**row["source"], **SOURCE}}
        for row in rows
        if row["id"] in DESK_STATEMENTS
    ]


def load(server: ServerProcess, headers: dict[str, str] | None = None) -> None:
    body = "\n".join(json.dumps(s, ensure_ascii=False) for s in desk_statements())
    resp = httpx.post(
        server.url + "/v1/statements:import",
        content=body.encode(),
        headers={"content-type": "application/x-ndjson", **(headers or {})},
        timeout=60,
    )
    assert resp.status_code == 200 and resp.json()["created"] == len(DESK_STATEMENTS), resp.text


@pytest.fixture(scope="package")
def desk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """An open server (no keys) holding a few sourced statements."""
    with live_server(tmp_path_factory.mktemp("desk")) as (server, log):
        load(server)
        yield server
        assert not [line for line in log if "Traceback" in line]


@pytest.fixture()
def desk(browser: Any, desk_server: ServerProcess) -> Iterator[Any]:
    """The desk page on the shared server, in a fresh context (a `desk_page.Page`)."""
    from tests.web.desk_page import Page

    page = Page(browser, desk_server, viewport={"width": 1000, "height": 900})
    yield page
    page.close()
