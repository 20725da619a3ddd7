"""What the engine returns: verdicts, evidence, search hits (also the wire shapes of those
replies)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from factdesk.engine.stance import Stance
from factdesk.models import Statement


class Verdict(StrEnum):
    """The engine's answer about a claim."""

    SUPPORTED = "supported"
    REFUTED = "refuted"
    CONFLICTING = "conflicting"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"


class ReasonOut(BaseModel):
    """Why a piece of evidence supports or refutes the claim."""

    type: str = Field(examples=["duration_mismatch"])
    claim: str | None = Field(default=None, examples=["a year"])
    evidence: str | None = Field(default=None, examples=["one month"])
    detail: str | None = None


class Scores(BaseModel):
    """The retrieval signals of one match, each in [0, 1] (semantic is a cosine)."""

    lexical: float
    fuzzy: float
    semantic: float


class Evidence(BaseModel):
    """A stored statement judged against the claim."""

    statement: Statement
    stance: Stance
    stance_score: float = Field(ge=0, le=1)
    relevance: float = Field(
        ge=0, le=1, description="Fitted probability the statement is about the claim."
    )
    scores: Scores
    reasons: list[ReasonOut]


class Verification(BaseModel):
    """A verdict on one claim with its cited evidence."""

    claim: str
    language: str
    verdict: Verdict
    confidence: float = Field(ge=0, le=1)
    summary: str
    evidence: list[Evidence]
    store_generation: int
    cached: bool = False
    timings_ms: dict[str, float] = Field(default_factory=dict)


class SearchHit(BaseModel):
    """A statement matching a query, with its fused score."""

    statement: Statement
    score: float = Field(ge=0, le=1)
    scores: Scores


class StanceOutcome(BaseModel):
    """Stance of one evidence text towards one claim."""

    stance: Stance
    score: float = Field(ge=0, le=1)
    reasons: list[ReasonOut]
