"""How retrieval time and memory grow with the store: 10k, 100k and 1M statements.

    python bench/scaling.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--sizes 10000,100000,1000000] [--queries 200] [--requests 100] \
        [--postgres URL|auto [--pg-dir DIR]]
    python bench/scaling.py --smoke [--postgres auto]

For each size, in this process: the exact index (float32 brute force) and the HNSW index
(usearch, int8) built from the store's vectors, their build time and memory, the time of one
dense search (k=50, the retriever's pool, and k=10), and recall@10 / recall@50 of HNSW
against exact, with the queries embedded by the real e5 model. Then a real `factdesk serve` on
the store (default settings: `auto`, so exact up to 100k and HNSW above): time to ready, RSS,
and uncached /v1/search and /v1/verify latency. The stores' synthetic part is described in
bench/common.py. Writes bench/results/scaling.json and docs/scaling.png.

`--postgres` measures the PostgreSQL store instead: each SQLite store copied once into a
database of its own (`common.postgres_store_of`: copy and HNSW build times, database size), then
in this process pgvector's search (`PgVectorIndex`, the server's ef_search) against exact search
over the vectors read back from the database, and the server on that database (`auto`: pgvector
above the threshold). Writes bench/results/scaling-postgres.json, no plot.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

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
    server_total_ms,
    serving,
    store_of,
    summary,
    wait_for_quiet,
)
from factdesk.engine.index import NumpyIndex, PgVectorIndex, SyncedIndex, VectorFilter, VectorIndex
from factdesk.engine.index.hnsw import HnswIndex
from factdesk.store.sqlite import SqliteStore

PLOT = ROOT / "docs" / "scaling.png"


def query_vectors(texts: list[str], data_dir: Path) -> npt.NDArray[np.float32]:
    cache = data_dir / f"queries-{len(texts)}.npy"
    if cache.exists():
        loaded: npt.NDArray[np.float32] = np.load(cache)
        return loaded
    from factdesk.embed import create_embedder

    vectors = create_embedder("e5-small").embed_queries(texts)
    np.save(cache, vectors)
    return vectors


def load(index: VectorIndex, db: Path) -> float:
    store = SqliteStore(db)
    started = time.perf_counter()
    for delta in store.vector_batches_since(0):
        index.apply(delta)
    store.close()
    return time.perf_counter() - started


def search_times(
    index: VectorIndex, queries: npt.NDArray[np.float32], k: int, flt: VectorFilter
) -> tuple[dict[str, float], list[list[str]]]:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        hits = index.search(q, k, flt)
        times.append((time.perf_counter() - started) * 1000)
        found.append([sid for sid, _ in hits])
    return summary(times), found


def recall(truth: list[list[str]], found: list[list[str]], k: int) -> float:
    hit = sum(len(set(t[:k]) & set(f[:k])) for t, f in zip(truth, found, strict=True))
    return round(hit / sum(min(k, len(t)) for t in truth), 4)


FILTERS = {"none": VectorFilter(), "fact_check": VectorFilter(kind="fact_check")}


def exact_truth(
    exact: VectorIndex, queries: npt.NDArray[np.float32], out: dict[str, Any]
) -> dict[str, list[list[str]]]:
    """The exact top 50 of each query under each filter; its search times go into `out`."""
    truth: dict[str, list[list[str]]] = {}
    for name, flt in FILTERS.items():
        out[f"exact_search_k50_{name}_ms"], truth[name] = search_times(exact, queries, 50, flt)
    return truth


def against_exact(
    prefix: str,
    index: VectorIndex,
    queries: npt.NDArray[np.float32],
    truth: dict[str, list[list[str]]],
) -> dict[str, Any]:
    """An approximate index's search times and recall@10/@50 under each filter, and at k=10."""
    out: dict[str, Any] = {}
    for name, flt in FILTERS.items():
        out[f"{prefix}_search_k50_{name}_ms"], found = search_times(index, queries, 50, flt)
        out[f"{prefix}_recall_at_10_{name}"] = recall(truth[name], found, 10)
        out[f"{prefix}_recall_at_50_{name}"] = recall(truth[name], found, 50)
    out[f"{prefix}_search_k10_ms"], found10 = search_times(index, queries, 10, VectorFilter())
    out[f"{prefix}_recall_at_10_k10"] = recall(truth["none"], found10, 10)
    return out


