"""Cold start: seconds from launching `factdesk serve` to its first 200 on /readyz.

    python bench/cold_start.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--sizes 0,10000,100000] [--repeat 5]
    python bench/cold_start.py --smoke

Size 0 is a new store that the server seeds with the fixtures (it embeds them at start); other
sizes are existing stores (see bench/common.py) whose vectors the server loads into its index
before it answers ready. Each start is a new process; the OS file cache is warm after the
first. Writes bench/results/cold_start.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEFAULT_DATA_DIR,
    Report,
    Server,
    build_base,
    store_of,
    wait_for_quiet,
)


def start_once(db: Path, seed: bool) -> dict[str, float]:
    server = Server(db, env={"FACTDESK_SEED_FIXTURES": "true" if seed else "false"}).start()
    try:
        return {"ready_s": round(server.ready_s, 3), **server.rss_mb()}
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.repeat, args.clef = "0,200", 1, None
    sizes = [int(s) for s in args.sizes.split(",")]
    base = build_base(args.data_dir, args.clef)
    stores = {size: store_of(size, args.data_dir, base) for size in sizes if size}
    if not args.smoke:
        wait_for_quiet()
    report = Report("cold_start", args.smoke)
    results: dict[str, Any] = {}
    for size in sizes:
        runs = []
        for _ in range(args.repeat):
            if size == 0:
                with tempfile.TemporaryDirectory() as tmp:
                    runs.append(start_once(Path(tmp) / "new.db", seed=True))
            else:
                runs.append(start_once(stores[size], seed=False))
        ready = [r["ready_s"] for r in runs]
        results[str(size)] = {
            "store": "new, seeded with the fixtures" if size == 0 else f"{size} statements",
            "runs": runs,
            "ready_s_median": round(statistics.median(ready), 3),
            "ready_s_min": min(ready),
            "ready_s_max": max(ready),
        }
    report.results = {"by_size": results}
    report.write(args.json_out)


if __name__ == "__main__":
    main()
