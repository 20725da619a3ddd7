"""Verdict aggregation over judged evidence."""

from __future__ import annotations

import datetime as dt

from factdesk.engine.results import Evidence, ReasonOut, Scores, Verdict
from factdesk.engine.stance import Stance
from factdesk.engine.verdict import VerdictThresholds, decide, summarize
from factdesk.models import Source, Statement

THRESHOLDS = VerdictThresholds(decisive=0.6, conflict_ratio=0.9, judge_pool=20)


def item(sid: str, stance: Stance, score: float) -> Evidence:
    now = dt.datetime(2024, 3, 13, tzinfo=dt.UTC)
    statement = Statement(
        id=sid,
        text=f"Statement {sid}.",
        language="en",
        source=Source(title="T"),
        created_at=now,
        updated_at=now,
    )
    return Evidence(
        statement=statement,
        stance=stance,
        stance_score=score,
        relevance=0.5,
        scores=Scores(lexical=0, fuzzy=0, semantic=0.9),
        reasons=[],
    )


def test_conflicting_cites_both_sides_even_when_top_k_is_small() -> None:
    judged = [item(f"s{i}", Stance.SUPPORTS, 0.95) for i in range(5)]
    judged.append(item("r1", Stance.REFUTES, 0.9))
    decision = decide(judged, THRESHOLDS, top_k=3)
    assert decision.verdict is Verdict.CONFLICTING
    cited = [e.statement.id for e in decision.evidence]
    assert "r1" in cited and len(cited) == 3
    assert summarize(decision).startswith("Conflicting")
    one = decide(judged, THRESHOLDS, top_k=1)
    assert {e.stance for e in one.evidence} == {Stance.SUPPORTS, Stance.REFUTES}


def test_strong_side_wins_and_weak_evidence_is_not_enough() -> None:
    decision = decide(
        [item("s", Stance.SUPPORTS, 0.95), item("r", Stance.REFUTES, 0.7)], THRESHOLDS, top_k=5
    )
    assert decision.verdict is Verdict.SUPPORTED
    assert 0 < decision.confidence < 0.95
    weak = decide([item("s", Stance.SUPPORTS, 0.5)], THRESHOLDS, top_k=5)
    assert weak.verdict is Verdict.NOT_ENOUGH_EVIDENCE
    assert decide([], THRESHOLDS, top_k=5).verdict is Verdict.NOT_ENOUGH_EVIDENCE


def said(sid: str, stance: Stance, score: float, source: str, *reasons: str) -> Evidence:
    """An item whose statement is attributed to `source`, with reasons of these types."""
    out = item(sid, stance, score)
    listed = [ReasonOut(type=t) for t in reasons]
    listed.append(ReasonOut(type="attribution", evidence=source.title(), detail=source))
    return out.model_copy(update={"reasons": listed})


def test_named_sources_with_incompatible_figures_conflict() -> None:
    # organisers' figure supports the claim, the police's contradicts it; the police's is the
    # weaker, below the ratio that would make unattributed evidence conflict
    judged = [
        said("organisers", Stance.SUPPORTS, 0.9, "organiser", "paraphrase"),
        said("police", Stance.REFUTES, 0.7, "polic", "number_mismatch"),
    ]
    decision = decide(judged, THRESHOLDS, top_k=3)
    assert decision.verdict is Verdict.CONFLICTING
    assert [e.statement.id for e in decision.evidence][:2] == ["organisers", "police"]
    assert "according to Organiser" in summarize(decision)
    assert "according to Polic" in summarize(decision)


def test_one_source_asserting_what_another_denies_conflicts() -> None:
    judged = [
        said("asserts", Stance.NEUTRAL, 0.9, "plaintiff", "unstated_action"),
        said("denies", Stance.REFUTES, 0.7, "defendant", "negation"),
    ]
    assert decide(judged, THRESHOLDS, top_k=3).verdict is Verdict.CONFLICTING


def test_the_same_source_does_not_dispute_itself() -> None:
    judged = [
        said("a", Stance.SUPPORTS, 0.9, "polic", "paraphrase"),
        said("b", Stance.REFUTES, 0.7, "polic", "number_mismatch"),
    ]
    assert decide(judged, THRESHOLDS, top_k=3).verdict is Verdict.SUPPORTED


def test_an_assertion_needs_a_denial_to_conflict() -> None:
    # an assertion with a detail open against a figure conflict is no dispute of the assertion
    judged = [
        said("asserts", Stance.NEUTRAL, 0.9, "plaintiff", "unverified_detail"),
        said("figure", Stance.REFUTES, 0.7, "defendant", "number_mismatch"),
    ]
    assert decide(judged, THRESHOLDS, top_k=3).verdict is Verdict.REFUTED
