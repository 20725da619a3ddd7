"""A real `factdesk serve` for tests about the network (the client, the browser): started on a
free port over an empty store of its own, its stderr drained, stopped at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ServerProcess
from tests.redis_server import free_port
from tests.reliability.server_log import drain


@contextmanager
def live_server(tmp: Path, **env: str) -> Iterator[tuple[ServerProcess, list[str]]]:
    """The running server and the lines it has logged so far. Seeding is off (it would cost
    ten seconds of embedding): tests import the few statements they need."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
    environ.update(
        {
            "FACTDESK_DATABASE_URL": f"sqlite:///{tmp / 'live.db'}",
            "FACTDESK_SEED_FIXTURES": "false",
            "FACTDESK_RATE_LIMIT": "off",
            "FACTDESK_LOG_FORMAT": "text",
        }
    )
    environ.update(env)
    server = ServerProcess(free_port(), environ).start()
    log: list[str] = []
    drain(server, log)
    try:
        yield server, log
    finally:
        server.stop()
