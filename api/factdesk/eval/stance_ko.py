"""Korean stance on NLI pairs: KLUE-NLI dev and KorNLI's XNLI dev.

The hypothesis is the claim and the premise the evidence; entailment counts as supports,
contradiction as refutes and neutral as neutral. The judge is scored beside the majority class
and an optimistic cosine threshold (`factdesk.eval.pairs`).

With a learned judge (`FACTDESK_STANCE_JUDGE=learned|hybrid`) the rule judge and it are scored
on each set and on its held-out half (`stance_pairs.split_of`, by premise), the half the shipped
weights were not fitted on.

    factdesk eval stance-ko --data ../shared/data/korean-nli [--cache vectors.npz]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from factdesk.engine.stance.base import StanceJudge
from factdesk.engine.stance.learned import LearnedStanceJudge
from factdesk.eval.metrics import classification_report
from factdesk.eval.pairs import evaluate_pairs
from factdesk.eval.stance_pairs import (
    HELD_OUT,
    LABELS,
    CachedEmbedder,
    PairTable,
    klue_pairs,
    load_pairs,
    xnli_pairs,
)


def _learned(
    data: Path, limit: int | None, cache: Path | None, judge: LearnedStanceJudge
) -> tuple[dict[str, object], int]:
    embed = CachedEmbedder("e5-small", cache)
    judges: dict[str, StanceJudge] = {"rules": judge.rules, judge.mode: judge}
    report: dict[str, object] = {}
    for name in ("klue-nli", "xnli-ko"):
        pairs = [p for p in load_pairs(None, data) if p.dataset == name][:limit]
        table = PairTable(pairs, embed, judge.rules)
        embed.save()
        for split in (None, HELD_OUT):
            rows = table.rows(split=split)
            gold = table.labels(rows)
            print(f"{name} dev, {'held-out half' if split else 'all'}: {len(rows)} pairs")
            for system, each in judges.items():
                scores = classification_report(gold, table.predict(each, rows), LABELS)
                report[f"{name}/{split or 'all'}/{system}"] = scores
                per_class = scores["per_class"]
                assert isinstance(per_class, dict)
                f1s = "  ".join(f"{k} F1 {v['f1']:.3f}" for k, v in per_class.items())
                print(
                    f"  {system:21s} macro-F1 {scores['macro_f1']:.4f}  "
                    f"accuracy {scores['accuracy']:.4f}  {f1s}"
                )
    return report, 0


def main(
    data: Path, limit: int | None = None, cache: Path | None = None
) -> tuple[dict[str, object], int]:
    from factdesk.config import Settings
    from factdesk.embed import create_embedder
    from factdesk.engine.stance.learned import create_judge
    from factdesk.engine.stance.rules import RuleStanceJudge

    configured = create_judge(Settings().stance_judge)
    if isinstance(configured, LearnedStanceJudge):
        return _learned(data, limit, cache, configured)

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
