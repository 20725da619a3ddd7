"""Against real `factdesk serve` processes sharing one Redis: identical concurrent uncached
verifies are computed once across processes and across workers; `/metrics` sums the workers;
the log is one JSON object per line with the request id."""

from __future__ import annotations

import asyncio
import json
import random
import string
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ServerProcess
from tests.redis_server import RedisProcess

pytestmark = pytest.mark.slow


class Drained:
    """The server's stderr, collected as it comes (a full pipe would stall the server)."""

    def __init__(self, server: ServerProcess) -> None:
        assert server.proc is not None and server.proc.stderr is not None
        self.server = server
        self.lines: list[str] = []
        stream = server.proc.stderr

        def run() -> None:
            for line in iter(stream.readline, b""):
                self.lines.append(line.decode(errors="replace"))

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def finish(self) -> list[str]:
        """Stop the server, read its stderr to the end, and return every line."""
        assert self.server.proc is not None
        self.server.proc.terminate()
        self.server.proc.wait(timeout=30)
        self.thread.join(timeout=10)
        self.server.stop()
        return self.lines


def metric(base: str, name: str, **labels: str) -> float:
    text = httpx.get(base + "/metrics", timeout=10).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )


def fresh_claim() -> dict[str, str]:
    word = "".join(random.choices(string.ascii_lowercase, k=10))
    return {"claim": f"xAI launched Grok a month after being founded {word}"}


async def fire(urls: list[str], body: dict[str, str], tag: str) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=60) as client:
        return await asyncio.gather(
            *(
                client.post(url + "/v1/verify", json=body, headers={"X-Request-ID": f"{tag}-{i}"})
                for i, url in enumerate(urls)
            )
        )


async def test_two_servers_sharing_redis_compute_once(
    server_factory: Callable[..., ServerProcess], own_redis: RedisProcess
) -> None:
    # Same store file, same Redis, two processes: as two replicas behind a load balancer.
    a = server_factory(FACTDESK_REDIS_URL=own_redis.url).start()
    a_log = Drained(a)
    b = server_factory(FACTDESK_REDIS_URL=own_redis.url).start()
    b_log = Drained(b)
    for round_ in range(2):
        replies = await fire([a.url, b.url] * 4, fresh_claim(), f"two-{round_}")
        assert {r.status_code for r in replies} == {200}
        assert len({json.dumps(r.json()["evidence"]) for r in replies}) == 1
        computed = sum(
            metric(s.url, "factdesk_engine_computations_total", route="verify") for s in (a, b)
        )
        assert computed == round_ + 1
    for server in (a, b):  # both really served their share
        served = metric(server.url, "factdesk_http_requests_total", route="/v1/verify")
        assert served == 8
    for drained in (a_log, b_log):
        assert not [line for line in drained.finish() if "Traceback" in line]


def per_worker_verifies(directory: Path) -> dict[str, float]:
    """Verify requests counted by each worker process, from its own metrics file."""
    out = {}
    for path in directory.glob("counter_*.db"):
        total = 0.0
        for family in MultiProcessCollector.merge([str(path)], accumulate=False):
            for s in family.samples:
                if s.name == "factdesk_http_requests_total" and s.labels["route"] == "/v1/verify":
                    total += s.value
        out[path.name] = total
    return out


async def test_workers_share_metrics_compute_once_and_log_json(
    server_factory: Callable[..., ServerProcess], own_redis: RedisProcess, tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # left by an earlier run
    server = server_factory(
        FACTDESK_REDIS_URL=own_redis.url,
        FACTDESK_LOG_FORMAT="json",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    ).start(workers=2)
    log = Drained(server)
    assert not (metrics_dir / "counter_999999.db").exists()

    sent = 0
    # /readyz answers as soon as one worker is up; the other may still be loading its models
    # and take no connections for a few seconds, so keep sending rounds for a while.
    for round_ in range(60):
        replies = await fire([server.url] * 8, fresh_claim(), f"w-{round_}")
        sent += len(replies)
        assert {r.status_code for r in replies} == {200}
        assert metric(server.url, "factdesk_engine_computations_total") == round_ + 1
        if sum(1 for n in per_worker_verifies(metrics_dir).values() if n) >= 2:
            break
        await asyncio.sleep(0.5)
    workers = per_worker_verifies(metrics_dir)
    assert sum(1 for n in workers.values() if n) == 2, workers  # both workers answered some
    # Whichever worker answers the scrape reports the sum over both.
    for _ in range(6):
        assert metric(server.url, "factdesk_http_requests_total", route="/v1/verify") == sent

    entries = [json.loads(line) for line in log.finish() if line.strip()]  # all lines are JSON
    access = [e for e in entries if e["logger"] == "factdesk.access" and e["route"] == "/v1/verify"]
    assert len(access) == sent
    assert {e["request_id"] for e in access} >= {"w-0-0", "w-0-7"}
    for e in access:
        assert e["method"] == "POST" and e["status"] == 200 and e["duration_ms"] > 0
        assert e["level"] == "INFO" and e["client"] == "127.0.0.1" and e["timestamp"]
    assert any(e["logger"].startswith("uvicorn") for e in entries)  # the server's own lines too
