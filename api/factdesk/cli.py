"""The `factdesk` command: serve, import, reindex, export, migrate, copy, openapi, verify,
keys, vectors, eval."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from factdesk.config import Settings, is_postgres_url, is_sqlite_url, sqlite_url_path


def _progress(total: int) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A progress bar on a terminal, nothing otherwise."""
    done = 0
    tty = sys.stderr.isatty()

    def step(n: int) -> None:
        nonlocal done
        done += n
        if tty:
            width = 30
            filled = int(width * done / max(total, 1))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

    def finish() -> None:
        if tty:
            sys.stderr.write("\n")

    return step, finish


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    # The embedding engine parallelises with OpenMP; several workers each spinning up a thread
    # per core oversubscribe the CPU and OpenMP's busy-waiting makes every request slower.
    if args.workers > 1 and "OMP_NUM_THREADS" not in os.environ:
        os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // args.workers))

    from factdesk.logs import logging_config
    from factdesk.metrics import MULTIPROC_ENV, prepare_multiprocess_dir

    settings = Settings()
    with contextlib.ExitStack() as stack:
        chosen = os.environ.get(MULTIPROC_ENV)
        if args.workers > 1 or chosen is not None:
            # Workers count into files in one directory so that any of them can answer /metrics
            # with the sum; an operator-chosen directory is reused (and emptied of old counts).
            if chosen is None:
                chosen = stack.enter_context(
                    tempfile.TemporaryDirectory(prefix="factdesk-metrics-")
                )
            prepare_multiprocess_dir(Path(chosen))
        uvicorn.run(
            "factdesk.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=logging_config(settings.log_format, settings.log_level),
            access_log=False,  # RequestObserver writes the access log, with route and request id
            # The supervisor kills a worker that does not answer its ping in time. A worker
            # loading its models (Kiwi holds the GIL for seconds) on a busy machine needs longer
            # than uvicorn's 5 s, or it is killed and restarted forever.
            timeout_worker_healthcheck=_WORKER_PING_SECONDS,
        )
    return 0


_WORKER_PING_SECONDS = 60


def cmd_import(args: argparse.Namespace) -> int:
    from factdesk.ingest import MalformedInput, detect_format, import_records, records_from_text
    from factdesk.main import build_verifier

    settings = Settings()
    verifier = build_verifier(settings)
    exit_code = 0
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{name}: cannot read: {exc}", file=sys.stderr)
            exit_code = 2
            continue
        fmt = args.format or detect_format(path.name, text[:100])
        try:
            records = list(records_from_text(text, fmt))
        except MalformedInput as exc:
            print(f"{name}: {exc}; nothing stored", file=sys.stderr)
            exit_code = 2
            continue
        step, finish = _progress(len(records))
        outcome = import_records(verifier, records, progress=step)
        finish()
        print(
            f"{name}: {outcome.created} created, {outcome.updated} updated, "
            f"{len(outcome.rejected)} rejected (store generation {outcome.generation})"
        )
        for rejection in outcome.rejected[:50]:
            print(f"  line {rejection.line}: {rejection.reason}", file=sys.stderr)
        if outcome.rejected:
            exit_code = max(exit_code, 1)
    verifier.store.close()
    return exit_code


