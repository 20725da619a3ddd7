"""Google's Node client `@googleapis/factchecktools` against a real server, from a small script
(`factchecktools_client.cjs`): the package is installed with npm into a temporary folder. Without
npm the test is skipped, except under `CI=true`, where it must run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ServerProcess
from tests.google.conftest import READ, WRITE

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("factchecktools_client.cjs")
PACKAGE = "@googleapis/factchecktools"


@pytest.fixture(scope="module")
def node_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node and npm are required under CI=true for the Node client test")
        pytest.skip("node or npm is not installed: cannot run Google's Node client")
    folder = tmp_path_factory.mktemp("node-client")
    (folder / "package.json").write_text('{"private": true}\n', "utf-8")
    installed = subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", PACKAGE],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    shutil.copy(SCRIPT, folder / SCRIPT.name)
    return folder


def test_node_client_searches_and_writes_a_page(node_folder: Path, server: ServerProcess) -> None:
    env = {**os.environ, "FACTDESK_URL": server.url, "READ_KEY": READ, "WRITE_KEY": WRITE}
    run = subprocess.run(
        ["node", SCRIPT.name],
        cwd=node_folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout)
    first = [c["claimReview"][0]["url"] for c in seen["search"]["claims"]]
    second = [c["claimReview"][0]["url"] for c in seen["next"]["claims"]]
    assert len(first) == 2 and len(second) == 2 and not set(first) & set(second)
    created = seen["created"]
    assert created["name"].startswith("pages/") and created["versionId"]
    assert seen["got"] == created
    review = seen["found"]["claims"][0]["claimReview"][0]
    assert (review["url"], review["textualRating"]) == ("https://node-checks.example/one", "False")
    assert seen["deleted"] == {}
    assert seen["afterDelete"]["status"] == 404
    assert seen["badParameter"]["status"] == 400
    assert "pageSize" in seen["badParameter"]["message"]
