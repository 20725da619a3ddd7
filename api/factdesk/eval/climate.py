"""CLIMATE-FEVER: pair-level stance and claim-level verdicts, against simple baselines.

With a learned stance judge (`FACTDESK_STANCE_JUDGE=learned|hybrid`) the rule judge is scored
beside it on the same store, and every number is also given on the held-out half of the claims
(`stance_pairs.split_of`), the half the shipped weights were not fitted on: only that half's
numbers say how the learned judge generalises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from factdesk.embed.combined import Combined
from factdesk.engine.results import Verdict
from factdesk.engine.service import Verifier, VerifyOptions
from factdesk.engine.stance.base import StanceJudge
from factdesk.engine.stance.learned import LearnedStanceJudge
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.eval.data import climate_claims, loaded_verifier
from factdesk.eval.metrics import classification_report, format_confusion
from factdesk.eval.pairs import evaluate_pairs
from factdesk.eval.stance_pairs import (
    HELD_OUT,
    LABELS,
    CachedEmbedder,
    PairTable,
    climate_pairs,
    split_of,
)
from factdesk.models import Source, StatementIn

CLAIM_LABELS = {
    "SUPPORTS": Verdict.SUPPORTED.value,
    "REFUTES": Verdict.REFUTED.value,
    "DISPUTED": Verdict.CONFLICTING.value,
    "NOT_ENOUGH_INFO": Verdict.NOT_ENOUGH_EVIDENCE.value,
}


def _statements(claims: list[dict[str, Any]]) -> list[StatementIn]:
    out: dict[str, StatementIn] = {}
    for claim in claims:
        for ev in claim["evidences"]:
            sid = "cf-" + "".join(
                ch if ch.isascii() and ch.isalnum() else "-" for ch in str(ev["evidence_id"])
            )
            out[sid] = StatementIn(
                id=sid[:200],
                text=str(ev["evidence"])[:2000],
                language="en",
                source=Source(title=str(ev["article"]) or "Wikipedia", publisher="Wikipedia"),
            )
    return list(out.values())


def _print_pairs(name: str, report: dict[str, object]) -> None:
    print(
        f"  {name:22s} accuracy {report['accuracy']:.4f}  macro-F1 {report['macro_f1']:.4f}  "
        + "  ".join(
            f"{label} F1 {scores['f1']:.3f}"
            for label, scores in cast(dict[str, dict[str, float]], report["per_class"]).items()
        )
    )


def _learned_pairs(
    path: Path, verifier: Verifier, judges: dict[str, StanceJudge]
) -> dict[str, Any]:
    """Pair-level scores of each judge, on all pairs and on the held-out claims' pairs, with the
    pairs' e5 vectors (the evidence's read back from the store)."""
    embed = CachedEmbedder("e5-small")
    if verifier.embedder.name == embed.embedder.name:
        embed.from_store(verifier.store)
    table = PairTable(climate_pairs(path), embed, RuleStanceJudge())
    out: dict[str, Any] = {}
    for split in (None, HELD_OUT):
        rows = table.rows(split=split)
        gold = table.labels(rows)
        title = "held-out claims" if split else "all claims"
        print(f"CLIMATE-FEVER pair-level stance, {title} ({len(rows)} pairs)")
        for name, judge in judges.items():
            report = classification_report(gold, table.predict(judge, rows), LABELS)
            out[f"{split or 'all'}/{name}"] = report
            _print_pairs(name, report)
            print(format_confusion(report))
    return out


def _claim_levels(
    verifier: Verifier, claims: list[dict[str, Any]], judges: dict[str, StanceJudge]
) -> dict[str, Any]:
    labels = [v.value for v in Verdict]
    out: dict[str, Any] = {}
    held = [split_of(f"climate-fever:{c['claim_id']}") == HELD_OUT for c in claims]
    gold = [CLAIM_LABELS[str(c["claim_label"])] for c in claims]
    configured = verifier.stance_judge
    for name, judge in judges.items():
        verifier.stance_judge = judge
        options = VerifyOptions(top_k=5)
        results = [verifier.verify(str(c["claim"]), options) for c in claims]
        pred = [r.verdict.value for r in results]
        # The judge's own step (the claim vectors are cached after the first judge's pass, so
        # only this step compares fairly between judges).
        stance_ms = sorted(r.timings_ms["stance"] for r in results)
        out[f"stance_ms/{name}"] = {
            "mean": round(float(np.mean(stance_ms)), 2),
            "p50": stance_ms[len(stance_ms) // 2],
            "p95": stance_ms[int(0.95 * (len(stance_ms) - 1))],
        }
        print(f"\n{name}: stance step per claim (ms) {out[f'stance_ms/{name}']}")
        for split, keep in (("all", [True] * len(claims)), (HELD_OUT, held)):
            g = [x for x, k in zip(gold, keep, strict=True) if k]
            p = [x for x, k in zip(pred, keep, strict=True) if k]
            report = classification_report(g, p, labels)
            out[f"{split}/{name}"] = report
            print(f"\nCLIMATE-FEVER claim-level verdicts, {split} ({len(g)} claims), {name}")
            print(
                f"  engine                 accuracy {report['accuracy']:.4f}  "
                f"macro-F1 {report['macro_f1']:.4f}"
            )
            print(format_confusion(report))
    verifier.stance_judge = configured
    majority = max(set(gold), key=gold.count)
    out["all/majority"] = classification_report(gold, [majority] * len(gold), labels)
    print(f"  majority ({majority}) macro-F1 {out['all/majority']['macro_f1']:.4f}")
    return out


def main(path: Path, db: Path | str | None) -> tuple[dict[str, object], int]:
    claims = climate_claims(path)
    with loaded_verifier(_statements(claims), db, "climate-fever") as verifier:
        if isinstance(verifier.stance_judge, LearnedStanceJudge):
            judges: dict[str, StanceJudge] = {
                "rules": verifier.stance_judge.rules,
                verifier.stance_judge.mode: verifier.stance_judge,
            }
            pair_report = _learned_pairs(path, verifier, judges)
            claim_report = _claim_levels(verifier, claims, judges)
            return {"pairs": pair_report, "claims": claim_report}, 0
        return _rules_only(claims, verifier)


def _rules_only(claims: list[dict[str, Any]], verifier: Verifier) -> tuple[dict[str, object], int]:
    pairs = [
        (str(c["claim"]), str(ev["evidence"]), str(ev["evidence_label"]))
        for c in claims
        for ev in c["evidences"]
    ]
    embedder = verifier.embedder

    def embed(texts: list[str], is_query: bool) -> npt.NDArray[np.float32]:
        vectors = embedder.embed_queries(texts) if is_query else embedder.embed_passages(texts)
        if isinstance(embedder, Combined):  # the judge's thresholds are e5 cosines
            return vectors[:, embedder.slices[0]]
        return vectors

    pair_report = evaluate_pairs(pairs, verifier.stance_judge, embed)
    print(f"CLIMATE-FEVER pair-level stance ({len(pairs)} pairs)")
    for name in ("judge", "majority", "similarity_threshold"):
        _print_pairs(name, cast(dict[str, object], pair_report[name]))
    print(format_confusion(cast(dict[str, object], pair_report["judge"])))
    claim_report = _claim_levels(verifier, claims, {"rules": verifier.stance_judge})
    return {"pairs": pair_report, "claims": claim_report}, 0