def cmd_reindex(args: argparse.Namespace) -> int:
    from factdesk.main import open_verifier
    from factdesk.reindex import reindex, work_path

    settings = Settings(seed_fixtures=False)
    verifier = open_verifier(settings)
    work = work_path(settings.database_url, args.work)
    shown = 0
    step, finish = _progress(0)

    def progress(done: int, total: int) -> None:
        nonlocal shown, step, finish
        if shown == 0 and total:
            step, finish = _progress(total)
        step(done - shown)
        shown = done

    try:
        result = reindex(verifier, work, batch=args.batch, progress=progress)
    finally:
        finish()
        verifier.close()
        verifier.store.close()
    print(
        f"re-embedded and re-parsed {result.written} statements "
        f"({result.resumed} staged by an earlier run; store generation {result.generation})"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from factdesk.main import open_store

    store = open_store(Settings())
    out = sys.stdout
    for statement in store.iter_all():
        out.write(json.dumps(statement.wire(), ensure_ascii=False) + "\n")
    store.close()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from factdesk.store import StoreError, create_store

    settings = Settings()
    try:
        if is_postgres_url(settings.database_url):
            from factdesk.store.postgres_setup import migrate

            applied = migrate(
                settings.database_url, connect_timeout=settings.database_timeout_seconds
            )
            for name in applied:
                print(f"applied {name}")
            print("schema up to date" if not applied else f"{len(applied)} migration(s) applied")
        else:
            create_store(settings.database_url).close()  # SQLite migrates in place on open
            print("schema up to date")
    except StoreError as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from factdesk.store import StoreError, create_store
    from factdesk.store.copy import copy_statements

    if is_sqlite_url(args.source) and not sqlite_url_path(args.source).is_file():
        print(f"copy: no such SQLite file: {sqlite_url_path(args.source)}", file=sys.stderr)
        return 1
    try:
        source = create_store(args.source)
        target = create_store(args.target)
    except (StoreError, ValueError) as exc:
        print(f"copy: {exc}", file=sys.stderr)
        return 1
    try:
        total = source.stats().total
        step, finish = _progress(total)
        copied = copy_statements(source, target, progress=step)
        finish()
        print(f"copied {copied} statements (target generation {target.generation()})")
    except StoreError as exc:
        print(f"copy: {exc}; the batches written so far are kept", file=sys.stderr)
        return 1
    finally:
        source.close()
        target.close()
    return 0


def openapi_document() -> dict[str, object]:
    from factdesk.main import create_app

    return create_app(Settings(seed_fixtures=False)).openapi()


def cmd_openapi(args: argparse.Namespace) -> int:
    text = json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 0


def format_verification(result: dict[str, object]) -> str:
    """A verdict and its evidence as plain text for a terminal."""
    lines = [
        f"Claim:      {result['claim']}",
        f"Verdict:    {str(result['verdict']).upper()}  (confidence {result['confidence']})",
        f"Summary:    {result['summary']}",
        "",
    ]
    evidence = result.get("evidence") or []
    assert isinstance(evidence, list)
    for n, item in enumerate(evidence, start=1):
        st = item["statement"]
        src = st["source"]
        cite = " · ".join(
            str(x)
            for x in (
                src.get("publisher"),
                src.get("title"),
                src.get("published_at"),
                src.get("url"),
            )
            if x
        )
        lines.append(
            f"[{n}] {item['stance']} ({item['stance_score']:.2f}), "
            f"relevance {item['relevance']:.2f}  — {st['id']}"
        )
        lines.append(f"    {st['text']}")
        if st.get("quote"):
            lines.append(f"    quote: {st['quote']}")
        lines.append(f"    source: {cite}")
        for reason in item["reasons"]:
            parts = [reason["type"]] + [
                f"{k}={reason[k]!r}" for k in ("claim", "evidence", "detail") if reason.get(k)
            ]
            lines.append("    why: " + ", ".join(parts))
    return "\n".join(lines)


def cmd_verify(args: argparse.Namespace) -> int:
    from factdesk.engine.service import VerifyOptions
    from factdesk.main import build_verifier

    verifier = build_verifier(Settings())
    result = verifier.verify(args.claim, VerifyOptions(language=args.language, top_k=args.top_k))
    data = result.model_dump(mode="json")
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_verification(data))
    verifier.store.close()
    return 0


def cmd_keys_add(args: argparse.Namespace) -> int:
    from factdesk.keys import KeyFileError, Role, add_key

    path = Path(args.file) if args.file else Settings().api_keys_file
    if path is None:
        print("no keys file: pass --file or set FACTDESK_API_KEYS_FILE", file=sys.stderr)
        return 2
    try:
        key = add_key(path, args.name, Role(args.role))
    except KeyFileError as exc:
        print(f"{exc}; no key added", file=sys.stderr)
        return 1
    print(key)
    print(
        f"added key {args.name!r} ({args.role}) to {path}. It is shown only this once: "
        "store it now. Restart the service to load it.",
        file=sys.stderr,
    )
    return 0


