"""Latency of uncached /v1/verify and /v1/search against a real `factdesk serve`, and import
throughput, with the seed fixtures plus the CLEF-2020 verified claims loaded.

    python bench/verify_latency.py --clef ../shared/data/clef2020-checkthat-task2 \
        --db /tmp/bench.db [--requests 200] [--json-out bench/results/verify_latency.json]

The store file is built on first use (embedding ~10k statements takes minutes) and reused.
Claims are the golden claims and CLEF dev tweets, sent one at a time over loopback with
`use_cache: false`; the numbers are client-observed wall times and the server's own
`timings_ms.total`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factdesk.config import Settings  # noqa: E402
from factdesk.eval.data import clef_queries, clef_statements, loaded_verifier  # noqa: E402
from factdesk.eval.golden import load_claims  # noqa: E402
from factdesk.main import build_verifier  # noqa: E402
from factdesk.seed import STATEMENTS  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "mean": round(statistics.fmean(values), 2),
    }


def build_store(db: Path, clef: Path) -> None:
    with loaded_verifier(clef_statements(clef), db, "bench"):
        pass
    verifier = build_verifier(Settings(database_url=f"sqlite:///{db}", seed_fixtures=False))
    from factdesk.ingest import import_records, records_from_text

    text = STATEMENTS.read_text("utf-8")
    import_records(verifier, records_from_text(text, "ndjson"))
    verifier.store.close()


def measure_import(n: int) -> float:
    """Statements per second through parse + embed + write into a fresh store."""
    import tempfile

    from factdesk.models import Source, StatementIn

    items = [
        StatementIn(
            text=f"Statement {i}: the city council approved a budget of {i} million "
            f"dollars for public transport in {2000 + i % 25}.",
            source=Source(title="Synthetic"),
        )
        for i in range(n)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        verifier = build_verifier(
            Settings(database_url=f"sqlite:///{tmp}/i.db", seed_fixtures=False)
        )
        started = time.perf_counter()
        for start in range(0, n, 256):
            verifier.write(items[start : start + 256])
        elapsed = time.perf_counter() - started
        verifier.store.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", required=True, type=Path)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--import-n", type=int, default=1000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    if not args.db.exists():
        build_store(args.db, args.clef)

    claims = [c.claim for c in load_claims(ROOT / "fixtures" / "claims.jsonl")]
    claims += [tweet for _, tweet, _ in clef_queries(args.clef, "dev")]
    claims = claims[: args.requests]

    env = {
        **os.environ,
        "FACTDESK_DATABASE_URL": f"sqlite:///{args.db}",
        "FACTDESK_SEED_FIXTURES": "false",
    }
    env.pop("FACTDESK_REDIS_URL", None)
    base = f"http://127.0.0.1:{args.port}"
    results: dict[str, object] = {}
    # A fresh server per route: the in-process claim-embedding cache must not carry over.
    for route, key in (("/v1/verify", "claim"), ("/v1/search", "query")):
        server = subprocess.Popen(
            [sys.executable, "-m", "factdesk.cli", "serve", "--port", str(args.port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            results["statements"] = httpx.get(base + "/v1/stats").json()["total"]
            with httpx.Client(base_url=base, timeout=30) as client:
                client.post(route, json={key: "warm up", "use_cache": False})
                wall, server_ms = [], []
                for claim in claims:
                    started = time.perf_counter()
                    resp = client.post(route, json={key: claim[:1000], "use_cache": False})
                    wall.append((time.perf_counter() - started) * 1000)
                    resp.raise_for_status()
                    body = resp.json()
                    if "timings_ms" in body:
                        server_ms.append(body["timings_ms"]["total"])
                entry: dict[str, object] = {"client_ms": summary(wall)}
                if server_ms:
                    entry["server_ms"] = summary(server_ms)
                results[route] = entry
        finally:
            server.terminate()
            server.wait(timeout=30)
    results["import_statements_per_s"] = round(measure_import(args.import_n), 1)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(results, indent=2))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
