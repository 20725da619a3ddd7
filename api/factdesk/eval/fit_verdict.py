"""Fit the verdict thresholds and write `factdesk/engine/weights/verdict.json`.

    python -m factdesk.eval.fit_verdict [--golden fixtures/claims.jsonl] \
        --climate ../shared/data/climate-fever/climate-fever-dev.jsonl

Run it from the repository root: the golden claims default to its `fixtures/claims.jsonl`.

The stance judge runs once per claim; the aggregation is then replayed over a grid of
thresholds. The objective is the mean of the golden set's verdict accuracy (seed article; its
classes are deliberately unbalanced, two `conflicting` claims, so macro-F1 there would hinge on
two claims) and CLIMATE-FEVER's verdict macro-F1 (769 claims, Wikipedia evidence). Either set
alone would pull the thresholds to its own quirks.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from importlib import resources
from pathlib import Path

from factdesk.config import Settings
from factdesk.engine.results import Evidence, Verdict
from factdesk.engine.service import Verifier, VerifyOptions
from factdesk.engine.verdict import VerdictThresholds, decide
from factdesk.eval.climate import CLAIM_LABELS, _statements
from factdesk.eval.data import climate_claims, loaded_verifier
from factdesk.eval.golden import load_claims
from factdesk.eval.metrics import classification_report
from factdesk.main import build_verifier

LABELS = [v.value for v in Verdict]
Judged = list[tuple[str, list[Evidence]]]


def judge_all(verifier: Verifier, claims: list[tuple[str, str]]) -> Judged:
    """(gold verdict, judged evidence) per claim, with the widest pool any grid point uses."""
    out: Judged = []
    for claim, gold in claims:
        _, _, judged, _ = verifier.judge(claim, VerifyOptions(top_k=5))
        out.append((gold, judged))
    return out


def score(data: Judged, thresholds: VerdictThresholds, metric: str = "macro_f1") -> float:
    gold = [g for g, _ in data]
    pred = [decide(judged, thresholds, 5).verdict.value for _, judged in data]
    value = classification_report(gold, pred, LABELS)[metric]
    assert isinstance(value, float)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--golden",
        type=Path,
        default=Path("fixtures/claims.jsonl"),
        help="the golden claims (default: fixtures/claims.jsonl of the repository root)",
    )
    parser.add_argument("--climate", required=True, type=Path)
    parser.add_argument("--db", type=Path, help="reuse this SQLite file for CLIMATE-FEVER")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--relevance-weights",
        default="0",
        help="comma-separated relevance_weight values to search (default: 0 only; 0,0.25,0.5,"
        "0.75,1 was measured and gained less than one golden claim, see docs/QUALITY.md)",
    )
    args = parser.parse_args()
    golden_claims = load_claims(args.golden)
    with tempfile.TemporaryDirectory() as tmp:
        verifier = build_verifier(Settings(database_url=f"sqlite:///{tmp}/golden.db"))
        golden = judge_all(verifier, [(c.claim, c.expected_verdict) for c in golden_claims])
        verifier.store.close()
    climate_rows = climate_claims(args.climate)
    with loaded_verifier(_statements(climate_rows), args.db, "climate-fever") as verifier:
        climate = judge_all(
            verifier, [(str(c["claim"]), CLAIM_LABELS[str(c["claim_label"])]) for c in climate_rows]
        )
    current = VerdictThresholds.load()
    best: tuple[float, VerdictThresholds] | None = None
    decisive_grid = [round(0.15 + 0.05 * i, 2) for i in range(14)]
    ratio_grid = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    weight_grid = [float(w) for w in args.relevance_weights.split(",")]
    for weight, decisive, ratio in itertools.product(weight_grid, decisive_grid, ratio_grid):
        candidate = VerdictThresholds(decisive, ratio, current.judge_pool, weight)
        objective = (score(golden, candidate, "accuracy") + score(climate, candidate)) / 2
        if best is None or objective > best[0] + 1e-9:
            best = (objective, candidate)
    assert best is not None
    chosen = best[1]
    for name, t in (("current", current), ("fitted", chosen)):
        print(
            f"{name:8s} decisive={t.decisive} conflict_ratio={t.conflict_ratio} "
            f"relevance_weight={t.relevance_weight}: golden "
            f"accuracy {score(golden, t, 'accuracy'):.4f} macro-F1 {score(golden, t):.4f}; "
            f"CLIMATE-FEVER macro-F1 {score(climate, t):.4f}"
        )
    if args.write:
        target = Path(str(resources.files("factdesk.engine").joinpath("weights/verdict.json")))
        target.write_text(
            json.dumps(
                {
                    "decisive": chosen.decisive,
                    "conflict_ratio": chosen.conflict_ratio,
                    "judge_pool": chosen.judge_pool,
                    "relevance_weight": chosen.relevance_weight,
                    "source": "fitted by factdesk/eval/fit_verdict.py: mean of golden verdict "
                    "accuracy and CLIMATE-FEVER dev verdict macro-F1",
                },
                indent=2,
            )
            + "\n"
        )
        print("wrote", target)


if __name__ == "__main__":
    main()
