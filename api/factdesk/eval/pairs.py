"""Pair-level stance evaluation: a judge against a majority-class and a cosine-threshold baseline.

Run on CLIMATE-FEVER with `python -m factdesk.eval.pairs path/to/climate-fever-dev.jsonl`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import ParsedText
from factdesk.engine.stance import Stance, StanceJudge
from factdesk.eval.metrics import classification_report

LABELS: Final = (Stance.SUPPORTS.value, Stance.REFUTES.value, Stance.NEUTRAL.value)
# CLIMATE-FEVER evidence labels and FEVER-style spellings, onto the judge's stances.
_GOLD_LABELS: Final = {
    "supports": Stance.SUPPORTS.value,
    "refutes": Stance.REFUTES.value,
    "not_enough_info": Stance.NEUTRAL.value,
    "nei": Stance.NEUTRAL.value,
    "neutral": Stance.NEUTRAL.value,
}
_BATCH: Final = 64

Embedder = Callable[[list[str], bool], npt.NDArray[np.floating]]


def gold_label(label: str) -> str:
    """Map a dataset label (SUPPORTS, REFUTES, NOT_ENOUGH_INFO …) onto a stance value."""
    return _GOLD_LABELS[label.strip().casefold()]


def _embed(texts: list[str], embedder: Embedder, is_query: bool) -> npt.NDArray[np.float32]:
    chunks = [
        np.asarray(embedder(texts[i : i + _BATCH], is_query), dtype=np.float32)
        for i in range(0, len(texts), _BATCH)
    ]
    vectors = np.vstack(chunks) if chunks else np.zeros((0, 1), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def evaluate_pairs(
    pairs: Iterable[tuple[str, str, str]],
    judge: StanceJudge,
    embedder: Callable[[list[str], bool], npt.NDArray[np.floating]],
) -> dict[str, object]:
    """Score `judge` on (claim, evidence, gold label) pairs, beside two baselines.

    `embedder(texts, is_query)` returns one row per text (the e5 "query:" prefix for claims,
    "passage:" for evidence). Returns a report per system under "judge", "majority" and
    "similarity_threshold" (cosine >= t -> supports, else neutral, with t the best on these
    pairs, so that baseline is optimistic). Each report has accuracy, macro_f1, per-class
    precision/recall/f1, labels and a confusion matrix (rows gold, columns predicted).
    """
    rows = [(claim, evidence, gold_label(label)) for claim, evidence, label in pairs]
    claims = sorted({claim for claim, _, _ in rows})
    evidences = sorted({evidence for _, evidence, _ in rows})
    claim_vectors = _embed(claims, embedder, True)
    evidence_vectors = _embed(evidences, embedder, False)
    claim_index = {text: i for i, text in enumerate(claims)}
    evidence_index = {text: i for i, text in enumerate(evidences)}
    parsed: dict[str, ParsedText] = {text: parse(text) for text in [*claims, *evidences]}

    gold: list[str] = []
    predicted: list[str] = []
    similarities: list[float] = []
    for claim, evidence, label in rows:
        similarity = float(
            claim_vectors[claim_index[claim]] @ evidence_vectors[evidence_index[evidence]]
        )
        result = judge.judge(parsed[claim], parsed[evidence], similarity)
        gold.append(label)
        predicted.append(result.stance.value)
        similarities.append(similarity)

    report: dict[str, object] = {"pairs": len(rows)}
    report["judge"] = {"name": judge.name, **classification_report(gold, predicted, LABELS)}
    majority = Counter(gold).most_common(1)[0][0] if gold else Stance.NEUTRAL.value
    report["majority"] = {
        "label": majority,
        **classification_report(gold, [majority] * len(gold), LABELS),
    }
    report["similarity_threshold"] = _best_threshold(gold, similarities)
    return report


def _best_threshold(gold: list[str], similarities: list[float]) -> dict[str, object]:
    """The cosine cut-off with the best macro-F1 on these very pairs (an upper bound)."""
    if not gold:
        return {"threshold": None, **classification_report(gold, [], LABELS)}
    candidates = np.unique(np.quantile(np.asarray(similarities), np.linspace(0, 1, 401)))
    best: tuple[float, float, dict[str, object]] | None = None
    for threshold in candidates:
        guess = [
            Stance.SUPPORTS.value if s >= threshold else Stance.NEUTRAL.value for s in similarities
        ]
        metrics = classification_report(gold, guess, LABELS)
        score = float(metrics["macro_f1"])  # type: ignore[arg-type]
        if best is None or score > best[0]:
            best = (score, float(threshold), metrics)
    assert best is not None
    return {"threshold": round(best[1], 4), **best[2]}


def climate_fever_pairs(path: Path) -> Iterator[tuple[str, str, str]]:
    """(claim, evidence sentence, evidence label) from a CLIMATE-FEVER jsonl file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                for evidence in record["evidences"]:
                    yield record["claim"], evidence["evidence"], evidence["evidence_label"]


def main(argv: list[str]) -> int:
    """Print the pair-level report for a CLIMATE-FEVER file as JSON."""
    if len(argv) != 1:
        print("usage: python -m factdesk.eval.pairs CLIMATE-FEVER.jsonl", file=sys.stderr)
        return 2
    from factdesk.embed import create_embedder
    from factdesk.engine.stance.rules import RuleStanceJudge

    embedder = create_embedder("e5-small")

    def embed(texts: list[str], is_query: bool) -> npt.NDArray[np.float32]:
        if is_query:
            return embedder.embed_queries(texts)
        return embedder.embed_passages(texts)

    report = evaluate_pairs(climate_fever_pairs(Path(argv[0])), RuleStanceJudge(), embed)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
