"""The HTTP client is for other programs: importing it must not load the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# The web framework, the numeric stack, and the modules that pull in the engine's pipeline or a
# store: none of them is needed to send a request and read its reply.
SERVER_MODULES = (
    "fastapi",
    "starlette",
    "numpy",
    "factdesk.engine.service",
    "factdesk.store",
    "factdesk.verification",
    "factdesk.claimsearch",
)


def test_importing_the_client_loads_no_server_module() -> None:
    code = "import factdesk.client, sys, json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),  # PYTHONPATH included: the same factdesk as this test's
    )
    loaded = set(json.loads(done.stdout))
    assert "factdesk.client" in loaded
    offending = sorted(
        name
        for name in loaded
        if any(name == m or name.startswith(m + ".") for m in SERVER_MODULES)
    )
    assert offending == []
