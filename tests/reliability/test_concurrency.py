"""Several writers and readers against `factdesk serve --workers 2` on one SQLite file: every
acknowledged write is there afterwards, in both worker processes, and nobody saw a 5xx or a
locked database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest

from tests.conftest import ServerProcess
from tests.reliability.server_log import drain

pytestmark = pytest.mark.slow

WRITERS = 4
ROUNDS = 12
READERS = 3
SOURCE = {"title": "Concurrency test", "published_at": "2024-05-01"}


@dataclass
class Log:
    """Every answer seen, and what the writers were told was stored."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    bad: list[str] = field(default_factory=list)
    requests: int = 0
    expected: dict[str, str | None] = field(default_factory=dict)  # id -> text, None: deleted

    def saw(self, resp: httpx.Response, ok: set[int]) -> httpx.Response:
        with self.lock:
            self.requests += 1
            if resp.status_code not in ok or "database is locked" in resp.text:
                self.bad.append(
                    f"{resp.request.method} {resp.request.url.path}: "
                    f"{resp.status_code} {resp.text[:300]}"
                )
        return resp


def text_for(writer: int, round_: int, revision: int = 0) -> str:
    return (
        f"Writer {writer} round {round_} revision {revision}: the harbour of "
        f"Portwell{writer}x{round_} received {100 * writer + round_ + revision} ships."
    )


def writer(base: str, w: int, log: Log) -> None:
    with httpx.Client(base_url=base, timeout=60) as c:
        for i in range(ROUNDS):
            step = i % 4
            if step == 0:  # a list of two, atomically
                items = [
                    {"id": f"w{w}-{i}{s}", "text": text_for(w, i) + s, "source": SOURCE}
                    for s in "ab"
                ]
                resp = log.saw(c.post("/v1/statements", json=items), {201})
                if resp.status_code == 201:
                    assert sorted(resp.json()["created"]) == [f"w{w}-{i}a", f"w{w}-{i}b"]
                    with log.lock:
                        log.expected.update({str(it["id"]): str(it["text"]) for it in items})
            elif step == 1:  # create by PUT
                sid, text = f"w{w}-{i}", text_for(w, i)
                resp = log.saw(
                    c.put(f"/v1/statements/{sid}", json={"text": text, "source": SOURCE}), {201}
                )
                if resp.status_code == 201:
                    with log.lock:
                        log.expected[sid] = text
            elif step == 2:  # replace the one just created
                sid, text = f"w{w}-{i - 1}", text_for(w, i - 1, revision=1)
                resp = log.saw(
                    c.put(f"/v1/statements/{sid}", json={"text": text, "source": SOURCE}), {200}
                )
                if resp.status_code == 200:
                    with log.lock:
                        log.expected[sid] = text
            else:  # delete one of the pair
                sid = f"w{w}-{i - 3}a"
                resp = log.saw(c.delete(f"/v1/statements/{sid}"), {204})
                if resp.status_code == 204:
                    with log.lock:
                        log.expected[sid] = None


def reader(base: str, r: int, log: Log, done: threading.Event) -> None:
    claims = [
        "xAI launched Grok a month after being founded",
        "The harbour of Portwell1x4 received 105 ships",
        "머스크는 오픈AI를 고소했다",
    ]
    i = 0
    with httpx.Client(base_url=base, timeout=60) as c:
        while not done.is_set():
            step = (i + r) % 5
            if step == 0:
                claim = claims[i % len(claims)]
                log.saw(c.post("/v1/verify", json={"claim": claim, "use_cache": False}), {200})
            elif step == 1:
                log.saw(
                    c.post("/v1/search", json={"query": f"harbour Portwell{i % WRITERS}"}), {200}
                )
            elif step == 2:
                page = log.saw(c.get("/v1/statements", params={"limit": 100}), {200})
                cursor = page.json().get("next_cursor") if page.status_code == 200 else None
                if cursor:
                    log.saw(c.get("/v1/statements", params={"cursor": cursor}), {200})
            elif step == 3:
                log.saw(c.get("/v1/statements/seed-en-016"), {200})
            else:
                log.saw(c.get("/v1/stats"), {200})
            i += 1


def all_ids(c: httpx.Client) -> list[str]:
    ids: list[str] = []
    params: dict[str, object] = {"limit": 100}
    while True:
        page = c.get("/v1/statements", params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [item["id"] for item in body["items"]]
        if not body.get("next_cursor"):
            return ids
        params["cursor"] = body["next_cursor"]


def test_two_workers_concurrent_writers_and_readers(
    server_factory: Callable[..., ServerProcess],
) -> None:
    # Both workers start on a new file at once, so both may seed it: that must be harmless too.
    server = server_factory().start(workers=2, timeout=120)
    stderr: list[str] = []
    drain(server, stderr)
    base = server.url
    with httpx.Client(base_url=base, timeout=30) as c:
        seeded = set(all_ids(c))
    assert len(seeded) == 67

    log = Log()
    done = threading.Event()
    readers = [threading.Thread(target=reader, args=(base, r, log, done)) for r in range(READERS)]
    writers = [threading.Thread(target=writer, args=(base, w, log)) for w in range(WRITERS)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join(timeout=300)
    done.set()
    for t in readers:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in readers + writers)

    # The server's own log says why a request failed: show it beside the failures.
    assert log.bad == [], (log.bad[:5], [line for line in stderr if '"ERROR"' in line][:3])
    live = {sid: text for sid, text in log.expected.items() if text is not None}
    deleted = {sid for sid, text in log.expected.items() if text is None}
    # Every write was acknowledged (none failed), so the expectation is the full plan.
    assert len(log.expected) == WRITERS * (ROUNDS // 4) * 3
    assert len(deleted) == WRITERS * (ROUNDS // 4)

    with httpx.Client(base_url=base, timeout=60) as c:
        # Requests land on either worker: ask several times, every answer must agree.
        for _ in range(4):
            assert set(all_ids(c)) == seeded | set(live)
            stats = c.get("/v1/stats").json()
            assert stats["total"] == len(seeded) + len(live)
        for sid, text in live.items():
            got = c.get(f"/v1/statements/{sid}")
            assert got.status_code == 200, got.text
            assert got.json()["text"] == text
        for sid in deleted:
            assert c.get(f"/v1/statements/{sid}").status_code == 404
        # Each worker's vector index followed the other's writes and deletes.
        for sid in [f"w{w}-{i}" for w in range(WRITERS) for i in (1, 9)]:
            for _ in range(2):
                hits = c.post("/v1/search", json={"query": live[sid], "top_k": 3}).json()
                assert hits["results"][0]["statement"]["id"] == sid
        for sid in sorted(deleted)[:4]:
            query = text_for(int(sid[1]), int(sid.split("-")[1][:-1])) + "a"
            hits = c.post("/v1/search", json={"query": query, "top_k": 5}).json()
            assert sid not in [h["statement"]["id"] for h in hits["results"]]

    server.stop()
    errors = [line for line in stderr if any(m in line for m in ("locked", "Traceback", '"ERROR"'))]
    assert errors == [], errors[:5]
