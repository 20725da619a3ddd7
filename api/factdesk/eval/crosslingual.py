"""Cross-language claim matching on a sentence-aligned parallel corpus.

One side of the corpus is loaded as statements, the other side is sent through
`Verifier.search` (the code behind `POST /v1/search`), and the aligned sentence must come first.
Both directions are measured, each over its own store: P@1 and MRR@10.

    factdesk eval crosslingual --data ../shared/data/korean-english-news
"""

from __future__ import annotations

import time
from pathlib import Path

from factdesk.eval.data import loaded_verifier
from factdesk.eval.metrics import ranking_metrics
from factdesk.models import Source, StatementIn

_TOP_K = 10


def parallel_sentences(data: Path, language: str) -> list[str]:
    """The lines of the corpus's `*.dev.<language>` file, one sentence each, in order."""
    path = next(data.glob(f"*.dev.{language}"))
    return [line.strip() for line in path.read_text("utf-8").splitlines()]


def parallel_statements(sentences: list[str], language: str) -> list[StatementIn]:
    return [
        StatementIn(
            id=f"par-{language}-{n:05d}",
            text=text,
            language=language,
            source=Source(title=f"parallel corpus line {n + 1}"),
        )
        for n, text in enumerate(sentences)
        if text
    ]


def direction(
    queries: list[str],
    statements: list[str],
    query_language: str,
    statement_language: str,
    db: Path | str | None,
    limit: int | None = None,
) -> dict[str, object]:
    """Load `statements`, search each of `queries`, and rank the aligned line."""
    label = f"parallel-{statement_language}"
    pairs = [(n, q) for n, q in enumerate(queries) if q and statements[n]]
    if limit is not None:
        pairs = pairs[:limit]
    with loaded_verifier(
        parallel_statements(statements, statement_language), db, label
    ) as verifier:
        ranks: list[int | None] = []
        latencies: list[float] = []
        for n, query in pairs:
            gold = f"par-{statement_language}-{n:05d}"
            t0 = time.perf_counter()
            hits, _ = verifier.search(query, top_k=_TOP_K)
            latencies.append((time.perf_counter() - t0) * 1000)
            ids = [h.statement.id for h in hits]
            ranks.append(ids.index(gold) + 1 if gold in ids else None)
    metrics = ranking_metrics(ranks)
    latencies.sort()
    return {
        "direction": f"{query_language}->{statement_language}",
        "queries": metrics["queries"],
        "p@1": metrics["map@1"],
        "mrr@10": metrics["mrr"],
        # At most `_TOP_K` hits come back, so every found rank is within 10.
        "recall@10": round(sum(r is not None for r in ranks) / len(ranks), 4) if ranks else 0.0,
        "search_ms_p50": round(latencies[len(latencies) // 2], 2) if latencies else None,
    }


def main(
    data: Path, db: Path | str | None, limit: int | None = None
) -> tuple[dict[str, object], int]:
    ko = parallel_sentences(data, "ko")
    en = parallel_sentences(data, "en")
    if len(ko) != len(en):
        print(f"the two sides differ in length ({len(ko)} ko, {len(en)} en): not aligned")
        return {"error": "sides differ in length"}, 1
    # Each direction gets its own store; a given --db names the first, the second sits beside it.
    second: Path | str | None = db
    if isinstance(db, Path):
        second = db.with_name(db.stem + "-ko" + db.suffix)
    elif isinstance(db, str):
        print("--db with a database URL holds one store; the ko side uses a temporary file")
        second = None
    report = {
        "ko->en": direction(ko, en, "ko", "en", db, limit),
        "en->ko": direction(en, ko, "en", "ko", second, limit),
    }
    print(f"cross-language search, {data.name}")
    for result in report.values():
        print(
            f"  {result['direction']}: P@1 {result['p@1']:.4f}  MRR@10 {result['mrr@10']:.4f}  "
            f"({result['queries']} queries, search p50 {result['search_ms_p50']} ms)"
        )
    return dict(report), 0
