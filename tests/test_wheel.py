"""The wheel runs whole: built from the repository, installed (not editable) into a new virtual
environment, and started from an empty folder, the service seeds its store from the package and
answers a verdict. Nothing of the checkout is importable by the installed service.

Nothing here is skipped: building and installing need only pip and the package registry, which
CI and a developer's machine both reach (pip's cache makes the install ~15 s)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.paths import REPO_ROOT
from tests.redis_server import free_port

pytestmark = pytest.mark.slow

SEED_SIZE = 67
SEED_FILE = "factdesk/seed/statements.ndjson"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    env: dict[str, str]  # the environment the installed service runs in

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


def clean_env() -> dict[str, str]:
    """This environment without what would point a child at the checkout or the test venv."""
    dropped = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    env = {
        k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("FACTDESK_")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(
    args: list[str | Path], timeout: float, env: dict[str, str], cwd: Path | None = None
) -> str:
    """Run a command to its end; its stdout, or a failure showing its output."""
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    # A copy of the build inputs (what the Dockerfile copies too): setuptools builds in the
    # source tree, and a stale build/ there could slip files removed since into the wheel.
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    shutil.copytree(
        REPO_ROOT / "api",
        source / "api",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    wheels = tmp / "wheels"
    env = clean_env()
    run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source],
        timeout=300,
        env=env,
    )
    (wheel,) = wheels.glob("factdesk-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", venv], timeout=120, env=env)
    run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], timeout=900, env=env)
    return Installed(wheel, venv, env)


def test_the_wheel_holds_the_package_and_its_seed(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
    assert not [n for n in names if n.startswith("api/")]
    assert {n.split("/")[0] for n in names} == {"factdesk", "factdesk-0.1.0.dist-info"}
    assert {SEED_FILE, "factdesk/seed/statements.vectors.npz"} <= set(names)

    shown = run([installed.bin("pip"), "show", "-f", "factdesk"], timeout=60, env=installed.env)
    files = [line.strip() for line in shown.split("Files:", 1)[1].splitlines() if line.strip()]
    assert not [f for f in files if f.startswith("api/")]
    assert SEED_FILE in files


def test_the_installed_client_imports(installed: Installed) -> None:
    # The client ships in the package; its HTTP library must come with the plain install.
    shown = run(
        [installed.bin("python"), "-c", "import factdesk.client, httpx; print(httpx.__file__)"],
        timeout=60,
        env=installed.env,
    )
    assert Path(shown.strip()).is_relative_to(installed.venv), shown


@pytest.fixture()
def served(installed: Installed, tmp_path: Path) -> Iterator[str]:
    """`factdesk serve` of the installed wheel, started in an empty folder; its base URL."""
    cwd = tmp_path / "empty"
    cwd.mkdir()
    env = {**installed.env, "FACTDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}"}
    imported = run(
        [installed.bin("python"), "-c", "import factdesk; print(factdesk.__file__)"],
        timeout=60,
        env=env,
        cwd=cwd,
    )
    assert Path(imported.strip()).is_relative_to(installed.venv), imported
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [installed.bin("factdesk"), "serve", "--port", str(port)],
            env=env,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"server exited early:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"not ready:\n{log.read_text()[-3000:]}"
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
    # uvicorn shuts down on SIGTERM, then re-raises it: a clean stop ends by that signal.
    stopped = log.read_text()
    assert code in (0, -signal.SIGTERM), f"stopped with {code}:\n{stopped[-3000:]}"
    assert "Application shutdown complete" in stopped, stopped[-3000:]


def test_the_installed_service_seeds_itself_and_answers(installed: Installed, served: str) -> None:
    ready = httpx.get(f"{served}/readyz", timeout=10).json()
    assert ready["status"] == "ready" and ready["statements"] == SEED_SIZE
    seed = ready["seed"]
    assert seed["status"] == "loaded" and seed["statements"] == SEED_SIZE
    assert Path(seed["path"]).is_relative_to(installed.venv), seed["path"]
    assert httpx.get(f"{served}/v1/stats", timeout=10).json()["total"] == SEED_SIZE

    claim = {"claim": "xAI launched Grok a month after being founded"}
    answer = httpx.post(f"{served}/v1/verify", json=claim, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["verdict"] == "supported"
