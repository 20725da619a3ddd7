"""The stderr of a `ServerProcess`, drained as it comes: the server writes a JSON access-log
line per request there, and a pipe nobody reads stalls it after some 64 kB."""

from __future__ import annotations

import threading

from tests.conftest import ServerProcess


def drain(server: ServerProcess, into: list[str]) -> threading.Thread:
    """Append each stderr line of the running `server` to `into` until the process ends."""
    assert server.proc is not None and server.proc.stderr is not None
    stream = server.proc.stderr

    def run() -> None:
        for line in iter(stream.readline, b""):
            into.append(line.decode(errors="replace"))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
