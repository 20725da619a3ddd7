"""Aggregate judged evidence into one verdict, a confidence and a readable summary (worded by
`engine.wording`).

Thresholds live in `factdesk/engine/weights/verdict.json`, fitted by `factdesk/eval/fit.py` on
the golden set and CLIMATE-FEVER; see docs/QUALITY.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from factdesk.engine.results import Evidence, ReasonOut, Verdict
from factdesk.engine.stance import ReasonKind, Stance
from factdesk.engine.wording import wording


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
        missing = ", ".join(sorted(_missing(item)))
        reason = ReasonOut(
            type=ReasonKind.COMBINED_EVIDENCE,
            claim=missing,
            evidence=others,
            detail=f"confirms the claim together with {others}; on its own it "
            f"does not mention {missing}",
        )
        combined.append(item.model_copy(update={"stance": Stance.SUPPORTS, "reasons": [reason]}))
    return combined


def _source(item: Evidence) -> str | None:
    return next((r.detail for r in item.reasons if r.type == "attribution"), None)


# Reasons a statement can carry and still assert the claim: it says what the claim says, with
# some of the claim's details left open.
_ASSERTING: Final = frozenset({"unverified_detail", "unstated_action", "attribution"})
_DENIAL: Final = frozenset({"negation", "opposite_predicate"})
# "Sources of similar weight": the retrieval relevance of the side that asserts the claim, as a
# share of the contradicting side's.
_DISPUTE_RELEVANCE: Final = 0.5


def _disputed(
    judged: list[Evidence], thresholds: VerdictThresholds, weight: Callable[[Evidence], float]
) -> tuple[Evidence, Evidence] | None:
    """Two named sources that disagree about the claim: one supports it and the other
    contradicts it, or one asserts it (leaving a detail open) and the other denies it.

    Each side must be decisive on its own; the two must be attributed to different sources,
    so a statement and its restatement by the same source never dispute each other.
    """
    cons = sorted(
        (e for e in judged if e.stance is Stance.REFUTES and weight(e) >= thresholds.decisive),
        key=weight,
        reverse=True,
    )
    for con in cons:
        against = _source(con)
        if against is None:
            continue
        denies = any(r.type in _DENIAL for r in con.reasons)
        for pro in sorted(judged, key=lambda e: (e.stance_score, e.relevance), reverse=True):
            source = _source(pro)
            if source is None or source == against or pro.stance_score < thresholds.decisive:
                continue
            if pro.relevance < _DISPUTE_RELEVANCE * con.relevance:
                continue  # a side the re-ranker finds far less about the claim is no rival
            types = {r.type for r in pro.reasons}
            asserts = (
                pro.stance is Stance.NEUTRAL and types <= _ASSERTING and len(types) > 1 and denies
            )
            if pro.stance is Stance.SUPPORTS or asserts:
                return pro, con
    return None


def decide(judged: list[Evidence], thresholds: VerdictThresholds, top_k: int) -> Decision:
    """Weigh the strongest support against the strongest refutation; named sources that
    disagree (`_disputed`) make the claim conflicting."""
    judged = combine_partial_support(judged)
    w = thresholds.relevance_weight

    def weight(e: Evidence) -> float:
        return strength(e, w)

    disputed = _disputed(judged, thresholds, weight)
    if disputed is not None:
        pro, con = disputed
        rest = [e for e in sorted(judged, key=weight, reverse=True) if weight(e) > 0]
        cited = [pro, con, *(e for e in rest if e is not pro and e is not con)][: max(top_k, 2)]
        confidence = (pro.stance_score + weight(con)) / 2
        return Decision(Verdict.CONFLICTING, round(confidence, 4), cited)

    ordered = sorted(judged, key=lambda e: (weight(e), e.relevance), reverse=True)
    support = max((weight(e) for e in judged if e.stance is Stance.SUPPORTS), default=0.0)
    refute = max((weight(e) for e in judged if e.stance is Stance.REFUTES), default=0.0)
    high, low = max(support, refute), min(support, refute)
    decisive = [e for e in ordered if weight(e) > 0]
    if high < thresholds.decisive:
        # Nothing decisive: show the closest related statements so the reader can look further.
        # No verdict was reached, so there is no confidence to give (0, not "sure there is no
        # evidence", which a reader takes for a confident answer).
        closest = sorted(judged, key=lambda e: e.relevance, reverse=True)[:top_k]
        return Decision(Verdict.NOT_ENOUGH_EVIDENCE, 0.0, closest)
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


def summarize(decision: Decision, language: str = "en", unplaced: tuple[str, ...] = ()) -> str:
    """What a journalist reads, in `language` (`engine.wording`); `unplaced` are the claim's
    relative dates that no claim date placed."""
    return wording(language).summary(decision.verdict, decision.evidence, unplaced)
