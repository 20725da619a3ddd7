"""Recall and speed of the HNSW index against exact search on N synthetic vectors, in process.

    python bench/ann_recall.py --clef ../shared/data/clef2020-checkthat-task2 \
        [--n 1000000] [--kind mixed|satellite] [--ef 256,1024]
    python bench/ann_recall.py --smoke

The vectors are built from the real e5 vectors of the base store (bench/common.py): `mixed`
is a random convex mix of two real vectors plus noise, spread between them, as the scaling
stores hold; `satellite` is what they held first (each synthetic vector a noisy copy of one
real vector, so every real vector has N/10k near-copies around it: tight clusters of near
duplicates, the hardest case for a graph index). Queries are the real e5 embeddings of the
benchmark claims. Writes bench/results/ann_recall_<kind>.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_DATA_DIR, Report, build_base, claims, summary, wait_for_quiet
from factdesk.engine.index import VectorFilter
from factdesk.engine.index.hnsw import HnswIndex
from factdesk.store.base import VectorDelta
from factdesk.store.sqlite import SqliteStore
from scaling import query_vectors


def vectors(
    base: npt.NDArray[np.float32], n: int, kind: str, seed: int = 0
) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    dim = base.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    out[: len(base)] = base[:n]
    for start in range(len(base), n, 100_000):
        stop = min(n, start + 100_000)
        m = stop - start
        first = base[np.arange(start, stop) * 7919 % len(base)]
        noise = rng.standard_normal((m, dim), dtype=np.float32) / np.float32(np.sqrt(dim))
        if kind == "satellite":
            block = first + 0.45 * noise
        else:
            weight = rng.uniform(0.3, 0.7, (m, 1)).astype(np.float32)
            second = base[rng.integers(0, len(base), m)]
            block = weight * first + (1 - weight) * second + 0.25 * noise
        out[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--kind", choices=["mixed", "satellite"], default="mixed")
    parser.add_argument("--ef", default="256,1024")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.n, args.queries, args.clef, args.ef = 2_000, 10, None, "64"
    threadpool_limits(1, user_api="blas")
    store = SqliteStore(build_base(args.data_dir, args.clef))
    base = store.vectors_since(0).vectors
    store.close()
    queries = query_vectors(claims(args.clef, args.queries), args.data_dir)
    if not args.smoke:
        wait_for_quiet()
    report = Report(f"ann_recall_{args.kind}", args.smoke)
    matrix = vectors(base, args.n, args.kind)
    started = time.perf_counter()
    scores = queries @ matrix.T
    truth = np.argsort(-scores, axis=1)[:, :50]
    exact_ms = (time.perf_counter() - started) / len(queries) * 1000
    del scores
    ids = [f"v{i}" for i in range(args.n)]
    index = HnswIndex(matrix.shape[1])
    started = time.perf_counter()
    for start in range(0, args.n, 50_000):
        stop = min(args.n, start + 50_000)
        index.apply(
            VectorDelta(
                generation=1,
                ids=ids[start:stop],
                vectors=matrix[start:stop],
                kinds=["fact"] * (stop - start),
                languages=["en"] * (stop - start),
                published=[0] * (stop - start),
                deleted=[],
            )
        )
    build_s = time.perf_counter() - started
    results: dict[str, Any] = {
        "n": args.n,
        "kind": args.kind,
        "queries": len(queries),
        "exact_float32_ms_per_query": round(exact_ms, 2),
        "hnsw_build_s": round(build_s, 1),
        "hnsw_index_mb": round(index._index.memory_usage / 2**20, 1),
        "by_ef": {},
    }
    for ef in (int(e) for e in args.ef.split(",")):
        index.ef_search = ef
        index._index.expansion_search = ef  # type: ignore[misc]
        times, hits10, hits50 = [], 0, 0
        for q, true in zip(queries, truth, strict=True):
            started = time.perf_counter()
            found = [int(sid[1:]) for sid, _ in index.search(q, 50, VectorFilter())]
            times.append((time.perf_counter() - started) * 1000)
            hits10 += len(set(found[:10]) & set(true[:10].tolist()))
            hits50 += len(set(found) & set(true.tolist()))
        results["by_ef"][str(ef)] = {
            "search_k50_ms": summary(times),
            "recall_at_10": round(hits10 / (10 * len(queries)), 4),
            "recall_at_50": round(hits50 / (50 * len(queries)), 4),
        }
        print(ef, results["by_ef"][str(ef)], file=sys.stderr, flush=True)
    report.results = results
    report.write(args.json_out)


if __name__ == "__main__":
    main()
