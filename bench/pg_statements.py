"""Where a real server's time goes inside PostgreSQL: every SQL statement that uncached
/v1/verify and /v1/search requests run, with its duration, from the server's own log.

    python bench/pg_statements.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--sizes 100000,1000000] [--requests 40] [--pg-dir DIR]
    python bench/pg_statements.py --smoke

For each size: the PostgreSQL copy of the store (`common.postgres_store_of`, made once), a real
`factdesk serve` on it with default settings, then `log_min_duration_statement = 0` for the
requests only (reset afterwards), and the log read back: per statement (its first words), the
milliseconds and the calls per request, by protocol step (`execute`, `bind`, `parse`, and
`statement` for the simple protocol: BEGIN, COMMIT, and the empty query the connection pool
sends to check a connection each time one is taken). Needs the `auto` server (it reads the
log file in the server's data directory). Writes bench/results/pg_statements.json.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEFAULT_DATA_DIR,
    Report,
    add_no_wait_option,
    build_base,
    claims,
    postgres_admin,
    postgres_server_info,
    postgres_store_of,
    server_total_ms,
    serving,
    store_of,
    summary,
    wait_for_quiet,
)

_ENTRY = re.compile(r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ")
_DURATION = re.compile(r"LOG:\s+duration: ([\d.]+) ms\s+(\w+)[^:]*: (.*)", re.S)


def _set_logging(admin: str, on: bool) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        if on:
            conn.execute("ALTER SYSTEM SET log_min_duration_statement = 0")
        else:
            conn.execute("ALTER SYSTEM RESET log_min_duration_statement")
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(1.0)  # the reload reaches every backend at its next command


def statements(log: str, requests: int) -> list[dict[str, Any]]:
    """Per (step, statement): ms and calls per request, most time first."""
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    for entry in _ENTRY.split(log):
        match = _DURATION.match(entry)
        if match is None:
            continue
        text = " ".join(match.group(3).split())
        if "log_min_duration_statement" in text or "pg_reload_conf" in text:
            continue
        found[(match.group(2), text[:70])].append(float(match.group(1)))
    rows = [
        {
            "step": step,
            "statement": text,
            "ms_per_request": round(sum(ms) / requests, 3),
            "calls_per_request": round(len(ms) / requests, 2),
        }
        for (step, text), ms in found.items()
    ]
    return sorted(rows, key=lambda r: -float(r["ms_per_request"]))


def measure(url: str, admin: str, log: Path, texts: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with serving(url) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        for route, key, chosen in (
            ("/v1/verify", "claim", texts[0::2]),
            ("/v1/search", "query", texts[1::2]),
        ):
            client.post(route, json={key: "warm up the models", "use_cache": False})
            _set_logging(admin, True)
            start = log.stat().st_size
            totals = []
            try:
                for text in chosen:
                    resp = client.post(route, json={key: text, "use_cache": False})
                    resp.raise_for_status()
                    totals.append(server_total_ms(resp) or 0.0)
            finally:
                _set_logging(admin, False)
            with log.open("rb") as f:
                f.seek(start)
                text_log = f.read().decode("utf-8", "replace")
            rows = statements(text_log, len(chosen))
            name = route.rsplit("/", 1)[1]
            out[name] = {
                "requests": len(chosen),
                "server_ms": summary(totals),
                "sql_ms_per_request": round(sum(r["ms_per_request"] for r in rows), 2),
                "log_lines_per_request": round(sum(r["calls_per_request"] for r in rows), 2),
                "statements": rows[:20],
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--requests", type=int, default=40, help="of each kind")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--pg-dir", type=Path, help="data directory of the private server")
    add_no_wait_option(parser)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.requests, args.clef = "200", 3, None
    sizes = [int(s) for s in args.sizes.split(",")]
    base = build_base(args.data_dir, args.clef)
    stores = {size: store_of(size, args.data_dir, base) for size in sizes}
    # Claims the other scripts do not send first, so the claim-embedding memo is cold anyway.
    texts = claims(args.clef, 300 + 2 * args.requests)[-2 * args.requests :]
    admin, pg_server = postgres_admin("auto", args.pg_dir)
    try:
        log = Path(pg_server._server.pgdata) / "log"
        copies = {size: postgres_store_of(db, admin) for size, db in stores.items()}
        if not args.smoke and not args.no_wait:
            wait_for_quiet()
        report = Report("pg_statements", args.smoke)
        results = {str(size): measure(copy.url, admin, log, texts) for size, copy in copies.items()}
        report.results = {
            "requests": args.requests,
            "postgres_server": postgres_server_info(admin),
            "by_size": results,
        }
        report.write(args.json_out)
    finally:
        pg_server.stop()


if __name__ == "__main__":
    main()
