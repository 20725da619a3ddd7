"""Aggregate judged evidence into one verdict, a confidence and a readable summary.

Thresholds live in `factdesk/engine/weights/verdict.json`, fitted by `factdesk/eval/fit.py` on
the golden set and CLIMATE-FEVER; see docs/QUALITY.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from factdesk.engine.results import Evidence, ReasonOut, Verdict
from factdesk.engine.stance import Stance


@dataclass(frozen=True, slots=True)
class VerdictThresholds:
    decisive: float  # evidence strength needed to decide
    conflict_ratio: float  # weaker side / stronger side at or above which sources "disagree"
    judge_pool: int  # how many top candidates the stance judge sees
    # Share of an item's strength that depends on its retrieval relevance (0: the judge's score
    # alone). The judge knows whether two texts agree; the re-ranker knows better whether the
    # statement is about this claim at all, so a contradiction from a loosely related statement
    # should not outweigh one from the statement the claim restates.
    relevance_weight: float = 0.0
    source: str = "default"

    @classmethod
    def load(cls, path: Path | None = None) -> VerdictThresholds:
        text = (
            path.read_text()
            if path is not None
            else resources.files("factdesk.engine").joinpath("weights/verdict.json").read_text()
        )
        data = json.loads(text)
        return cls(
            float(data["decisive"]),
            float(data["conflict_ratio"]),
            int(data["judge_pool"]),
            float(data.get("relevance_weight", 0.0)),
            str(data.get("source", "file")),
        )


def strength(item: Evidence, relevance_weight: float = 0.0) -> float:
    """How much one piece of evidence weighs: the judge's confidence in its stance, scaled
    by its retrieval relevance to the share `relevance_weight` says (fitted, see
    `VerdictThresholds`)."""
    if item.stance is Stance.NEUTRAL:
        return 0.0
    return item.stance_score * (1.0 - relevance_weight + relevance_weight * item.relevance)


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    confidence: float
    evidence: list[Evidence]  # ordered by weight in the decision


def _missing(item: Evidence) -> set[str]:
    return {r.claim for r in item.reasons if r.type == "unverified_detail" and r.claim}


def combine_partial_support(judged: list[Evidence]) -> list[Evidence]:
    """Statements that each confirm part of a claim support it together.

    "Musk quit OpenAI's board in 2018 after falling out with Altman" may be confirmed by one
    statement giving the year and another naming Altman. Each alone stays neutral (silent on a
    detail); when every detail one of them misses is confirmed by another, all of them support.
    """
    if any(e.stance is Stance.SUPPORTS for e in judged):
        return judged
    partial = [e for e in judged if e.stance is Stance.NEUTRAL and _missing(e)]
    if len(partial) < 2:
        return judged
    needed = set().union(*(_missing(e) for e in partial))
    if any(all(d in _missing(e) for e in partial) for d in needed):
        return judged  # some detail no statement confirms
    ids = {id(e) for e in partial}
    combined: list[Evidence] = []
    for item in judged:
        if id(item) not in ids:
            combined.append(item)
            continue
        others = ", ".join(e.statement.id for e in partial if e is not item)
        reason = ReasonOut(
            type="combined_evidence",
            detail=f"confirms the claim together with {others}; on its own it "
            f"does not mention {', '.join(sorted(_missing(item)))}",
        )
        combined.append(item.model_copy(update={"stance": Stance.SUPPORTS, "reasons": [reason]}))
    return combined


def decide(judged: list[Evidence], thresholds: VerdictThresholds, top_k: int) -> Decision:
    """Weigh the strongest support against the strongest refutation."""
    judged = combine_partial_support(judged)
    w = thresholds.relevance_weight

    def weight(e: Evidence) -> float:
        return strength(e, w)

    ordered = sorted(judged, key=lambda e: (weight(e), e.relevance), reverse=True)
    support = max((weight(e) for e in judged if e.stance is Stance.SUPPORTS), default=0.0)
    refute = max((weight(e) for e in judged if e.stance is Stance.REFUTES), default=0.0)
    high, low = max(support, refute), min(support, refute)
    decisive = [e for e in ordered if weight(e) > 0]
    if high < thresholds.decisive:
        # Nothing decisive: show the closest related statements so the reader can look further.
        closest = sorted(judged, key=lambda e: e.relevance, reverse=True)[:top_k]
        return Decision(Verdict.NOT_ENOUGH_EVIDENCE, round(1.0 - high, 4), closest)
    if low >= thresholds.decisive and low / high >= thresholds.conflict_ratio:
        # Cite the strongest piece on each side first, whatever top_k cuts off after them.
        pro = next(e for e in decisive if e.stance is Stance.SUPPORTS)
        con = next(e for e in decisive if e.stance is Stance.REFUTES)
        rest = [e for e in decisive if e is not pro and e is not con]
        cited = [pro, con, *rest][: max(top_k, 2)]
        return Decision(Verdict.CONFLICTING, round((high + low) / 2, 4), cited)
    verdict = Verdict.SUPPORTED if support >= refute else Verdict.REFUTED
    confidence = high * (1.0 - 0.5 * low / high)
    return Decision(verdict, round(confidence, 4), decisive[:top_k])


def _cite(item: Evidence) -> str:
    source = item.statement.source
    name = source.publisher or source.title or (str(source.url) if source.url else "a source")
    if len(name) > 80:
        name = name[:77] + "…"
    date = f" ({source.published_at.isoformat()})" if source.published_at else ""
    return f"“{name}”{date}"


def _quote(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summarize(decision: Decision) -> str:
    """One sentence a journalist can read."""
    if decision.verdict is Verdict.NOT_ENOUGH_EVIDENCE:
        if decision.evidence:
            return (
                "Not enough evidence: the closest stored statements are related but neither "
                "confirm nor contradict the claim."
            )
        return "Not enough evidence: no stored statement matches this claim."
    top = decision.evidence[0]
    if decision.verdict is Verdict.CONFLICTING:
        pro = next(e for e in decision.evidence if e.stance is Stance.SUPPORTS)
        con = next(e for e in decision.evidence if e.stance is Stance.REFUTES)
        return (
            f"Conflicting: {_cite(pro)} supports the claim (“{_quote(pro.statement.text, 90)}”) "
            f"but {_cite(con)} contradicts it (“{_quote(con.statement.text, 90)}”)."
        )
    if decision.verdict is Verdict.SUPPORTED:
        return f"Supported: {_cite(top)} states “{_quote(top.statement.text)}”."
    reason = next((r for r in top.reasons if r.type != "paraphrase"), None)
    if reason is not None and reason.claim and reason.evidence:
        kind = reason.type.replace("_mismatch", "").replace("_", " ")
        return (
            f"Refuted: the claim says “{reason.claim}” but {_cite(top)} gives the {kind} as "
            f"“{reason.evidence}”: “{_quote(top.statement.text, 120)}”."
        )
    if reason is not None and reason.type == "rating":
        return (
            f"Refuted: {_cite(top)} rated this claim {reason.detail or 'false'}: "
            f"“{_quote(top.statement.text, 120)}”."
        )
    return f"Refuted: {_cite(top)} states the opposite: “{_quote(top.statement.text)}”."
