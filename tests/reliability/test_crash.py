"""SIGKILL of a real server in the middle of a bulk import: every statement is stored whole
(text, source, vector, full-text row) or not at all, the file passes SQLite's integrity checks,
and re-running the same import completes it."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from factdesk.ingest import BATCH_SIZE

from tests.conftest import ServerProcess
from tests.reliability.server_log import drain

pytestmark = pytest.mark.slow

LINES = 5 * BATCH_SIZE
SYLLABLES = ["ka", "lo", "mi", "ren", "su", "tav", "qui", "zor", "bel", "dun", "fex", "gir"]
NOUNS = ["libraries", "bridges", "clinics", "schools", "parks", "ferries", "markets"]
# MiniLM-L6 as the only embedder (a registered, real backend) keeps embedding at a few hundred
# statements a second: e5 would take over a minute per import of this size. Which model makes
# the vectors does not matter to what is tested here.
EMBEDDER = {"FACTDESK_EMBEDDER": "minilm-l6", "FACTDESK_ENGLISH_EMBEDDER": "none"}
VECTOR_BYTES = 384 * 2  # float16


def word(n: int) -> str:
    """A pseudo-word unique to n (base-12 digits as syllables), so each statement has a term
    no other statement has and search can tell them apart."""
    out = ""
    n += 12**3
    while n:
        n, d = divmod(n, len(SYLLABLES))
        out += SYLLABLES[d]
    return out


def import_lines() -> list[dict[str, object]]:
    """Deterministic statements; every 40th line revises an earlier id (imports upsert by id)."""
    lines: list[dict[str, object]] = []
    for i in range(LINES):
        sid = f"imp-{i - 25:05d}" if i % 40 == 39 else f"imp-{i:05d}"
        lines.append(
            {
                "id": sid,
                "text": f"Bulletin {i}: the {word(i)} council approved {i % 17 + 2} new "
                f"{NOUNS[i % len(NOUNS)]} for the {word(i * 7 + 3)} district.",
                "source": {"url": f"https://example.org/bulletin/{i}", "title": f"Bulletin {i}"},
            }
        )
    return lines


def expected_after(lines: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """What the store holds once these lines are imported: the last line for each id."""
    return {str(line["id"]): line for line in lines}


def check_file(path: Path) -> set[str]:
    """SQLite and FTS5 integrity, whole vectors; returns the stored ids."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # FTS5 checks its index against the content table; raises SQLITE_CORRUPT when they differ.
        conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
        bad = conn.execute(
            "SELECT id FROM statements WHERE length(vector) != ? OR lexical = ''", (VECTOR_BYTES,)
        ).fetchall()
        assert bad == []
        return {sid for (sid,) in conn.execute("SELECT id FROM statements")}
    finally:
        conn.close()


def stored(c: httpx.Client) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    params: dict[str, object] = {"limit": 100}
    while True:
        body = c.get("/v1/statements", params=params).json()
        out.update({item["id"]: item for item in body["items"]})
        if not body.get("next_cursor"):
            return out
        params["cursor"] = body["next_cursor"]


def test_sigkill_mid_import_then_rerun(
    server_factory: Callable[..., ServerProcess], tmp_path: Path
) -> None:
    server = server_factory(FACTDESK_SEED_FIXTURES="false", **EMBEDDER).start()
    drain(server, [])
    db = tmp_path / "server.db"
    lines = import_lines()
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    outcome: dict[str, object] = {}

    def stream() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    def run_import() -> None:
        try:
            outcome["response"] = httpx.post(
                server.url + "/v1/statements:import",
                content=stream(),
                headers={"content-type": "application/x-ndjson"},
                timeout=300,
            )
        except httpx.HTTPError as exc:
            outcome["error"] = exc

    importer = threading.Thread(target=run_import)
    importer.start()
    # Kill once the first batch is committed: the import is then certainly under way.
    deadline = time.monotonic() + 120
    with httpx.Client(base_url=server.url, timeout=10) as c:
        while c.get("/v1/stats").json()["total"] == 0:
            assert time.monotonic() < deadline, "the first batch never landed"
            assert importer.is_alive(), outcome
            time.sleep(0.02)
    server.stop(kill=True)
    importer.join(timeout=30)
    assert "error" in outcome, "the import finished before the kill; make it larger"

    # Batches are transactions: what survived is exactly the first k whole batches.
    present = check_file(db)
    batches = [lines[: k * BATCH_SIZE] for k in range(1, LINES // BATCH_SIZE)]
    survived = next((b for b in batches if set(expected_after(b)) == present), None)
    assert survived is not None, f"{len(present)} rows is not a whole number of batches"
    absent = set(expected_after(lines)) - present

    server.start()
    log: list[str] = []
    drain(server, log)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        listed = stored(c)
        assert set(listed) == present
        for sid, line in expected_after(survived).items():
            assert listed[sid]["text"] == line["text"]
            assert listed[sid]["source"]["url"] == line["source"]["url"]  # type: ignore[index]
        for sid in sorted(present)[::97]:
            assert c.get(f"/v1/statements/{sid}").json()["text"] == listed[sid]["text"]
        for sid in sorted(absent)[::97]:
            assert c.get(f"/v1/statements/{sid}").status_code == 404
        # Their vectors and full-text rows are there: each is found by its own text.
        for sid in sorted(present)[:: max(1, len(present) // 6)]:
            text = listed[sid]["text"]
            hits = c.post("/v1/search", json={"query": text, "top_k": 3}).json()["results"]
            assert hits[0]["statement"]["id"] == sid, (text, hits)

        again = c.post(
            "/v1/statements:import",
            content=body,
            headers={"content-type": "application/x-ndjson"},
            timeout=300,
        )
        assert again.status_code == 200, again.text
        report = again.json()
        assert report["rejected"] == 0
        assert report["created"] == len(absent)
        assert c.get("/v1/stats").json()["total"] == len(expected_after(lines))
        final = stored(c)
        assert {sid: item["text"] for sid, item in final.items()} == {
            sid: line["text"] for sid, line in expected_after(lines).items()
        }
    server.stop()
    assert not [line for line in log if "Traceback" in line or '"ERROR"' in line], log[-10:]
    assert check_file(db) == set(expected_after(lines))
