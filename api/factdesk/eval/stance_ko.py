"""Korean stance on NLI pairs: KLUE-NLI dev and KorNLI's XNLI dev.

The hypothesis is the claim and the premise the evidence; entailment counts as supports,
contradiction as refutes and neutral as neutral. The judge is scored beside the majority class
and an optimistic cosine threshold (`factdesk.eval.pairs`).

    factdesk eval stance-ko --data ../shared/data/korean-nli
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from factdesk.eval.pairs import evaluate_pairs

# NLI labels onto the dataset labels `evaluate_pairs` maps onto stances.
_NLI_LABELS: Final = {
    "entailment": "supports",
    "contradiction": "refutes",
    "neutral": "neutral",
}


def klue_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(claim, evidence, label) from KLUE-NLI's JSON list."""
    rows = json.loads(path.read_text("utf-8"))
    return [
        (row["hypothesis"], row["premise"], _NLI_LABELS[row["gold_label"]])
        for row in rows
        if row.get("gold_label") in _NLI_LABELS
    ]


def xnli_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(claim, evidence, label) from KorNLI's tab-separated XNLI file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row["sentence2"], row["sentence1"], _NLI_LABELS[row["gold_label"]])
            for row in reader
            if row.get("gold_label") in _NLI_LABELS
        ]


def main(data: Path, limit: int | None = None) -> tuple[dict[str, object], int]:
    from factdesk.embed import create_embedder
    from factdesk.engine.stance.rules import RuleStanceJudge

    embedder = create_embedder("e5-small")

    def embed(texts: list[str], is_query: bool) -> npt.NDArray[np.float32]:
        if is_query:
            return embedder.embed_queries(texts)
        return embedder.embed_passages(texts)

    sets = {
        "klue-nli-dev": klue_pairs(next(data.glob("klue-nli*dev*.json"))),
        "xnli-ko-dev": xnli_pairs(next(data.glob("xnli.dev.ko.tsv"))),
    }
    report: dict[str, object] = {}
    judge = RuleStanceJudge()
    for name, pairs in sets.items():
        chosen = pairs[:limit] if limit is not None else pairs
        result = evaluate_pairs(chosen, judge, embed)
        report[name] = result
        print(f"{name}: {result['pairs']} pairs")
        for system in ("judge", "similarity_threshold", "majority"):
            scores = result[system]
            assert isinstance(scores, dict)
            per_class = scores["per_class"]
            f1s = "  ".join(f"{label} F1 {per_class[label]['f1']:.3f}" for label in per_class)
            print(
                f"  {system:21s} macro-F1 {scores['macro_f1']:.4f}  "
                f"accuracy {scores['accuracy']:.4f}  {f1s}"
            )
    return report, 0