def in_process(db: Path, queries: npt.NDArray[np.float32]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    dim = queries.shape[1]
    exact = NumpyIndex(dim)
    out["exact_load_s"] = round(load(exact, db), 2)
    out["exact_vector_mb"] = round(len(exact) * dim * 4 / 2**20, 1)
    truth = exact_truth(exact, queries, out)
    out["exact_search_k10_ms"], _ = search_times(exact, queries, 10, VectorFilter())
    del exact
    gc.collect()

    # Built as the server builds it, and saved beside the store (`<db>.hnsw`) as the server
    # saves it, so that the server started next loads it instead of building it again.
    saved = db.with_name(db.name + ".hnsw")
    shutil.rmtree(saved, ignore_errors=True)
    store = SqliteStore(db)
    synced = SyncedIndex(store, HnswIndex(dim), saved_dir=saved)
    started = time.perf_counter()
    synced.refresh()
    out["hnsw_build_and_save_s"] = round(time.perf_counter() - started, 2)
    store.close()
    hnsw = synced.index
    assert isinstance(hnsw, HnswIndex)
    if saved.is_dir():  # saved once the graph holds SAVE_AFTER_ROWS rows
        out["hnsw_saved_mb"] = round(sum(f.stat().st_size for f in saved.iterdir()) / 2**20, 1)
    out["hnsw_index_mb"] = round(hnsw._index.memory_usage / 2**20, 1)
    out.update(against_exact("hnsw", hnsw, queries, truth))
    del hnsw, synced
    gc.collect()
    return out


def in_postgres(url: str, queries: npt.NDArray[np.float32]) -> dict[str, Any]:
    """pgvector's HNSW search against exact search over the same (halfvec) vectors."""
    from factdesk.store.postgres import PostgresStore

    out: dict[str, Any] = {}
    dim = queries.shape[1]
    store = PostgresStore(url)
    try:
        exact = NumpyIndex(dim)
        started = time.perf_counter()
        for delta in store.vector_batches_since(0):
            exact.apply(delta)
        out["exact_load_s"] = round(time.perf_counter() - started, 2)
        truth = exact_truth(exact, queries, out)
        del exact
        gc.collect()
        pgvector = PgVectorIndex(store, dim)
        out["pgvector_ef_search"] = pgvector.ef_search
        out.update(against_exact("pgvector", pgvector, queries, truth))
    finally:
        store.close()
    return out


def served(db: Path | str, texts: list[str], requests: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with serving(db) as server:
        out["ready_s"] = round(server.ready_s, 2)
        out["after_start"] = server.rss_mb()
        with httpx.Client(base_url=server.url, timeout=300) as client:
            client.post("/v1/search", json={"query": "warm up", "use_cache": False})
            for route, key, chosen in (
                ("/v1/search", "query", texts[1 : 2 * requests : 2]),
                ("/v1/verify", "claim", texts[0 : 2 * requests : 2]),
            ):
                wall, own = [], []
                for text in chosen:
                    started = time.perf_counter()
                    resp = client.post(route, json={key: text, "use_cache": False})
                    wall.append((time.perf_counter() - started) * 1000)
                    resp.raise_for_status()
                    total = server_total_ms(resp)
                    if total is not None:
                        own.append(total)
                name = route.rsplit("/", 1)[1]
                out[f"{name}_client_ms"] = summary(wall)
                out[f"{name}_server_ms"] = summary(own)
        out["after_queries"] = server.rss_mb()
    return out


def plot(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(s) for s in results)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (
        ("exact_search_k50_none_ms", "dense search, exact (float32)"),
        ("hnsw_search_k50_none_ms", "dense search, HNSW (int8)"),
    ):
        left.plot(sizes, [results[str(s)]["index"][key]["p50"] for s in sizes], "o-", label=label)
    left.plot(
        sizes,
        [results[str(s)]["server"]["search_server_ms"]["p50"] for s in sizes],
        "s--",
        label="/v1/search p50 (server, auto index)",
    )
    left.set(xscale="log", yscale="log", xlabel="statements", ylabel="ms per query (p50)")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    right.plot(sizes, [results[str(s)]["server"]["after_queries"]["rss_mb"] for s in sizes], "o-")
    right.set(xscale="log", xlabel="statements", ylabel="server RSS after queries (MB)")
    right.grid(True, which="both", alpha=0.3)
    fig.suptitle("FactDesk retrieval and memory vs store size (2 cores)")
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    print(f"wrote {PLOT}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    add_postgres_options(parser)
    add_no_wait_option(parser)
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.queries, args.requests, args.clef = "300", 10, 4, None
    sizes = [int(s) for s in args.sizes.split(",")]
    base = build_base(args.data_dir, args.clef)
    stores = {size: store_of(size, args.data_dir, base) for size in sizes}
    texts = claims(args.clef, max(args.queries, 2 * args.requests))
    queries = query_vectors(texts[: args.queries], args.data_dir)
    if not args.smoke and not args.no_wait:
        wait_for_quiet()
    if args.postgres:
        postgres(args, stores, texts, queries)
        return
    report = Report("scaling", args.smoke)
    threadpool_limits(1, user_api="blas")  # as the server does (api/factdesk/main.py)
    results: dict[str, Any] = {}
    for size in sizes:
        entry: dict[str, Any] = {"index": in_process(stores[size], queries)}
        if not args.skip_server:
            entry["server"] = served(stores[size], texts, args.requests)
        results[str(size)] = entry
        print(f"{size}: done", file=sys.stderr)
    report.results = {"queries": args.queries, "requests": args.requests, "by_size": results}
    if not args.smoke and not args.skip_server:
        plot(results)
    report.write(args.json_out)


def postgres(
    args: argparse.Namespace,
    stores: dict[int, Path],
    texts: list[str],
    queries: npt.NDArray[np.float32],
) -> None:
    admin, pg_server = postgres_admin(args.postgres, args.pg_dir)
    try:
        info = postgres_server_info(admin)
        # The copies first (once per size, then reused): their times are results, not load.
        copies = {size: postgres_store_of(db, admin) for size, db in stores.items()}
        if not args.smoke and not args.no_wait:
            wait_for_quiet()
        report = Report("scaling-postgres", args.smoke)
        threadpool_limits(1, user_api="blas")
        results: dict[str, Any] = {}
        for size, copy in copies.items():
            entry: dict[str, Any] = {
                "postgres": {
                    "statements": copy.statements,
                    "copy_s": copy.copy_s,
                    "index_s": copy.index_s,
                    "reused": copy.reused,
                    "database_mb": copy.database_mb(),
                },
                "index": in_postgres(copy.url, queries),
            }
            if not args.skip_server:
                entry["server"] = served(copy.url, texts, args.requests)
            results[str(size)] = entry
            print(f"{size}: done", file=sys.stderr)
        report.results = {
            "queries": args.queries,
            "requests": args.requests,
            "store": "postgres",
            "postgres_server": info,
            "by_size": results,
        }
        report.write(args.json_out)
    finally:
        if pg_server is not None:
            pg_server.stop()


if __name__ == "__main__":
    main()
