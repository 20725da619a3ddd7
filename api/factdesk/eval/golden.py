"""The golden set: claims about the seed article with expected verdicts and evidence ids."""

from __future__ import annotations

import contextlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from factdesk.config import Settings
from factdesk.engine.analysis.entities import use_gazetteer
from factdesk.engine.results import Verdict, Verification
from factdesk.engine.service import Verifier, VerifyOptions
from factdesk.eval.metrics import classification_report, format_confusion
from factdesk.main import build_verifier

VERDICTS = [v.value for v in Verdict]


@dataclass(frozen=True, slots=True)
class GoldenClaim:
    id: str
    claim: str
    language: str | None
    expected_verdict: str
    expected_evidence: list[str]
    category: str


@dataclass(frozen=True, slots=True)
class GoldenOutcome:
    case: GoldenClaim
    result: Verification
    verdict_ok: bool
    evidence_ok: bool

    @property
    def ok(self) -> bool:
        return self.verdict_ok and self.evidence_ok


def load_claims(path: Path) -> list[GoldenClaim]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(
                GoldenClaim(
                    d["id"],
                    d["claim"],
                    d.get("language"),
                    d["expected_verdict"],
                    list(d.get("expected_evidence", [])),
                    d.get("category", ""),
                )
            )
    return out


def check(verifier: Verifier, case: GoldenClaim) -> GoldenOutcome:
    """Verify one golden claim; evidence is right when any expected id is cited (for a
    `not_enough_evidence` expectation, only the verdict counts)."""
    result = verifier.verify(case.claim, VerifyOptions(language=case.language))
    cited = {e.statement.id for e in result.evidence}
    evidence_ok = not case.expected_evidence or bool(cited & set(case.expected_evidence))
    return GoldenOutcome(case, result, result.verdict.value == case.expected_verdict, evidence_ok)


def run_golden(verifier: Verifier, claims: list[GoldenClaim]) -> list[GoldenOutcome]:
    return [check(verifier, case) for case in claims]


def report(outcomes: list[GoldenOutcome]) -> dict[str, object]:
    gold = [o.case.expected_verdict for o in outcomes]
    pred = [o.result.verdict.value for o in outcomes]
    rep = classification_report(gold, pred, VERDICTS)
    by_category: dict[str, list[int]] = {}
    for o in outcomes:
        by_category.setdefault(o.case.category, [0, 0])
        by_category[o.case.category][0] += o.ok
        by_category[o.case.category][1] += 1
    rep["all_expectations_hold"] = sum(o.ok for o in outcomes)
    rep["by_category"] = {k: f"{a}/{b}" for k, (a, b) in sorted(by_category.items())}
    rep["failures"] = [
        {
            "id": o.case.id,
            "claim": o.case.claim,
            "expected": o.case.expected_verdict,
            "got": o.result.verdict.value,
            "evidence_ok": o.evidence_ok,
            "cited": [e.statement.id for e in o.result.evidence][:5],
            "summary": o.result.summary,
        }
        for o in outcomes
        if not o.ok
    ]
    return rep


def main(
    claims_path: Path, statements_path: Path | None, *, gazetteer: bool = True
) -> tuple[dict[str, object], int]:
    """Run the claims against a fresh store of `statements_path` (default: the packaged seed);
    `gazetteer=False` parses statements and claims without the shipped entity list."""
    claims = load_claims(claims_path)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if not gazetteer:
            empty = Path(tmp) / "no-entities.json"
            empty.write_text("{}", encoding="utf-8")
            stack.enter_context(use_gazetteer(empty))
        settings = Settings(database_url=f"sqlite:///{tmp}/golden.db", seed_path=statements_path)
        verifier = build_verifier(settings)
        outcomes = run_golden(verifier, claims)
        verifier.store.close()
    rep = report(outcomes)
    print(
        f"golden set: {rep['all_expectations_hold']}/{len(outcomes)} claims meet every "
        f"expectation; verdict accuracy {rep['accuracy']}, macro-F1 {rep['macro_f1']}"
    )
    print(format_confusion(rep))
    print("by category:", rep["by_category"])
    failures = rep["failures"]
    assert isinstance(failures, list)
    for f in failures:
        print(
            f"  FAIL {f['id']}: {f['claim']!r} expected {f['expected']}, got {f['got']}"
            f"{'' if f['evidence_ok'] else ' (expected evidence not cited)'}"
        )
    return rep, 0 if not failures else 1
