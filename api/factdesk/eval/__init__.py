"""Quality measurement: `factdesk eval golden|clef|climate-fever|crosslingual|stance-ko` and the
fitting scripts.

Each evaluation prints its metrics and a confusion matrix, and can write them as JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from factdesk.config import is_postgres_url

_DB_HELP = (
    "keep the loaded store in this SQLite file, or load it into this postgresql:// database "
    "(reused if it holds the statements already)"
)


def _db(value: str | None) -> Path | str | None:
    """A database URL as given, a file as a path."""
    if value is None or is_postgres_url(value):
        return value
    return Path(value)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("golden", help="golden claims with expected verdicts and evidence")
    p.add_argument("file", nargs="?", default="fixtures/claims.jsonl")
    p.add_argument("--statements", type=Path, help="the seed (default: the packaged one)")
    p.add_argument(
        "--no-gazetteer",
        action="store_true",
        help="parse without the shipped entity list, to measure what it adds",
    )
    p.add_argument("--json-out")
    p.set_defaults(eval_func="golden")

    p = sub.add_parser("clef", help="CLEF-2020 CheckThat! task 2 claim retrieval")
    p.add_argument("--data", required=True, help="the clef2020-checkthat-task2 folder")
    p.add_argument("--split", choices=["dev", "train"], default="dev")
    p.add_argument("--db", help=_DB_HELP)
    p.add_argument("--json-out")
    p.set_defaults(eval_func="clef")

    p = sub.add_parser("climate-fever", help="CLIMATE-FEVER stance and claim verdicts")
    p.add_argument("--data", required=True, help="climate-fever-dev.jsonl")
    p.add_argument("--db", help=_DB_HELP)
    p.add_argument("--json-out")
    p.set_defaults(eval_func="climate")

    p = sub.add_parser("crosslingual", help="Korean-English matching on a parallel corpus")
    p.add_argument("--data", required=True, help="the korean-english-news folder")
    p.add_argument("--db", help=_DB_HELP + "; the en->ko store sits beside it")
    p.add_argument("--limit", type=int, help="only the first N queries of each direction")
    p.add_argument("--json-out")
    p.set_defaults(eval_func="crosslingual")

    p = sub.add_parser("stance-ko", help="Korean stance on KLUE-NLI and XNLI-ko dev pairs")
    p.add_argument("--data", required=True, help="the korean-nli folder")
    p.add_argument("--limit", type=int, help="only the first N pairs of each set")
    p.add_argument("--cache", type=Path, help="keep the e5 vectors in this npz file")
    p.add_argument("--json-out")
    p.set_defaults(eval_func="stance_ko")


def run(args: argparse.Namespace) -> int:
    if args.eval_func == "golden":
        from factdesk.eval.golden import main as golden

        report, code = golden(Path(args.file), args.statements, gazetteer=not args.no_gazetteer)
    elif args.eval_func == "clef":
        from factdesk.eval.clef import main as clef

        report, code = clef(Path(args.data), args.split, _db(args.db))
    elif args.eval_func == "crosslingual":
        from factdesk.eval.crosslingual import main as crosslingual

        report, code = crosslingual(Path(args.data), _db(args.db), args.limit)
    elif args.eval_func == "stance_ko":
        from factdesk.eval.stance_ko import main as stance_ko

        report, code = stance_ko(Path(args.data), args.limit, args.cache)
    else:
        from factdesk.eval.climate import main as climate

        report, code = climate(Path(args.data), _db(args.db))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return code
