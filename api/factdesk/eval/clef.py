"""CLEF-2020 CheckThat! Task 2: rank verified claims for each tweet (MAP@5 is official)."""

from __future__ import annotations

import time
from pathlib import Path

from factdesk.eval.data import clef_queries, clef_statements, loaded_verifier
from factdesk.eval.metrics import ranking_metrics
from factdesk.models import StatementKind


def main(data: Path, split: str, db: Path | str | None) -> tuple[dict[str, object], int]:
    queries = clef_queries(data, split)
    with loaded_verifier(clef_statements(data), db, "clef") as verifier:
        ranks: list[int | None] = []
        latencies = []
        for _tid, tweet, gold in queries:
            t0 = time.perf_counter()
            hits, _ = verifier.search(tweet, top_k=100, kind=StatementKind.FACT_CHECK)
            latencies.append((time.perf_counter() - t0) * 1000)
            ids = [h.statement.id for h in hits]
            ranks.append(ids.index(gold) + 1 if gold in ids else None)
    metrics = ranking_metrics(ranks)
    latencies.sort()
    report: dict[str, object] = {
        "split": split,
        **metrics,
        "search_ms_p50": round(latencies[len(latencies) // 2], 2),
        "search_ms_p95": round(latencies[int(len(latencies) * 0.95)], 2),
        "reranker": verifier.reranker.source,
    }
    print(f"CLEF-2020 task 2, {split} split, {metrics['queries']} tweets")
    for key in ("map@1", "map@5", "mrr", "recall@5", "recall@20"):
        print(f"  {key:10s} {metrics[key]:.4f}")
    print(
        f"  search p50 {report['search_ms_p50']} ms, p95 {report['search_ms_p95']} ms "
        "(in-process, warm)"
    )
    return report, 0
