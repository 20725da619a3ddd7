"""Import rate and peak memory of `factdesk import` on an NDJSON file of template statements.

    python bench/import_rate.py [--sizes 500,1500] [--target 100000] [--repeat 2] \
        [--embedder e5-small+use-m3] [--english none]
    python bench/import_rate.py --smoke

Every statement is parsed and embedded for real (e5-small, and MiniLM for English), so a
100,000-line import takes about an hour on two cores: the script imports smaller files into
fresh stores, measures wall time and the importing process's peak RSS (VmHWM), and extrapolates
to `--target` from the difference between two sizes (the fixed part, loading the models, falls
out): time(target) = time(small) + (target - small) / marginal rate. It says so in its JSON.
Writes bench/results/import_rate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Report, add_no_wait_option, synthetic_ndjson, wait_for_quiet


def embedder_env(embedder: str | None, english: str | None) -> dict[str, str]:
    """The embedder settings a run is measured with (unset: the defaults)."""
    env = {}
    if embedder:
        env["FACTDESK_EMBEDDER"] = embedder
    if english:
        env["FACTDESK_ENGLISH_EMBEDDER"] = english
    return env


def child(ndjson: str) -> None:
    """Run in the measured process: the CLI import, then report this process's peak RSS."""
    from factdesk.cli import main

    code = main(["import", ndjson])
    peak = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
    print(json.dumps({"exit": code, "peak_rss_mb": round(peak / 1024, 1)}))


def one(n: int, env_db: Path, embedders: dict[str, str] | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "statements.ndjson"
        path.write_text(synthetic_ndjson(n, start=500_000), "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
        env["FACTDESK_DATABASE_URL"] = f"sqlite:///{env_db}"
        env["FACTDESK_SEED_FIXTURES"] = "false"
        env.update(embedders or {})
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - started
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["exit"] != 0:
        raise RuntimeError(out.stderr[-2000:])
    result.update(
        {"statements": n, "wall_s": round(wall, 2), "statements_per_s": round(n / wall, 1)}
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,1500")
    parser.add_argument("--target", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--embedder", help="FACTDESK_EMBEDDER of the import (default: e5-small)")
    parser.add_argument("--english", help="FACTDESK_ENGLISH_EMBEDDER (default: minilm-l6)")
    add_no_wait_option(parser)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.smoke:
        args.sizes, args.repeat = "10,30", 1
    small, large = (int(s) for s in args.sizes.split(","))
    if not args.smoke and not args.no_wait:
        wait_for_quiet()
    report = Report("import_rate", args.smoke)
    embedders = embedder_env(args.embedder, args.english)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            a = one(small, Path(tmp) / f"a{r}.db", embedders)
            b = one(large, Path(tmp) / f"b{r}.db", embedders)
            marginal = (large - small) / max(b["wall_s"] - a["wall_s"], 1e-9)
            kb_per_statement = max(0.0, (b["peak_rss_mb"] - a["peak_rss_mb"]) * 1024) / (
                large - small
            )
            runs.append(
                {
                    "small": a,
                    "large": b,
                    "marginal_statements_per_s": round(marginal, 1),
                    "extrapolated_target_s": round(a["wall_s"] + (args.target - small) / marginal),
                    "extrapolated_target_peak_rss_mb": round(
                        a["peak_rss_mb"] + kb_per_statement * (args.target - small) / 1024, 1
                    ),
                }
            )
    report.results = {
        "target": args.target,
        "measured_sizes": [small, large],
        "extrapolated": True,
        "note": "every statement embedded for real; the target size is extrapolated linearly "
        "from the two measured sizes",
        "embedders": embedders,
        "runs": runs,
    }
    report.write(args.json_out)


if __name__ == "__main__":
    main()
