"""Verdict aggregation over judged evidence."""

from __future__ import annotations

import datetime as dt

from factdesk.engine.results import Evidence, Scores, Verdict
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
