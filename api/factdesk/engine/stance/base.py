"""The stance types and the `StanceJudge` interface.

`Stance`, `Reason`, `StanceResult` and `Rating` are what a judge returns and receives; the wire
models use `Stance`, so this module imports only the standard library (the parsed-text types
only for type checking). The default judge is `rules.RuleStanceJudge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from factdesk.engine.analysis.parsed import ParsedText

__all__ = ["Rating", "Reason", "Stance", "StanceJudge", "StanceResult"]


class Stance(StrEnum):
    """The evidence's stance towards the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a stance was taken.

    `type` is one of duration_mismatch, date_mismatch, number_mismatch, entity_mismatch,
    negation, opposite_predicate, paraphrase, rating, low_relevance, unverified_detail (the
    evidence is silent on a date, figure or name of the claim), unstated_action (silent on its
    action), attribution (who the evidence says asserts it: `evidence` as written, `detail` the
    source's key; `claim` the claim's own source when it names one), other_source (the claim
    reports one source, the evidence another), learned (a fitted model decided: `detail` gives
    its weights' digest and its probability per stance); `claim` and `evidence` quote the
    conflicting spans when there are any.
    """

    type: str
    claim: str | None = None
    evidence: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class StanceResult:
    """A stance, the judge's confidence in it (0-1), and the reasons behind it."""

    stance: Stance
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Rating:
    """A fact-check's verdict on the checked claim: a label and, when given, a numeric scale."""

    label: str
    value: float | None = None
    best: float | None = None
    worst: float | None = None


class StanceJudge(Protocol):
    """Decides the stance of one evidence statement towards one claim.

    This is the extension point for a learned NLI model: an implementation receives both texts
    already parsed (so it can use or ignore the structured parts) plus the embedding similarity
    the retriever computed, and must be cheap enough to run on every retrieved candidate.
    """

    name: str

    def judge(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        *,
        rating: Rating | None = None,
    ) -> StanceResult:
        """Judge `evidence` against `claim`.

        `similarity` is the cosine between the claim's e5 query embedding and the evidence's e5
        passage embedding. `rating` is given when the evidence is a fact-checked claim: the
        evidence text is then the claim that was checked, not a fact.
        """
        ...
