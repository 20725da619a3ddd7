"""A store restored from a backup must not be served verdicts cached for the history it
replaced: the restored copy goes back to an older generation and reaches the same generations
again with other contents, while a shared Redis still holds the old replies."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from factdesk.main import create_app

from tests.conftest import make_settings

CLAIM = "xAI launched Grok a month after being founded"


def _statement(sid: str, text: str) -> dict[str, object]:
    return {
        "id": sid,
        "text": text,
        "source": {"url": f"https://example.org/{sid}", "published_at": "2024-03-14"},
    }


@asynccontextmanager
async def _client(tmp: Path, redis_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(tmp, redis_url=redis_url, seed_fixtures=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def _backup(db: Path, target: Path) -> None:
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)


async def test_restored_store_does_not_reuse_the_replaced_historys_cache(
    tmp_path: Path, redis_url: str
) -> None:
    db = tmp_path / "factdesk.db"
    backup = tmp_path / "backup.db"
    founding = _statement("a", "xAI was founded in July 2023 by Elon Musk.")
    month = _statement("b", "xAI launched Grok one month after xAI was founded.")
    year = _statement("c", "xAI launched Grok a year after xAI was founded.")

    async with _client(tmp_path, redis_url) as c:
        assert (await c.post("/v1/statements", json=founding)).status_code == 201
    _backup(db, backup)  # taken at generation 1

    async with _client(tmp_path, redis_url) as c:
        assert (await c.post("/v1/statements", json=month)).status_code == 201
        first = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
        assert first["verdict"] == "supported" and first["store_generation"] == 2
        assert (await c.post("/v1/verify", json={"claim": CLAIM})).json()["cached"] is True

    # Restore the backup (generation 1) and write something else: generation 2 again.
    db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    _backup(backup, db)
    async with _client(tmp_path, redis_url) as c:
        assert (await c.post("/v1/statements", json=year)).status_code == 201
        after = (await c.post("/v1/verify", json={"claim": CLAIM})).json()
        assert after["store_generation"] == 2
        assert after["cached"] is False
        assert after["verdict"] == "refuted", after["summary"]
        assert after["evidence"][0]["statement"]["id"] == "c"
