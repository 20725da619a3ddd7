"""The default stance judge: hand-written, explainable rules over parsed texts.

`RuleStanceJudge` compares the parts `analysis.parse` extracts (durations, dates, numbers,
entities, negation, opposing verbs; the checks are in `conflicts`) after a relevance gate built
from the e5 cosine, entity overlap and token overlap. A structural conflict between two texts
about the same thing is decisive; agreement needs broad coverage of the claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from factdesk.engine.analysis.names import same_name
from factdesk.engine.analysis.parsed import Entity, ParsedText
from factdesk.engine.stance.base import Rating, Reason, Stance, StanceResult
from factdesk.engine.stance.conflicts import (
    _axes,
    _date_conflicts,
    _dates_same_event,
    _duration_conflicts,
    _entity_conflicts,
    _entity_keys,
    _number_conflicts,
    _polarity_flips,
    _same_relation,
    _tokens,
    _unstated_actions,
    _unverified_specifics,
    align_entities,
)
from factdesk.engine.stance.ratings import rating_polarity

__all__ = ["RuleStanceJudge", "RuleThresholds"]


@dataclass(frozen=True, slots=True)
class RuleThresholds:
    """The rule judge's knobs. Defaults were set on the seed cases and CLIMATE-FEVER dev.

    e5 cosines are compressed: unrelated pairs sit near 0.70-0.78, same-topic pairs 0.80-0.86,
    paraphrases and translations 0.86-0.95, so the cosine is rescaled between `sim_floor` and
    `sim_ceiling` before it is mixed with the overlap measures.
    """

    sim_floor: float = 0.78
    sim_ceiling: float = 0.93
    # Weight of the rescaled cosine against the overlap coverage in the relevance score: the
    # cosine ranks support best on CLIMATE-FEVER, coverage carries cross-language pairs.
    semantic_weight: float = 0.65
    # What anchors a pair to the claim without a shared entity: a third of the claim's tokens,
    # or a rescaled cosine of 0.55 (cosine ≈ 0.86).
    lexical_anchor: float = 0.34
    semantic_anchor: float = 0.55
    # Below this relevance the evidence is about something else.
    relevance: float = 0.40
    # Relevance a structural conflict (date, number …) needs before it counts as a refutation.
    conflict_relevance: float = 0.40
    # Negation and opposing verbs are weaker signals: both texts must be a little closer.
    polarity_relevance: float = 0.45
    support: float = 0.45
    # Relevance at which a pair with no shared name is still one story told twice, so a name
    # in the same role that differs is a swap (a place in the same sentence frame).
    restatement: float = 0.7
    # Rescaled cosine of a close translation (cosine ≈ 0.885), for swaps across languages.
    translation: float = 0.7


@dataclass(frozen=True, slots=True)
class _Features:
    semantic: float  # rescaled cosine, 0-1
    coverage: float | None  # share of the claim's entities/axes/tokens the evidence has
    relevance: float
    lexical: float | None  # share of the claim's tokens in the evidence (same language only)
    anchored: bool  # a shared entity or a real token overlap, not only a similar embedding
    same_event: bool  # no sign that the texts describe different actions


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


class RuleStanceJudge:
    """The default judge: hand-written, explainable rules over parsed texts (no model)."""

    name = "rules-v1"

    def __init__(self, thresholds: RuleThresholds | None = None) -> None:
        self.thresholds = thresholds or RuleThresholds()

    def judge(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        *,
        rating: Rating | None = None,
    ) -> StanceResult:
        """Judge `evidence` against `claim`; see `StanceJudge.judge`."""
        t = self.thresholds
        if not _tokens(claim.text) or not _tokens(evidence.text):
            # Punctuation, emoji or stop words only: embeddings of such texts are close to
            # each other, but nothing is stated that could be confirmed or contradicted.
            return StanceResult(Stance.NEUTRAL, 1.0, (Reason("low_relevance", detail="no words"),))
        claim, evidence = align_entities(claim, evidence)
        features = self._features(claim, evidence, similarity)
        if not features.anchored or features.relevance < t.relevance:
            return StanceResult(
                Stance.NEUTRAL,
                round(_clip(0.6 + 0.4 * (1 - features.relevance / t.relevance)), 4),
                (Reason("low_relevance", detail=self._describe(similarity, features)),),
            )
        result = self._judge_related(claim, evidence, similarity, features, rating)
        return _attributed(claim, evidence, result)

    def _judge_related(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        features: _Features,
        rating: Rating | None,
    ) -> StanceResult:
        t = self.thresholds

        conflicts: list[Reason] = []
        if features.same_event and features.relevance >= t.conflict_relevance:
            if _axes(claim) <= _axes(evidence):
                # A duration spans two events ("launched a month after being founded"); the
                # evidence's must span the same two ("open-sourced ten days after suing" does
                # not contradict it).
                conflicts += _duration_conflicts(claim, evidence)
            if _dates_same_event(claim, evidence):
                conflicts += _date_conflicts(claim, evidence)
            conflicts += _number_conflicts(claim, evidence)
            # Across languages no words are shared: a close translation of the same action
            # (or, with no action word on either side, a very close one) is the same relation.
            across = claim.language != evidence.language and (
                (features.semantic >= t.semantic_anchor and bool(_axes(claim) & _axes(evidence)))
                or (features.semantic >= t.translation and not _axes(claim) | _axes(evidence))
            )
            if across or _same_relation(claim, evidence):
                close = features.relevance >= t.restatement
                conflicts += _entity_conflicts(claim, evidence, close)
        flips: list[Reason] = []
        denial: list[Reason] = []
        unverified = _unverified_specifics(claim, evidence)
        unstated = _unstated_actions(claim, evidence)
        # A negation or opposing verb only contradicts a claim whose details the evidence
        # covers: "X did not happen" says nothing about "X cost $1bn", and nothing about
        # another action of X ("never left the board" against "co-founded it").
        if (
            features.same_event
            and features.relevance >= t.polarity_relevance
            and not unverified
            and not unstated
        ):
            flips = _polarity_flips(claim, evidence, features.same_event)
        elif features.same_event and features.relevance >= t.polarity_relevance:
            # Not decisive, but it tells the verdict that this statement does not assert the
            # claim: it negates or opposes what the claim says, about details it leaves open.
            denial = _polarity_flips(claim, evidence, features.same_event)

        if rating is not None:
            return self._with_rating(rating, features, conflicts, flips, similarity)
        if conflicts or flips:
            return StanceResult(
                Stance.REFUTES, _refute_score(conflicts, flips, features), tuple(conflicts + flips)
            )
        result = self._agreement(claim, evidence, features, similarity, unverified, unstated)
        return StanceResult(result.stance, result.score, (*result.reasons, *denial))

    # -- pieces ----------------------------------------------------------------------------

    def _features(self, claim: ParsedText, evidence: ParsedText, similarity: float) -> _Features:
        t = self.thresholds
        claim_entities, evidence_entities = _entity_keys(claim), _entity_keys(evidence)
        claim_axes, evidence_axes = _axes(claim), _axes(evidence)
        shared_entities = claim_entities & evidence_entities
        semantic = _clip((similarity - t.sim_floor) / (t.sim_ceiling - t.sim_floor))

        parts: list[tuple[float, float]] = []  # (weight, coverage)
        # Across languages a name that is translated ("기생충" / "Parasite") cannot be matched, so
        # unmatched names count only when some name is matched.
        if claim_entities and (shared_entities or claim.language == evidence.language):
            parts.append((2.0, len(shared_entities) / len(claim_entities)))
        if claim_axes:
            parts.append((1.0, len(claim_axes & evidence_axes) / len(claim_axes)))
        lexical: float | None = None
        if claim.language == evidence.language:
            claim_tokens = _tokens(claim.text)
            if claim_tokens:
                lexical = len(claim_tokens & _tokens(evidence.text)) / len(claim_tokens)
                parts.append((2.0, lexical))
        coverage = sum(w * c for w, c in parts) / sum(w for w, _ in parts) if parts else None
        w = t.semantic_weight
        relevance = semantic if coverage is None else w * semantic + (1 - w) * coverage
        anchored = (
            bool(shared_entities)
            or (lexical is not None and lexical >= t.lexical_anchor)
            or semantic >= t.semantic_anchor
        )
        same_event = not (claim_axes and evidence_axes and not claim_axes & evidence_axes)
        return _Features(semantic, coverage, relevance, lexical, anchored, same_event)

    def _agreement(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        features: _Features,
        similarity: float,
        unverified: list[str],
        unstated: list[str],
    ) -> StanceResult:
        t = self.thresholds
        detail = self._describe(similarity, features)
        if not features.same_event:
            # Same people, different action ("sued" vs "founded"): about something else.
            actions = f"{'/'.join(sorted(_axes(claim)))} vs {'/'.join(sorted(_axes(evidence)))}"
            return StanceResult(
                Stance.NEUTRAL, 0.7, (Reason("low_relevance", detail=f"{actions}; {detail}"),)
            )
        strength = features.relevance
        threshold = t.support
        reason = Reason("paraphrase", detail=detail)
        if strength >= threshold:
            score = _clip(0.55 + 0.45 * (strength - threshold) / max(1e-6, 1 - threshold))
            if unstated:
                silent = tuple(Reason("unstated_action", claim=a, detail=detail) for a in unstated)
                return StanceResult(Stance.NEUTRAL, round(score, 4), silent)
            if unverified:
                # Supporting a claim means confirming its checkable details; this evidence is
                # silent on some. It stays neutral, with the score it would support with, so the
                # verdict can combine it with evidence that confirms the rest.
                missing = tuple(
                    Reason("unverified_detail", claim=d, detail=detail) for d in unverified
                )
                return StanceResult(Stance.NEUTRAL, round(score, 4), missing)
            return StanceResult(Stance.SUPPORTS, round(score, 4), (reason,))
        # Related but not saying enough of the claim: the closer to support, the less sure.
        score = _clip(0.5 + 0.4 * (threshold - strength) / threshold)
        return StanceResult(Stance.NEUTRAL, round(score, 4), (reason,))

    def _with_rating(
        self,
        rating: Rating,
        features: _Features,
        conflicts: list[Reason],
        flips: list[Reason],
        similarity: float,
    ) -> StanceResult:
        """The evidence is a checked claim: restating it inherits its rating, negating inverts."""
        t = self.thresholds
        polarity = rating_polarity(rating)
        reason = Reason("rating", detail=f"{rating.label} ({self._describe(similarity, features)})")
        if conflicts:
            # The claim differs from the checked one in a fact: a false checked claim then says
            # nothing, a true one contradicts the claim.
            if polarity == 1:
                score = _refute_score(conflicts, flips, features)
                return StanceResult(Stance.REFUTES, score, (*conflicts, reason))
            return StanceResult(Stance.NEUTRAL, 0.5, (*conflicts, reason))
        restates = features.same_event and features.relevance >= t.support
        if not restates or not polarity:
            return StanceResult(Stance.NEUTRAL, 0.5, (reason,))
        if flips:
            polarity = -polarity
        stance = Stance.SUPPORTS if polarity > 0 else Stance.REFUTES
        score = _clip(0.6 + 0.35 * (features.relevance - t.support) / (1 - t.support))
        return StanceResult(stance, round(score, 4), (*flips, reason))

    @staticmethod
    def _describe(similarity: float, features: _Features) -> str:
        coverage = "n/a" if features.coverage is None else f"{features.coverage:.2f}"
        return f"similarity={similarity:.3f} coverage={coverage} relevance={features.relevance:.2f}"


def _attributed(claim: ParsedText, evidence: ParsedText, result: StanceResult) -> StanceResult:
    """Say who asserts the evidence, and judge a claim that names its source ("police put the
    turnout at …") only by that source's statements: another source's figure neither confirms
    nor contradicts what this one said."""
    source = evidence.attribution
    if source is None:
        return result
    said = Reason(
        "attribution",
        claim=None if claim.attribution is None else claim.attribution.text,
        evidence=source.text,
        detail=source.key,
    )
    # Keys compare within a language; across languages only an entity's key does, and a
    # named source is never the same as one given by a common noun ("Musk" vs "the article").
    named = claim.attribution is not None and (
        claim.language == evidence.language or claim.attribution.named or source.named
    )
    if (
        named
        and claim.attribution is not None
        and claim.attribution.key != source.key
        and not same_name(
            Entity(claim.attribution.key, "source", claim.attribution.text),
            Entity(source.key, "source", source.text),
        )
    ):
        other = Reason(
            "other_source",
            claim=claim.attribution.text,
            evidence=source.text,
            detail=f"the claim reports {claim.attribution.text}; this is {source.text}'s",
        )
        score = 0.5 if result.stance is not Stance.NEUTRAL else result.score
        return StanceResult(Stance.NEUTRAL, score, (other, *result.reasons, said))
    return StanceResult(result.stance, result.score, (*result.reasons, said))


_CONFLICT_WEIGHT: Final = {
    "duration_mismatch": 0.9,
    "date_mismatch": 0.9,
    "number_mismatch": 0.85,
    "entity_mismatch": 0.75,
    "negation": 0.7,
    "opposite_predicate": 0.7,
}


def _refute_score(conflicts: list[Reason], flips: list[Reason], features: _Features) -> float:
    strongest = max(_CONFLICT_WEIGHT.get(r.type, 0.6) for r in conflicts + flips)
    return round(_clip(strongest * (0.75 + 0.25 * features.relevance)), 4)
