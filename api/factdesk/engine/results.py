"""What the engine returns: verdicts, evidence, search hits (also the wire shapes of those
replies)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from factdesk.engine.stance import REASON_KINDS, Stance
from factdesk.models import Statement

# The registry as the schema shows it: each kind with its meaning.
_KINDS_DOC = "\n".join(f"- `{kind}`: {meaning}" for kind, meaning in REASON_KINDS.items())


class Verdict(StrEnum):
    """The engine's answer about a claim."""

    SUPPORTED = "supported"
    REFUTED = "refuted"
    CONFLICTING = "conflicting"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"


class ReasonOut(BaseModel):
    """Why a piece of evidence supports or refutes the claim: a kind for machines, a sentence
    for people."""

    model_config = ConfigDict(
        json_schema_extra={"x-reason-kinds": {str(k): v for k, v in REASON_KINDS.items()}}
    )

    type: str = Field(
        description="The kind of reason (also in `x-reason-kinds`); a kind added later reads "
        "by its `text`, so a client should not fail on one it does not know:\n\n" + _KINDS_DOC,
        examples=["duration_mismatch"],
    )
    claim: str | None = Field(
        default=None, description="The claim's span the reason is about.", examples=["a year"]
    )
    evidence: str | None = Field(
        default=None, description="The evidence's span the reason is about.", examples=["one month"]
    )
    detail: str | None = Field(
        default=None,
        description="For machines: the engine's own note (it may hold scores such as "
        "`similarity=`); never meant to be shown to readers, use `text`.",
    )
    text: str = Field(
        default="",
        description="The reason as one sentence for people, in the reply's `reply_language`; "
        "it holds no engine score.",
        examples=["The claim says “a year”; the source says “one month”."],
    )


class Scores(BaseModel):
    """The retrieval signals of one match, each in [0, 1] (semantic is a cosine)."""

    lexical: float = Field(description="BM25 match of the claim's words, scaled to [0, 1].")
    fuzzy: float = Field(description="Match of the claim's words with typos allowed, in [0, 1].")
    semantic: float = Field(description="Cosine of the claim's and the statement's embeddings.")


class Evidence(BaseModel):
    """A stored statement judged against the claim."""

    statement: Statement = Field(description="The stored statement, with its source.")
    stance: Stance = Field(description="What the statement says of the claim.")
    stance_score: float = Field(
        ge=0, le=1, description="The stance judge's confidence in `stance` (0-1)."
    )
    relevance: float = Field(
        ge=0, le=1, description="Fitted probability the statement is about the claim."
    )
    scores: Scores = Field(description="The retrieval signals that found the statement.")
    reasons: list[ReasonOut] = Field(description="Why the stance was taken.")


class EvidenceRole(StrEnum):
    """What the listed statements are: `evidence` that decides the verdict, or, for
    `not_enough_evidence`, the `closest` statements found, shown for reference only."""

    EVIDENCE = "evidence"
    CLOSEST = "closest"


class Verification(BaseModel):
    """A verdict on one claim with its cited evidence."""

    claim: str = Field(description="The claim as checked (normalised).")
    language: str = Field(description="The claim's language (BCP-47): as sent, else detected.")
    verdict: Verdict = Field(description="The answer about the claim.")
    confidence: float = Field(
        ge=0,
        le=1,
        description="How strongly the cited evidence decides the verdict (0-1). Always 0 for "
        "`not_enough_evidence`: no verdict was reached, so there is nothing to be confident of.",
    )
    summary: str = Field(
        description="The verdict and what decides it in a sentence or two for people, in "
        "`reply_language`; no engine score appears in it."
    )
    reply_language: str = Field(
        default="en",
        description="The language of `summary`, `verdict_label`, `evidence_label` and every "
        "reason's `text`: the request's `reply_language`, else the claim's language when "
        "FactDesk writes in it (en, ko), else the first such one of `Accept-Language`, else en.",
    )
    verdict_label: str = Field(
        default="", description="The verdict's name for people, in `reply_language`."
    )
    evidence_role: EvidenceRole = Field(
        default=EvidenceRole.EVIDENCE,
        description="`closest` for `not_enough_evidence`: `evidence` then lists the closest "
        "statements found, for reference, and none of them is evidence for or against the claim.",
    )
    evidence_label: str = Field(
        default="",
        description="The heading for `evidence` in `reply_language` (`Evidence`, or `Closest "
        "statements (not evidence)`).",
    )
    evidence: list[Evidence] = Field(
        description="Ordered by weight in the verdict; see `evidence_role`."
    )
    store_generation: int = Field(description="The store generation the verdict was reached on.")
    cached: bool = Field(default=False, description="Whether the reply came from the cache.")
    timings_ms: dict[str, float] = Field(
        default_factory=dict, description="Milliseconds spent in each pipeline stage."
    )


class SearchHit(BaseModel):
    """A statement matching a query, with its fused score."""

    statement: Statement = Field(description="The stored statement, with its source.")
    score: float = Field(ge=0, le=1, description="Fitted relevance of the statement to the query.")
    scores: Scores = Field(description="The retrieval signals that found the statement.")


class StanceOutcome(BaseModel):
    """Stance of one evidence text towards one claim."""

    stance: Stance = Field(description="What the evidence says of the claim.")
    score: float = Field(ge=0, le=1, description="The stance judge's confidence in `stance`.")
    reasons: list[ReasonOut] = Field(description="Why the stance was taken.")
