"""Requests per second under concurrent load against a real `factdesk serve`: cached verify with
1 and 2 workers, and uncached verify.

    python bench/throughput.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--size 10000] [--duration 15] [--connections 16] [--repeat 3]
    python bench/throughput.py --smoke

The load comes from a second process on the same two cores: `wrk` (Debian package `wrk`) when
it is installed, else this script's own asyncio + httpx generator (`--loadgen httpx` forces it).
Bounded in time; loopback only. Cached: 20 warmed claims in rotation. Uncached:
`use_cache: false` over claims the server has not seen. Writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEFAULT_DATA_DIR,
    Report,
    build_base,
    claims,
    serving,
    store_of,
    summary,
    wait_for_quiet,
)

_LUA = """
bodies = {BODIES}
counter = 0
request = function()
  counter = counter + 1
  local body = bodies[(counter %% #bodies) + 1]
  return wrk.format("POST", "/v1/verify", {["Content-Type"] = "application/json"}, body)
end
"""
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def wrk(url: str, bodies: list[str], duration: float, connections: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA.replace("%%", "%").replace("{BODIES}", _table(bodies)))
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            script.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(script.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        latency[f"p{pct}"] = round(float(value) * _UNIT_MS[unit], 3)
    return {
        "generator": "wrk -t1",
        "requests": total,
        "requests_per_s": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "client_ms": latency,
    }


def _table(bodies: list[str]) -> str:
    return "{" + ", ".join(_lua_string(b) for b in bodies) + "}"


async def _httpx_load(
    url: str, bodies: list[str], duration: float, connections: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors, counter
            while time.perf_counter() < deadline:
                body = bodies[counter % len(bodies)]
                counter += 1
                started = time.perf_counter()
                resp = await client.post(
                    "/v1/verify", content=body, headers={"Content-Type": "application/json"}
                )
                latencies.append((time.perf_counter() - started) * 1000)
                errors += resp.status_code >= 300

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return {
        "generator": "httpx asyncio, one process",
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "non_2xx": errors,
        "client_ms": summary(latencies),
    }


def httpx_load(url: str, bodies: list[str], duration: float, connections: int) -> dict[str, Any]:
    """The same load from a child process (not this one, which also watches the server)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(bodies, f)
    out = subprocess.run(
        [sys.executable, __file__, "--run-loadgen", url, f.name, str(duration), str(connections)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(f.name).unlink()
    result: dict[str, Any] = json.loads(out)
    return result


def run(
    db: Path,
    workers: int,
    bodies: list[str],
    warm: list[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    with serving(db, workers=workers) as server:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for _ in range(workers * 3):  # every worker sees each warm claim (cache fill)
                for body in warm:
                    client.post(
                        "/v1/verify", content=body, headers={"Content-Type": "application/json"}
                    )
        use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and shutil.which("wrk"))
        load = wrk if use_wrk else httpx_load
        result = load(server.url, bodies, args.duration, args.connections)
        result.update(server.rss_mb())
        result["workers"] = workers
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--uncached-duration", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loadgen", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--run-loadgen", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_loadgen:
        url, path, duration, connections = args.run_loadgen
        bodies = json.loads(Path(path).read_text())
        print(json.dumps(asyncio.run(_httpx_load(url, bodies, float(duration), int(connections)))))
        return
    if args.smoke:
        args.size, args.duration, args.uncached_duration, args.repeat = 200, 1.0, 1.0, 1
        args.clef, args.connections = None, 4

    base = build_base(args.data_dir, args.clef)
    db = store_of(args.size, args.data_dir, base)
    texts = claims(args.clef, 3000)
    cached = [json.dumps({"claim": t}) for t in texts[:20]]
    uncached = [json.dumps({"claim": t, "use_cache": False}) for t in texts[20:]]
    if not args.smoke:
        wait_for_quiet()
    report = Report("throughput", args.smoke)
    runs: dict[str, list[dict[str, Any]]] = {
        "cached_verify_1_worker": [],
        "cached_verify_2_workers": [],
        "uncached_verify_1_worker": [],
        "uncached_verify_2_workers": [],
    }
    for _ in range(args.repeat):
        runs["cached_verify_1_worker"].append(run(db, 1, cached, cached, args))
        runs["cached_verify_2_workers"].append(run(db, 2, cached, cached, args))
    slow = argparse.Namespace(**{**vars(args), "duration": args.uncached_duration})
    for _ in range(max(1, args.repeat - 1)):
        runs["uncached_verify_1_worker"].append(run(db, 1, uncached, [], slow))
        runs["uncached_verify_2_workers"].append(run(db, 2, uncached, [], slow))
    report.results = {
        "statements": args.size,
        "connections": args.connections,
        "duration_s": args.duration,
        "uncached_duration_s": args.uncached_duration,
        "runs": runs,
        "requests_per_s": {
            name: sorted(r["requests_per_s"] for r in entries) for name, entries in runs.items()
        },
    }
    report.write(args.json_out)


if __name__ == "__main__":
    main()
