"""What one retrieval asks of the store, call by call, on a SQLite bench store and on its
PostgreSQL copy: where the PostgreSQL store is slower than the embedded one, and why.

    python bench/store_ops.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--sizes 100000,1000000] [--queries 200] --postgres URL|auto [--pg-dir DIR]
    python bench/store_ops.py --smoke

In this process, for each claim (real e5 query vectors, as bench/scaling.py embeds them), the
store calls a verify or search makes besides the embedding: `generation` and `cache_scope`
(every request), `lexical_search` (BM25, the retriever's 50), on PostgreSQL `vector_search`
(pgvector's HNSW at the server's ef_search; SQLite answers dense search from memory instead),
`get_analysis` of the candidate pool, and `vector_similarity` of the pool's English vectors
where the store serves it. Each call's time p50/p95/p99, one call at a time. The PostgreSQL
copies are those of `common.postgres_store_of` (made once). Writes
bench/results/store_ops.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DEFAULT_DATA_DIR,
    Report,
    add_no_wait_option,
    add_postgres_options,
    build_base,
    claims,
    postgres_admin,
    postgres_server_info,
    postgres_store_of,
    store_of,
    summary,
    wait_for_quiet,
)
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.index import DEFAULT_EF_SEARCH
from factdesk.store.base import StatementFilter, StatementStore
from factdesk.store.sqlite import SqliteStore
from scaling import query_vectors


def timed(into: list[float], fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    into.append((time.perf_counter() - started) * 1000)
    return out


def calls(store: StatementStore, texts: list[str], vectors: Any) -> dict[str, Any]:
    times: dict[str, list[float]] = {}
    pool_sizes = []
    every = StatementFilter()
    for text, vector in zip(texts, vectors, strict=True):
        tokens = lexical_tokens(text, detect_language(text))
        timed(times.setdefault("generation", []), store.generation)
        timed(times.setdefault("cache_scope", []), store.cache_scope)
        lexical = timed(
            times.setdefault("lexical_search", []), store.lexical_search, tokens, every, 50
        )
        pool = [sid for sid, _ in lexical]
        if store.serves_vector_search:
            dense = timed(
                times.setdefault("vector_search", []),
                store.vector_search, vector, 50, every, ef_search=DEFAULT_EF_SEARCH,
            )  # fmt: skip
            seen = set(pool)
            pool += [sid for sid, _ in dense if sid not in seen]
        pool_sizes.append(len(pool))
        timed(times.setdefault("get_analysis", []), store.get_analysis, pool)
        if store.serves_vector_similarity:
            timed(
                times.setdefault("vector_similarity_english", []),
                store.vector_similarity, pool, vector, english=True,
            )  # fmt: skip
    out: dict[str, Any] = {f"{name}_ms": summary(ms) for name, ms in times.items()}
    out["pool"] = summary([float(n) for n in pool_sizes])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    add_postgres_options(parser, default="auto")
    add_no_wait_option(parser)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.queries, args.clef = "300", 10, None
    sizes = [int(s) for s in args.sizes.split(",")]
    base = build_base(args.data_dir, args.clef)
    stores = {size: store_of(size, args.data_dir, base) for size in sizes}
    texts = claims(args.clef, args.queries)
    vectors = query_vectors(texts, args.data_dir)
    admin, pg_server = postgres_admin(args.postgres, args.pg_dir)
    try:
        copies = {size: postgres_store_of(db, admin) for size, db in stores.items()}
        if not args.smoke and not args.no_wait:
            wait_for_quiet()
        report = Report("store_ops", args.smoke)
        results: dict[str, Any] = {}
        for size in sizes:
            from factdesk.store.postgres import PostgresStore

            entry: dict[str, Any] = {}
            for name, store in (
                ("sqlite", SqliteStore(stores[size])),
                ("postgres", PostgresStore(copies[size].url)),
            ):
                calls(store, texts[:5], vectors[:5])  # warm: connections, caches, pages
                entry[name] = calls(store, texts, vectors)
                store.close()
            results[str(size)] = entry
        report.results = {
            "queries": args.queries,
            "ef_search": DEFAULT_EF_SEARCH,
            "postgres_server": postgres_server_info(admin),
            "by_size": results,
        }
        report.write(args.json_out)
    finally:
        if pg_server is not None:
            pg_server.stop()


if __name__ == "__main__":
    main()
