"""One client's flood against another client's ordinary requests, on a real `factdesk serve
--workers 2` (the embedded default, seed statements, a temporary folder).

    python bench/fairness.py [--pairs 60] [--flood-connections 8] [--json-out PATH]
    python bench/fairness.py --smoke

Two callers, told apart by their API keys (`desk` and `flood`, both with the read role):

- *desk* sends, one at a time and paced, pairs of an uncached verify of a one-sentence claim
  nobody asked before and a cached verify (warmed before). It runs alone first, then again
  while the flood runs.
- *flood* (a child process, so that its client work does not sit in the desk's event loop)
  keeps `--flood-connections` requests in flight: long uncached claims of ~1,000 characters,
  and every fourth a batch of `--batch` such claims. It takes `Retry-After` at its word, as a
  client that wants as much as the service gives; one that ignores it (`--flood-ignores-retry`)
  is met with cheap 429s but still costs each refusal's HTTP handling.

Printed: desk's p50/p99 and error rate alone and under the flood, their ratios, and the flood's
answers by status (the share of 429 and 503, whether each carried `Retry-After`, any other
5xx). The server runs with its default limits unless `--env NAME=VALUE` says otherwise. Writes
bench/results/fairness.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Report, Server, summary, synthetic_text, wait_for_quiet
from factdesk.config import Settings
from factdesk.keys import digest, new_key

_MAX_CLAIM = int(Settings.model_fields["max_claim_chars"].default)


def short_claim(n: int) -> str:
    """A one-sentence claim no one has sent before (`n` is unique per request)."""
    return f"{synthetic_text(n)[:-1]}, report {n} says."


def long_claim(rng: random.Random) -> str:
    """About `max_claim_chars` characters of several sentences, new each time."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < _MAX_CLAIM - 100:
        parts.append(synthetic_text(rng.randrange(10**9)))
    return " ".join(parts)[: _MAX_CLAIM - 1]


# -- the flood (a child process) -----------------------------------------------------------


async def _flood(url: str, key: str, stop: Path, connections: int, batch: int, honour: bool) -> Any:
    statuses: Counter[str] = Counter()
    missing_retry_after = 0
    computed = 0
    rng = random.Random(7)
    headers = {"X-API-Key": key}
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker(index: int) -> None:
            nonlocal missing_retry_after, computed
            sent = 0
            while not stop.exists():
                sent += 1
                if sent % 4 == 0:
                    path = "/v1/verify/batch"
                    body: dict[str, Any] = {"claims": [long_claim(rng) for _ in range(batch)]}
                else:
                    path = "/v1/verify"
                    body = {"claim": long_claim(rng), "use_cache": False}
                try:
                    resp = await client.post(path, json=body, headers=headers)
                except httpx.HTTPError as exc:
                    statuses[f"transport:{type(exc).__name__}"] += 1
                    continue
                statuses[str(resp.status_code)] += 1
                stop.with_suffix(".flowing").touch()  # the desk's second phase may begin
                if resp.status_code in (429, 503):
                    retry = resp.headers.get("retry-after")
                    if retry is None:
                        missing_retry_after += 1
                    if honour:
                        await asyncio.sleep(float(retry or 1))
                elif resp.status_code == 200:
                    computed += len(body.get("claims", [1]))

        await asyncio.gather(*(worker(i) for i in range(connections)))
    return {
        "statuses": dict(statuses),
        "missing_retry_after": missing_retry_after,
        "claims_verified": computed,
    }


# -- the desk client ------------------------------------------------------------------------


async def _desk(
    url: str, key: str, pairs: int, pause: float, first: int, cached: list[str]
) -> dict[str, Any]:
    uncached_ms: list[float] = []
    cached_ms: list[float] = []
    failures: Counter[str] = Counter()
    headers = {"X-API-Key": key}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client:
        for i in range(pairs):
            for claim, into in (
                (short_claim(first + i), uncached_ms),
                (cached[i % len(cached)], cached_ms),
            ):
                started = time.perf_counter()
                resp = await client.post("/v1/verify", json={"claim": claim})
                into.append((time.perf_counter() - started) * 1000)
                if resp.status_code != 200:
                    failures[str(resp.status_code)] += 1
                elif into is cached_ms and not resp.json()["cached"]:
                    failures["cached reply not cached"] += 1
                await asyncio.sleep(pause)
    sent = 2 * pairs
    return {
        "uncached_verify_ms": summary(uncached_ms),
        "cached_verify_ms": summary(cached_ms),
        "requests": sent,
        "failed": sum(failures.values()),
        "error_rate": round(sum(failures.values()) / sent, 4),
        "failures": dict(failures),
    }


