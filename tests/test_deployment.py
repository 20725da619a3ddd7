"""Deployment files: docker-compose.yml (workers, health checks, volumes; `docker-compose config`
accepts it), the Dockerfile (everything installed at build time), and the service running with
no network at all (a network namespace with no interface up)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from factdesk.config import Settings
from factdesk.main import create_app

from tests.paths import REPO_ROOT, SEED_STATEMENTS
from tests.web.conftest import in_ci

COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text("utf-8"))
    return document


def test_every_service_is_health_checked_and_waited_for() -> None:
    services = compose()["services"]
    assert {"api", "api-embedded", "postgres", "redis"} <= set(services)
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
        for dependency, condition in service.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}, (name, dependency)
    routes = create_app(Settings(seed_fixtures=False)).openapi()["paths"]
    for name in ("api", "api-embedded"):
        probe = " ".join(services[name]["healthcheck"]["test"])
        assert "/readyz" in probe and "/readyz" in routes


def test_the_api_runs_several_workers_and_keeps_its_data_on_volumes() -> None:
    document = compose()
    services = document["services"]
    for name in ("api", "api-embedded"):
        command = services[name]["command"]
        workers = command[command.index("--workers") + 1]
        assert workers == "${FACTDESK_WORKERS:-2}"
    embedded = services["api-embedded"]
    assert embedded["environment"]["FACTDESK_DATABASE_URL"] == "sqlite:////data/factdesk.db"
    assert "factdesk-data:/data" in embedded["volumes"]
    assert "factdesk-postgres:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert {"factdesk-data", "factdesk-postgres"} <= set(document["volumes"])
    assert embedded["profiles"] == ["embedded"]  # not started unless asked for


def _compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return [docker, "compose"]
    return None


def test_docker_compose_config_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        message = "neither docker-compose nor `docker compose` is installed"
        if in_ci():
            pytest.fail(f"CI is set but {message}: .ci/run installs docker-compose")
        pytest.skip(message)
    env = {**os.environ, "FACTDESK_WORKERS": "4"}
    for profile in ([], ["--profile", "embedded"]):
        check = subprocess.run(
            [*command, *profile, "-f", str(COMPOSE), "config", "-q"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert check.returncode == 0, check.stderr
    resolved = subprocess.run(
        [*command, "-f", str(COMPOSE), "config"], capture_output=True, text=True, env=env
    )
    api = yaml.safe_load(resolved.stdout)["services"]["api"]
    assert api["command"][api["command"].index("--workers") + 1] == "4"


def test_dockerfile_installs_everything_at_build_time() -> None:
    lines = [
        line.strip()
        for line in DOCKERFILE.read_text("utf-8").replace("\\\n", " ").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    runs = [line for line in lines if line.startswith("RUN ")]
    assert any("pip install" in line for line in runs)
    start = [line for line in lines if line.startswith(("CMD", "ENTRYPOINT"))]
    assert start and not any(word in " ".join(start) for word in ("pip", "curl", "wget"))
    copied = {line.split()[1] for line in lines if line.startswith("COPY ")}
    # The seed statements are package data: the repository's fixtures stay out of the image,
    # and the install is a normal one, which reads nothing from /app at run time.
    assert "api" in copied and "fixtures" not in copied
    installs = [line for line in runs if "pip install" in line]
    assert not any(" -e " in line or "--editable" in line for line in installs)
    assert not any("FACTDESK_SEED_PATH" in line for line in lines)
    assert any(line.startswith("HEALTHCHECK") and "/readyz" in line for line in lines)
    ignored = (REPO_ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)


_OFFLINE = """
import asyncio, json, sys, tempfile
from pathlib import Path
import httpx
from factdesk.config import Settings
from factdesk.main import create_app

async def main():
    tmp = Path(tempfile.mkdtemp())
    app = create_app(Settings(database_url=f"sqlite:///{tmp / 'x.db'}", seed_fixtures=False))
    out = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://offline") as c:
            rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
            wanted = ("seed-en-016", "seed-ko-005")
            body = "\\n".join(json.dumps(r) for r in rows if r["id"] in wanted)
            await c.post("/v1/statements:import", content=body)
            claim = "xAI launched Grok a year after being founded"
            verdict = await c.post("/v1/verify", json={"claim": claim})
            out["verdict"] = verdict.json()["verdict"]
            for path in ("/", "/desk/desk.js", "/docs", "/static-docs/swagger-ui-bundle.js"):
                out[path] = (await c.get(path)).status_code
            out["ready"] = (await c.get("/readyz")).json()["status"]
    print(json.dumps(out))

asyncio.run(main())
"""


@pytest.mark.slow
def test_the_service_runs_with_no_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], check=False).returncode:
        pytest.skip("cannot make a network namespace here (unshare -n needs root)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
    env["PYTHONPATH"] = str(REPO_ROOT / "api")
    run = subprocess.run(
        [
            unshare,
            "-n",
            sys.executable,
            "-c",
            _OFFLINE,
            str(SEED_STATEMENTS),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {
        "verdict": "refuted",
        "/": 200,
        "/desk/desk.js": 200,
        "/docs": 200,
        "/static-docs/swagger-ui-bundle.js": 200,
        "ready": "ready",
    }
