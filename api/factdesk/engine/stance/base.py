"""The stance types and the `StanceJudge` interface.

`Stance`, `Reason`, `StanceResult` and `Rating` are what a judge returns and receives; the wire
models use `Stance`, so this module imports only the standard library (the parsed-text types
only for type checking). The default judge is `rules.RuleStanceJudge`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

if TYPE_CHECKING:
    from factdesk.engine.analysis.parsed import ParsedText

__all__ = [
    "REASON_KINDS",
    "Rating",
    "Reason",
    "ReasonKind",
    "Stance",
    "StanceJudge",
    "StanceResult",
]


class Stance(StrEnum):
    """The evidence's stance towards the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    NEUTRAL = "neutral"


class ReasonKind(StrEnum):
    """Every kind of reason the engine gives, in one registry (`REASON_KINDS` says what each
    means). `Reason.type` stays a plain `str`, so a judge may emit a kind not listed here: the
    reply then reads it with a generic sentence (`engine.wording`), and the wording test fails
    until the kind is registered with its templates."""

    DURATION_MISMATCH = "duration_mismatch"
    DATE_MISMATCH = "date_mismatch"
    NUMBER_MISMATCH = "number_mismatch"
    ENTITY_MISMATCH = "entity_mismatch"
    NEGATION = "negation"
    OPPOSITE_PREDICATE = "opposite_predicate"
    PARAPHRASE = "paraphrase"
    RATING = "rating"
    LOW_RELEVANCE = "low_relevance"
    UNVERIFIED_DETAIL = "unverified_detail"
    UNSTATED_ACTION = "unstated_action"
    ATTRIBUTION = "attribution"
    OTHER_SOURCE = "other_source"
    COMBINED_EVIDENCE = "combined_evidence"
    NEEDS_DATE = "needs_date"
    LEARNED = "learned"


REASON_KINDS: Final[Mapping[ReasonKind, str]] = {
    ReasonKind.DURATION_MISMATCH: "The claim and the evidence give different lengths of time "
    "(`claim` and `evidence` quote them).",
    ReasonKind.DATE_MISMATCH: "The claim and the evidence date the event differently.",
    ReasonKind.NUMBER_MISMATCH: "The claim and the evidence give different figures for the "
    "same thing.",
    ReasonKind.ENTITY_MISMATCH: "The claim names someone or something where the evidence names "
    "another (`detail`: the two entity keys).",
    ReasonKind.NEGATION: "One text negates what the other states (`claim` / `evidence`: the "
    "negation words each has, absent when it has none).",
    ReasonKind.OPPOSITE_PREDICATE: "The two texts use opposite verbs of the same action, such as "
    "joined / left (`detail`: the action).",
    ReasonKind.PARAPHRASE: "The evidence says what the claim says (on a supporting piece), or "
    "is on the same subject without saying enough of it (on a neutral one).",
    ReasonKind.RATING: "The evidence is a published fact-check of this claim or a close one; "
    "`detail` begins with its rating label.",
    ReasonKind.LOW_RELEVANCE: "The evidence is about something else.",
    ReasonKind.UNVERIFIED_DETAIL: "The evidence is silent on a date, figure or name of the claim "
    "(`claim` quotes it), so it cannot confirm the claim on its own.",
    ReasonKind.UNSTATED_ACTION: "The evidence never states the claim's action (`claim` quotes it).",
    ReasonKind.ATTRIBUTION: "Who the evidence says asserts it (`evidence` as written, `detail` "
    "the source's key; `claim` the claim's own source when it names one).",
    ReasonKind.OTHER_SOURCE: "The claim reports one source, the evidence another; neither "
    "confirms nor contradicts the other.",
    ReasonKind.COMBINED_EVIDENCE: "The evidence confirms the claim together with other "
    "statements (`evidence`: their ids); alone it misses details (`claim`).",
    ReasonKind.NEEDS_DATE: "The claim has a relative date (`claim` quotes it: '11일', 'last "
    "year') that cannot be placed without the date the claim was made (`claim_date`, or an "
    "article's `published_at`), so it was not compared.",
    ReasonKind.LEARNED: "A fitted model weighed the pair (`FACTDESK_STANCE_JUDGE`): `detail` "
    "gives its weights' digest and its probability per stance.",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a stance was taken.

    `type` is one of `ReasonKind` (its meaning in `REASON_KINDS`); `claim` and `evidence` quote
    the conflicting spans when there are any, `detail` is for machines (it may hold the
    engine's scores; `engine.wording` writes what people read).
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
