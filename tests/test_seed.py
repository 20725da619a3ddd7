"""The seed statements at start: loaded from the package by default, and a seed that cannot be
found or read is logged and reported by `/readyz` (the service stays ready, its store empty)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from factdesk.config import Settings
from factdesk.main import create_app

from tests.conftest import make_settings
from tests.paths import SEED_STATEMENTS

SEED_SIZE = 67


async def readiness(settings: Settings) -> dict[str, Any]:
    """`/readyz` of an app started (and stopped) with `settings`."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            resp = await client.get("/readyz")
    assert resp.status_code == 200
    ready: dict[str, Any] = resp.json()
    return ready


async def test_a_new_store_is_seeded_from_the_package(seeded_client: httpx.AsyncClient) -> None:
    ready = (await seeded_client.get("/readyz")).json()
    assert ready["status"] == "ready" and ready["statements"] == SEED_SIZE
    assert ready["seed"] == {
        "status": "loaded",
        "path": str(SEED_STATEMENTS),
        "statements": SEED_SIZE,
        "rejected": 0,
    }
    assert Path(ready["seed"]["path"]).parent.name == "seed"  # factdesk/seed/, not fixtures/


async def test_a_missing_seed_is_logged_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "nowhere" / "statements.ndjson"
    with caplog.at_level(logging.WARNING, logger="factdesk"):
        ready = await readiness(make_settings(tmp_path, seed_path=missing))
    assert ready["status"] == "ready" and ready["statements"] == 0
    assert ready["seed"] == {
        "status": "missing",
        "path": str(missing),
        "statements": 0,
        "rejected": 0,
    }
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("not found" in m and str(missing) in m for m in warnings), warnings


async def test_an_unreadable_seed_is_logged_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "statements.ndjson"
    broken.write_bytes(b'{"text": "\xff\xfe not UTF-8"}\n')
    with caplog.at_level(logging.WARNING, logger="factdesk"):
        ready = await readiness(make_settings(tmp_path, seed_path=broken))
    assert ready["status"] == "ready" and ready["statements"] == 0
    assert ready["seed"]["status"] == "unreadable" and ready["seed"]["path"] == str(broken)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("unreadable" in m and str(broken) in m for m in warnings), warnings


async def test_a_store_with_statements_is_not_seeded_again(tmp_path: Path) -> None:
    seed = tmp_path / "one.ndjson"
    seed.write_text(SEED_STATEMENTS.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    first = await readiness(make_settings(tmp_path, seed_path=seed))
    assert first["seed"] == {"status": "loaded", "path": str(seed), "statements": 1, "rejected": 0}
    again = await readiness(make_settings(tmp_path, seed_path=seed))
    assert again["statements"] == 1
    assert again["seed"] == {
        "status": "skipped_store_not_empty",
        "path": str(seed),
        "statements": 0,
        "rejected": 0,
    }


async def test_seeding_turned_off_is_reported(tmp_path: Path) -> None:
    ready = await readiness(make_settings(tmp_path, seed_fixtures=False))
    assert ready["statements"] == 0
    assert ready["seed"] == {"status": "disabled", "path": None, "statements": 0, "rejected": 0}


def test_an_empty_seed_path_means_the_packaged_seed() -> None:
    assert Settings(seed_path="").seed_path is None  # type: ignore[arg-type]
