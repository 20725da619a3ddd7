"""The web desk's files: served at `/` and `/desk/` with a policy that keeps the page on this
origin, and shipped in the package (package-data covers every file)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import httpx

from tests.paths import REPO_ROOT


async def test_desk_page_and_assets(empty_client: httpx.AsyncClient) -> None:
    page = await empty_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/desk/desk.js"' in page.text and "https://" not in page.text
    # The text box's limits are the deployment's (the character counter reads them).
    assert 'data-max-claim="1000"' in page.text and 'data-max-article="50000"' in page.text
    assert "{max_" not in page.text
    for asset, kind in (
        ("desk.js", "javascript"),
        ("strings.js", "javascript"),
        ("desk.css", "text/css"),
    ):
        resp = await empty_client.get(f"/desk/{asset}")
        assert resp.status_code == 200 and kind in resp.headers["content-type"]
        assert "http://" not in resp.text and "https://" not in resp.text  # no CDN
    assert (await empty_client.get("/desk/missing.js")).status_code == 404
    # The desk is not part of the API document.
    doc = (await empty_client.get("/openapi.json")).json()
    assert "/" not in doc["paths"]


def test_every_desk_file_is_package_data() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["factdesk"]
    package = Path(str(resources.files("factdesk")))
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    desk = set((package / "desk").iterdir())
    assert desk and desk <= shipped
    assert "playwright" in " ".join(config["project"]["optional-dependencies"]["test"])


async def test_docs_pages_may_load_nothing_from_elsewhere(empty_client: httpx.AsyncClient) -> None:
    for path in ("/docs", "/redoc"):
        resp = await empty_client.get(path)
        policy = resp.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
        assert "connect-src 'self'" in policy
