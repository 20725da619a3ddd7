"""Shared fixtures: apps over temporary SQLite stores, a real Redis, a real PostgreSQL with
pgvector, a real server process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from factdesk.config import Settings
from factdesk.main import create_app
from fastapi import FastAPI

from tests import postgres_server
from tests.paths import REPO_ROOT
from tests.redis_server import RedisProcess, free_port, shared_redis_url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    url, proc = shared_redis_url()
    yield url
    if proc is not None:
        proc.stop()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL with pgvector (`FACTDESK_TEST_POSTGRES_URL`, else one from the wheel)."""
    url, server = postgres_server.admin_url()
    yield url
    if server is not None:
        server.stop()


@pytest.fixture()
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """An empty database of this test's own, dropped afterwards."""
    url = postgres_server.fresh_database(postgres_admin_url)
    yield url
    postgres_server.drop_database(postgres_admin_url, url)


@pytest.fixture()
def own_redis() -> Iterator[RedisProcess]:
    """A private redis-server the test may stop and restart."""
    proc = RedisProcess().start()
    yield proc
    proc.stop()


def make_settings(tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp / 'factdesk.db'}",
        # Tests send requests faster than any client should; the limiter has tests of its own.
        "rate_limit": "off",
        # Likewise the per-caller share of the engine (tests/test_admission.py tests it).
        "engine_per_caller": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def _client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture(scope="session")
async def seeded_client(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    """A client over an app whose store holds the seed fixtures. Tests must not write to it."""
    settings = make_settings(tmp_path_factory.mktemp("seeded"))
    async for client in _client_for(create_app(settings)):
        yield client


@pytest.fixture()
async def empty_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client over an app with an empty store of its own."""
    settings = make_settings(tmp_path, seed_fixtures=False)
    async for client in _client_for(create_app(settings)):
        yield client


@dataclass
class ServerProcess:
    """`factdesk serve` in a subprocess."""

    port: int
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, workers: int = 1, timeout: float = 60.0) -> ServerProcess:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "factdesk.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            env=self.env,
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"server exited early: {err[-2000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become ready")

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        self.proc.wait(timeout=30)
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None


@pytest.fixture()
def server_factory(tmp_path: Path) -> Iterator[type[ServerProcess] | object]:
    servers: list[ServerProcess] = []

    def make(**env_overrides: str) -> ServerProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
        env.update(
            {
                "FACTDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'server.db'}",
                "FACTDESK_RATE_LIMIT": "off",
                "FACTDESK_ENGINE_PER_CALLER": "0",
            }
        )
        env.update(env_overrides)
        server = ServerProcess(free_port(), env)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
