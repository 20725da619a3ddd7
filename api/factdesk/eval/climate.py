"""CLIMATE-FEVER: pair-level stance and claim-level verdicts, against simple baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from factdesk.engine.results import Verdict
from factdesk.engine.service import VerifyOptions
from factdesk.eval.data import climate_claims, loaded_verifier
from factdesk.eval.metrics import classification_report, format_confusion
from factdesk.eval.pairs import evaluate_pairs
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


def main(path: Path, db: Path | str | None) -> tuple[dict[str, object], int]:
    claims = climate_claims(path)
    with loaded_verifier(_statements(claims), db, "climate-fever") as verifier:
        pairs = [
            (str(c["claim"]), str(ev["evidence"]), str(ev["evidence_label"]))
            for c in claims
            for ev in c["evidences"]
        ]

        def embed(texts: list[str], is_query: bool) -> npt.NDArray[np.float32]:
            if is_query:
                return verifier.embedder.embed_queries(texts)
            return verifier.embedder.embed_passages(texts)

        pair_report = evaluate_pairs(pairs, verifier.stance_judge, embed)
        gold, pred = [], []
        for claim in claims:
            result = verifier.verify(str(claim["claim"]), VerifyOptions(top_k=5))
            gold.append(CLAIM_LABELS[str(claim["claim_label"])])
            pred.append(result.verdict.value)
    labels = [v.value for v in Verdict]
    claim_report = classification_report(gold, pred, labels)
    majority = max(set(gold), key=gold.count)
    claim_majority = classification_report(gold, [majority] * len(gold), labels)
    print(f"CLIMATE-FEVER pair-level stance ({len(pairs)} pairs)")
    for name in ("judge", "majority", "similarity_threshold"):
        part = cast(dict[str, Any], pair_report[name])
        print(f"  {name:22s} accuracy {part['accuracy']:.4f}  macro-F1 {part['macro_f1']:.4f}")
    print(format_confusion(cast(dict[str, object], pair_report["judge"])))
    print(f"\nCLIMATE-FEVER claim-level verdicts ({len(claims)} claims)")
    print(
        f"  engine                 accuracy {claim_report['accuracy']:.4f}  "
        f"macro-F1 {claim_report['macro_f1']:.4f}"
    )
    print(
        f"  majority ({majority})  accuracy {claim_majority['accuracy']:.4f}  "
        f"macro-F1 {claim_majority['macro_f1']:.4f}"
    )
    print(format_confusion(claim_report))
    return {"pairs": pair_report, "claims": {"engine": claim_report, "majority": claim_majority}}, 0