def cmd_vectors_write(args: argparse.Namespace) -> int:
    """Rewrite the vectors table shipped beside a seed file (default: the packaged seed of the
    tree this runs from): import the file into a scratch store to learn which passages a seed
    import embeds, then embed those with the configured models."""
    from factdesk.embed import create_embedder, create_english_embedder
    from factdesk.embed.precomputed import RecordingEmbedder, table_path, write_table
    from factdesk.engine.service import Verifier
    from factdesk.engine.stance.rules import RuleStanceJudge
    from factdesk.ingest import import_records, records_from_text
    from factdesk.seed import STATEMENTS
    from factdesk.store.sqlite import SqliteStore

    settings = Settings()
    seed = Path(args.file) if args.file else settings.seed_path or Path(str(STATEMENTS))
    main_embedder = create_embedder(settings.embedder)
    english = create_english_embedder(settings.english_embedder)
    recorders = [RecordingEmbedder(main_embedder)]
    if english:
        recorders.append(RecordingEmbedder(english))
    with tempfile.TemporaryDirectory() as scratch:
        verifier = Verifier(
            SqliteStore(Path(scratch) / "seed.db"),
            recorders[0],
            RuleStanceJudge(),
            english=recorders[1] if english else None,
        )
        import_records(verifier, records_from_text(seed.read_text("utf-8"), "ndjson"))
        verifier.store.close()
    real = [main_embedder] + ([english] if english else [])
    write_table(table_path(seed), {r.name: r.passages for r in recorders}, real)
    counts = ", ".join(f"{r.name} {len(r.passages)}" for r in recorders)
    print(f"wrote {table_path(seed)}: {counts}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from factdesk.eval import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "import",
        help="import statements (NDJSON, CSV with header, JSON array, ClaimReview JSON-LD)",
    )
    p.add_argument("files", nargs="+")
    p.add_argument(
        "--format",
        choices=["ndjson", "csv", "json", "claimreview"],
        help="default: from the file name (.jsonld is ClaimReview) and its first characters",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "reindex",
        help="re-embed and re-parse every stored statement (after an embedder or parser change)",
    )
    p.add_argument("--batch", type=int, default=256, help="statements staged per transaction")
    p.add_argument(
        "--work",
        type=Path,
        help="the resumable work file (default: beside a SQLite store, else in the current "
        "directory)",
    )
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("export", help="write every statement as NDJSON to stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "migrate", help="bring the store's schema up to date (PostgreSQL: apply the SQL files)"
    )
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "copy",
        help="copy every statement, with its analysis and vectors, from one store to another "
        "(say sqlite:///old.db to postgresql://...); nothing is re-embedded",
    )
    p.add_argument("source", help="database URL to read")
    p.add_argument("target", help="database URL to write (migrated first)")
    p.set_defaults(func=cmd_copy)

    p = sub.add_parser("openapi", help="print the OpenAPI document")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser("verify", help="verify one claim")
    p.add_argument("claim")
    p.add_argument("--language")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("keys", help="manage API keys")
    keys = p.add_subparsers(dest="keys_command", required=True)
    p = keys.add_parser(
        "add", help="make a key, print it once, and append its digest to the keys file"
    )
    p.add_argument("name", help="who uses the key (letters, digits, '.', '_', '-')")
    p.add_argument("--role", required=True, choices=["read", "write"])
    p.add_argument("--file", help="the keys file (default: FACTDESK_API_KEYS_FILE)")
    p.set_defaults(func=cmd_keys_add)

    p = sub.add_parser("vectors", help="the passage vectors shipped beside a seed file")
    vectors = p.add_subparsers(dest="vectors_command", required=True)
    p = vectors.add_parser(
        "write",
        help="embed a seed file's passages and write them beside it (<name>.vectors.npz), so "
        "that a new store's first start embeds nothing; run after changing the seed file",
    )
    p.add_argument("file", nargs="?", help="the seed file (default: FACTDESK_SEED_PATH)")
    p.set_defaults(func=cmd_vectors_write)

    from factdesk.eval import add_parsers

    p = sub.add_parser("eval", help="measure quality (golden set, CLEF, CLIMATE-FEVER)")
    p.set_defaults(func=cmd_eval)
    add_parsers(p.add_subparsers(dest="eval_command", required=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
