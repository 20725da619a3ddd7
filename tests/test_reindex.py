"""`factdesk reindex` for a new embedder set: staged in committed batches, resumable after a
kill, swapped in one write, and invisible to a server reading the store until the swap."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from factdesk.embed import create_embedder
from factdesk.engine.service import Verifier
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.models import Source, StatementIn
from factdesk.store.sqlite import SqliteStore

from tests.conftest import REPO_ROOT, ServerProcess

_TOWNS = ("Aldham", "Brisk", "Corvel", "Dunmore", "Eskley", "Farrow", "Glenholt", "Harwick")


def _statements(n: int) -> list[StatementIn]:
    out = []
    for i in range(n):
        town = _TOWNS[i % len(_TOWNS)]
        if i % 3 == 2:
            text = f"{town} 시의회는 {i}번째 예산안을 {i + 3}억 원으로 통과시켰다."
        else:
            text = f"The {town} council approved budget number {i} worth {i + 3} million dollars."
        out.append(StatementIn(id=f"s{i:03d}", text=text, source=Source(title=f"Report {i}")))
    return out


def _old_store(db: Path, n: int) -> None:
    """A store written by the old set: e5-small alone, no English vectors."""
    store = SqliteStore(db)
    verifier = Verifier(store, create_embedder("e5-small"), RuleStanceJudge())
    try:
        verifier.write(_statements(n))
    finally:
        verifier.close()
        store.close()


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
    env.update(
        {
            "FACTDESK_DATABASE_URL": f"sqlite:///{db}",
            "FACTDESK_SEED_FIXTURES": "false",
            "OMP_NUM_THREADS": "1",
            **extra,
        }
    )
    return env


def _reindex(env: dict[str, str], batch: int = 4) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "factdesk.cli", "reindex", "--batch", str(batch)],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _staged(work: Path) -> int:
    if not work.exists():
        return 0
    try:
        with sqlite3.connect(work, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM staged").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def _wait_staged(proc: subprocess.Popen[str], work: Path, at_least: int) -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        staged = _staged(work)
        if staged >= at_least:
            return staged
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    raise AssertionError("reindex staged nothing in time")


def _widths(db: Path) -> tuple[set[int], int, int]:
    """(main vector widths in floats, rows with an English vector, generation)."""
    store = SqliteStore(db)
    try:
        delta = store.vectors_since(0)
        return {delta.vectors.shape[1]}, len(delta.english_rows), store.generation()
    finally:
        store.close()


def test_a_killed_reindex_resumes_and_swaps_in_one_write(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    work = tmp_path / "store.db.reindex"
    total = 90
    _old_store(db, total)
    before = _widths(db)
    assert before[0] == {384} and before[1] == 0

    env = _env(db, FACTDESK_EMBEDDER="e5-small+use-m3", FACTDESK_ENGLISH_EMBEDDER="minilm-l6")
    proc = _reindex(env)
    _wait_staged(proc, work, 8)
    proc.kill()
    proc.communicate(timeout=30)  # closes its pipes
    staged = _staged(work)
    assert 8 <= staged < total
    # Nothing reached the store: the old vectors, the old generation.
    assert _widths(db) == before

    done = subprocess.run(
        [sys.executable, "-m", "factdesk.cli", "reindex", "--batch", "16"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert f"re-embedded and re-parsed {total} statements ({staged} staged by an earlier run" in (
        done.stdout
    )
    widths, english_rows, generation = _widths(db)
    assert widths == {384 + 512}
    assert english_rows == sum(1 for i in range(total) if i % 3 != 2)
    assert generation == before[2] + 1  # one write
    assert not work.exists()


def test_a_server_answers_from_the_old_vectors_while_a_reindex_runs(
    tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    db = tmp_path / "server.db"
    work = tmp_path / "server.db.reindex"
    _old_store(db, 60)
    # A one-entry cache and two alternating queries: every answer is computed afresh.
    server = server_factory(FACTDESK_SEED_FIXTURES="false", FACTDESK_CACHE_MAX_ENTRIES="1").start()
    queries = {
        "s010": "Corvel council approved budget number 10",
        "s013": "Farrow council approved budget number 13",
    }

    def answers() -> dict[str, tuple[str, float]]:
        out = {}
        for expected, query in queries.items():
            reply = httpx.post(server.url + "/v1/search", json={"query": query}, timeout=30)
            assert reply.status_code == 200, reply.text
            assert reply.json()["cached"] is False
            hit = reply.json()["results"][0]
            out[expected] = (hit["statement"]["id"], hit["score"])
        return out

    old = answers()
    assert {k: v[0] for k, v in old.items()} == {k: k for k in queries}
    # Same width, one change the server can see: MiniLM vectors for English statements.
    proc = _reindex(_env(db, FACTDESK_ENGLISH_EMBEDDER="minilm-l6"))
    try:
        _wait_staged(proc, work, 8)
        answered = 0
        while proc.poll() is None and _staged(work) < 36:
            assert answers() == old  # the old vectors, unchanged
            answered += 1
        assert answered > 0
        assert _widths(db)[1] == 0  # no English vector in the store while staging
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "re-embedded and re-parsed 60 statements" in out
    assert _widths(db)[1] == 40
    # After the swap the server reads the new rows like any write: MiniLM now counts.
    new = answers()
    assert {k: v[0] for k, v in new.items()} == {k: k for k in queries}
    assert new != old


def test_after_a_width_changing_swap_an_old_server_keeps_its_vectors(
    tmp_path: Path, server_factory: Callable[..., ServerProcess]
) -> None:
    db = tmp_path / "server.db"
    _old_store(db, 24)
    server = server_factory(FACTDESK_SEED_FIXTURES="false", FACTDESK_CACHE_MAX_ENTRIES="1").start()
    queries = ["Corvel council approved budget number 10", "Farrow council approved budget 13"]

    def answers() -> list[tuple[str, float]]:
        out = []
        for query in queries:
            reply = httpx.post(server.url + "/v1/search", json={"query": query}, timeout=30)
            assert reply.status_code == 200, reply.text
            hit = reply.json()["results"][0]
            out.append((hit["statement"]["id"], hit["score"]))
        return out

    old = answers()
    assert [sid for sid, _ in old] == ["s010", "s013"]
    done = subprocess.run(
        [sys.executable, "-m", "factdesk.cli", "reindex"],
        env=_env(db, FACTDESK_EMBEDDER="e5-small+use-m3"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert "re-embedded and re-parsed 24 statements" in done.stdout
    assert _widths(db)[0] == {896}
    # The swap moved the generation; the old server sees rows it cannot hold, keeps the ones
    # it has and answers as before (until it is restarted with the new set).
    assert answers() == old