def _keys_file(folder: Path) -> tuple[Path, dict[str, str]]:
    keys = {"desk": new_key(), "flood": new_key()}
    path = folder / "keys.txt"
    path.write_text("".join(f"{name}:{digest(k)}:read\n" for name, k in keys.items()))
    return path, keys


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="factdesk-fairness-") as tmp:
        folder = Path(tmp)
        keys_path, keys = _keys_file(folder)
        defaults = {
            "FACTDESK_SEED_FIXTURES": "true",
            "FACTDESK_API_KEYS_FILE": str(keys_path),
            # The service's own defaults, which bench/common.py's Server turns off.
            "FACTDESK_RATE_LIMIT": str(Settings.model_fields["rate_limit"].default),
            "FACTDESK_ENGINE_PER_CALLER": str(Settings.model_fields["engine_per_caller"].default),
        }
        env = {**defaults, **dict(item.split("=", 1) for item in args.env)}
        server = Server(folder / "fair.db", workers=2, env=env).start()
        try:
            cached = [synthetic_text(10**8 + n) for n in range(10)]
            for claim in cached:
                # Each worker has a cache of its own, and a connection stays with one worker:
                # warm over new connections until 16 in a row answer from the cache.
                hits = 0
                while hits < 16:
                    resp = httpx.post(
                        server.url + "/v1/verify",
                        json={"claim": claim},
                        headers={"X-API-Key": keys["desk"]},
                        timeout=120,
                    )
                    hits = hits + 1 if resp.json().get("cached") else 0
            alone = asyncio.run(_desk(server.url, keys["desk"], args.pairs, args.pause, 0, cached))

            stop = folder / "stop"
            flood = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--run-flood",
                    server.url,
                    keys["flood"],
                    str(stop),
                    str(args.flood_connections),
                    str(args.batch),
                    "0" if args.flood_ignores_retry else "1",
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            flowing = stop.with_suffix(".flowing")
            while not flowing.exists() and flood.poll() is None:
                time.sleep(0.1)
            time.sleep(args.ramp)
            flooded = asyncio.run(
                _desk(server.url, keys["desk"], args.pairs, args.pause, 10**6, cached)
            )
            stop.touch()
            out, _ = flood.communicate(timeout=600)
            flood_result = json.loads(out)
            ready = httpx.get(server.url + "/readyz", timeout=10).json()
            metrics = httpx.get(server.url + "/metrics", timeout=10).text
        finally:
            server.stop()
    statuses: dict[str, int] = flood_result["statuses"]
    answered = sum(statuses.values())
    refused = statuses.get("429", 0) + statuses.get("503", 0)
    other_5xx = sum(n for s, n in statuses.items() if s.startswith("5") and s != "503")
    shed = [
        line for line in metrics.splitlines() if line.startswith("factdesk_requests_shed_total")
    ]
    results = {
        "settings": env | {"FACTDESK_API_KEYS_FILE": "(temporary)"},
        "pairs": args.pairs,
        "pause_s": args.pause,
        "flood_connections": args.flood_connections,
        "batch": args.batch,
        "flood_honours_retry_after": not args.flood_ignores_retry,
        "desk_alone": alone,
        "desk_under_flood": flooded,
        "p99_ratio": {
            kind: round(flooded[f"{kind}_verify_ms"]["p99"] / alone[f"{kind}_verify_ms"]["p99"], 2)
            for kind in ("uncached", "cached")
        },
        "flood": {
            **flood_result,
            "answered": answered,
            "share_429_503": round(refused / answered, 4) if answered else 0.0,
            "other_5xx": other_5xx,
        },
        "shed_metrics": shed,
        "readyz_engine_after": ready.get("engine"),
    }
    return results


def _print(results: dict[str, Any]) -> None:
    def row(name: str, entry: dict[str, Any]) -> str:
        u, c = entry["uncached_verify_ms"], entry["cached_verify_ms"]
        return (
            f"{name:14s} uncached p50 {u['p50']:8.1f} p99 {u['p99']:8.1f} ms | cached p50 "
            f"{c['p50']:6.1f} p99 {c['p99']:6.1f} ms | errors {entry['error_rate']:.2%}"
        )

    print(row("desk alone", results["desk_alone"]), file=sys.stderr)
    print(row("desk + flood", results["desk_under_flood"]), file=sys.stderr)
    print(f"p99 under flood / alone: {results['p99_ratio']}", file=sys.stderr)
    flood = results["flood"]
    print(
        f"flood: {flood['answered']} answers {flood['statuses']}, 429/503 share "
        f"{flood['share_429_503']:.1%}, without Retry-After {flood['missing_retry_after']}, "
        f"other 5xx {flood['other_5xx']}, claims verified {flood['claims_verified']}",
        file=sys.stderr,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=60, help="desk's uncached+cached pairs")
    parser.add_argument("--pause", type=float, default=0.1, help="desk's pause between requests")
    parser.add_argument("--flood-connections", type=int, default=8)
    parser.add_argument("--batch", type=int, default=20, help="claims in each flood batch")
    parser.add_argument("--ramp", type=float, default=3.0, help="seconds of flood before desk")
    parser.add_argument("--flood-ignores-retry", action="store_true")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--no-wait", action="store_true", help="do not wait for a quiet machine")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--run-flood", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_flood:
        url, key, stop, connections, batch, honour = args.run_flood
        result = asyncio.run(
            _flood(url, key, Path(stop), int(connections), int(batch), honour == "1")
        )
        print(json.dumps(result))
        return
    if args.smoke:
        args.pairs, args.pause, args.flood_connections, args.batch, args.ramp = 3, 0.0, 2, 2, 0.5
    elif not args.no_wait:
        wait_for_quiet()
    report = Report("fairness", args.smoke)
    report.results = run(args)
    _print(report.results)
    report.write(args.json_out)


if __name__ == "__main__":
    main()
