"""Stance: does one evidence statement support, refute, or say nothing about a claim?

`StanceJudge` is the extension point; `RuleStanceJudge` is the default and compares the parts
`normalize.parse` extracts (durations, dates, numbers, entities, negation, opposing verbs) after a
relevance gate built from the e5 cosine, entity overlap and token overlap. A structural conflict
between two texts about the same thing is decisive; agreement needs broad coverage of the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final, Protocol

from factdesk.engine.normalize import DateRef, Entity, ParsedText, Predicate, lexical_tokens

__all__ = [
    "Rating",
    "Reason",
    "RuleStanceJudge",
    "RuleThresholds",
    "Stance",
    "StanceJudge",
    "StanceResult",
    "rating_polarity",
]


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
    action); `claim` and `evidence` quote
    the conflicting spans when there are any.
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


# --------------------------------------------------------------------------------------------
# Fact-check ratings
# --------------------------------------------------------------------------------------------

# Checked in this order: "half true" is mixed before it is true, "not true" false before true.
_MIXED_LABELS: Final = re.compile(
    r"half|mix|unprove|outdated|miscaption|legend|satire|unverified|undetermined|disputed|"
    r"research in progress|partly|partially|missing context|절반|판단\s*유보|논쟁|일부",
    re.IGNORECASE,
)
_FALSE_LABELS: Final = re.compile(
    r"false|fake|pants on fire|misleading|scam|incorrect|inaccurate|wrong|misattributed|"
    r"hoax|fabricated|debunked|pinocchio|not\s+(?:true|correct|accurate)|거짓|사실\s*(?:이\s*)?아님|"
    r"사실이\s*아니|허위|가짜|틀림|오류",
    re.IGNORECASE,
)
_TRUE_LABELS: Final = re.compile(
    r"true|correct|accurate|confirmed|verified|사실|진실|맞음", re.IGNORECASE
)


def rating_polarity(rating: Rating) -> int | None:
    """+1 for a true rating, -1 for false, 0 for mixed or unknown ones, None for no signal.

    The label decides when it is recognised; otherwise `value` on the `worst`..`best` scale
    (top quarter true, bottom quarter false).
    """
    label = " ".join(rating.label.split())
    if label:
        if _MIXED_LABELS.search(label):
            return 0
        if _FALSE_LABELS.search(label):
            return -1
        if _TRUE_LABELS.search(label):
            return 1
    if rating.value is not None and rating.best is not None and rating.worst is not None:
        span = rating.best - rating.worst
        if span:
            position = (rating.value - rating.worst) / span
            if position >= 0.75:
                return 1
            if position <= 0.25:
                return -1
            return 0
    return 0 if label else None


# --------------------------------------------------------------------------------------------
# Rule judge
# --------------------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class _Features:
    semantic: float  # rescaled cosine, 0-1
    coverage: float | None  # share of the claim's entities/axes/tokens the evidence has
    relevance: float
    lexical: float | None  # share of the claim's tokens in the evidence (same language only)
    anchored: bool  # a shared entity or a real token overlap, not only a similar embedding
    same_event: bool  # no sign that the texts describe different actions


_SUBJECT_PARTICLE: Final = re.compile(r"(?:은|는|이|가|께서)(?![\uac00-\ud7a3])")
# "A와 B", "A과 B": A is in B's place in the sentence.
_CONJUNCTION: Final = re.compile(r"(?:와|과)\s")
# A name as the predicate: "피고는 구글과 순다르 피차이다".
_COPULA: Final = re.compile(r"(?:이다|다|였다|이었다|이며|이고|였고)(?![\uac00-\ud7a3])")
# Object and target particles ("구글을 고소했다", "구글에 소송을"); 에서 (at/from) is not one.
_OBJECT_PARTICLE: Final = re.compile(r"(?:을|를|에게|한테|에(?!서))(?![\uac00-\ud7a3])")
_HANGUL: Final = re.compile(r"[\uac00-\ud7a3]")
# Entity types where a swap changes the fact; "other" spans are too noisy to oppose.
_ROLE_TYPES: Final = ("person", "org", "product", "place")


@lru_cache(maxsize=16384)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(lexical_tokens(text))


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def _axes(parsed: ParsedText) -> set[str]:
    return {p.key for p in parsed.predicates if p.key != "order"}


def _entity_keys(parsed: ParsedText) -> set[str]:
    return {e.key for e in parsed.entities}


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
        features = self._features(claim, evidence, similarity)
        if not features.anchored or features.relevance < t.relevance:
            return StanceResult(
                Stance.NEUTRAL,
                round(_clip(0.6 + 0.4 * (1 - features.relevance / t.relevance)), 4),
                (Reason("low_relevance", detail=self._describe(similarity, features)),),
            )

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
            if _same_relation(claim, evidence):
                conflicts += _entity_conflicts(claim, evidence)
        flips: list[Reason] = []
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

        if rating is not None:
            return self._with_rating(rating, features, conflicts, flips, similarity)
        if conflicts or flips:
            return StanceResult(
                Stance.REFUTES, _refute_score(conflicts, flips, features), tuple(conflicts + flips)
            )
        return self._agreement(claim, evidence, features, similarity, unverified, unstated)

    # -- pieces ----------------------------------------------------------------------------

    def _features(self, claim: ParsedText, evidence: ParsedText, similarity: float) -> _Features:
        t = self.thresholds
        semantic = _clip((similarity - t.sim_floor) / (t.sim_ceiling - t.sim_floor))
        claim_entities, evidence_entities = _entity_keys(claim), _entity_keys(evidence)
        claim_axes, evidence_axes = _axes(claim), _axes(evidence)
        shared_entities = claim_entities & evidence_entities

        parts: list[tuple[float, float]] = []  # (weight, coverage)
        if claim_entities:
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


# --------------------------------------------------------------------------------------------
# Conflicts
# --------------------------------------------------------------------------------------------

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


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


# A value conflict is only decisive when each text states exactly one value of that kind: with
# several ("from 1993 to 2018", "between 36% and 66%") there is no telling which one the claim's
# value should be compared with, and ranges would read as conflicts.


def _duration_conflicts(claim: ParsedText, evidence: ParsedText) -> list[Reason]:
    if len(claim.durations) != 1 or len(evidence.durations) != 1:
        return []
    (stated,), (other,) = claim.durations, evidence.durations
    if _overlaps(stated.bounds(), other.bounds()):
        return []
    return [Reason("duration_mismatch", stated.text, other.text)]


def _dates_compatible(a: DateRef, b: DateRef) -> bool | None:
    """True/False when the two references can be compared, None when they share no field."""
    ia, ib = a.interval(), b.interval()
    if ia is not None and ib is not None:
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    shared = False
    for x, y in ((a.month, b.month), (a.day, b.day)):
        if x is not None and y is not None:
            shared = True
            if x != y:
                return False
    return True if shared else None


def _dates_same_event(claim: ParsedText, evidence: ParsedText) -> bool:
    """A date dates an action: when the claim names one ("launched in November 2022") and the
    evidence names none of the claim's, the evidence's date ("as of March 2024 ChatGPT leads")
    belongs to something else and cannot contradict the claim's. With several actions in the
    claim ("founded last year and launched Grok a month later") the evidence must state them
    all: otherwise there is no telling which of them its date belongs to."""
    return _axes(claim) <= _axes(evidence)


def _date_conflicts(claim: ParsedText, evidence: ParsedText) -> list[Reason]:
    if len(claim.dates) != 1 or len(evidence.dates) != 1:
        return []
    (stated,), (other,) = claim.dates, evidence.dates
    if _dates_compatible(stated, other) is False:
        return [Reason("date_mismatch", stated.text, other.text)]
    return []


def _number_conflicts(claim: ParsedText, evidence: ParsedText) -> list[Reason]:
    reasons: list[Reason] = []
    for stated in claim.numbers:
        if stated.unit is None:
            continue  # a bare number could count anything
        mine = [q for q in claim.numbers if q.unit == stated.unit]
        theirs = [q for q in evidence.numbers if q.unit == stated.unit]
        if len(mine) != 1 or len(theirs) != 1 or _overlaps(stated.bounds(), theirs[0].bounds()):
            continue
        # Percentages and counts of different things share units; only a figure said of the
        # same thing (shared words or entities around it) can contradict.
        if _context(claim, stated.text, 30) & _context(evidence, theirs[0].text, 30):
            reasons.append(Reason("number_mismatch", stated.text, theirs[0].text))
    return reasons


def _main_predicate_position(parsed: ParsedText) -> int | None:
    positions = [parsed.text.find(p.text) for p in parsed.predicates if p.key != "order"]
    positions = [p for p in positions if p >= 0]
    return min(positions) if positions else None


def _entity_roles(parsed: ParsedText) -> list[tuple[Entity, str]]:
    """Each entity with a coarse role: "subj", "obj", "mod" (a Korean name with neither
    particle) or "any" when it cannot be told.

    Korean marks the subject with a particle; English by position before the main verb.
    """
    text = parsed.text
    verb = _main_predicate_position(parsed)
    cursor = 0
    roles: list[tuple[Entity, str]] = []
    conjoined: list[bool] = []  # "A와 B": A takes B's role
    for entity in parsed.entities:
        position = text.find(entity.text, cursor)
        if position >= 0:
            cursor = position + len(entity.text)
        else:
            # Implied entities (a court's city) repeat an earlier mention's text.
            position = text.find(entity.text)
        end = position + len(entity.text)
        if position < 0:
            role = "any"
        elif _HANGUL.match(text, end) or parsed.language == "ko":
            # Without a subject or object particle a Korean name is a modifier: a title
            # ("테슬라 CEO"), a genitive ("브록먼의 제안"), "X에서 개발한" or an apposition.
            # Its swap is no contradiction: the sentence does not say it did or underwent the
            # action. Places keep a role: "프랑스에서 열렸다" is where it happened.
            if _SUBJECT_PARTICLE.match(text, end):
                role = "subj"
            elif (
                _OBJECT_PARTICLE.match(text, end)
                or _COPULA.match(text, end)
                or entity.type == "place"
            ):
                role = "obj"
            else:
                role = "mod"
        elif verb is None:
            role = "any"
        else:
            role = "subj" if position < verb else "obj"
        conjoined.append(position >= 0 and bool(_CONJUNCTION.match(text, end)))
        roles.append((entity, role))
    # Right to left, so "A와 B와 C를" gives all three C's role.
    for i in range(len(roles) - 2, -1, -1):
        if conjoined[i]:
            roles[i] = (roles[i][0], roles[i + 1][1])
    return roles


def _same_relation(claim: ParsedText, evidence: ParsedText) -> bool:
    """Both texts state the same kind of relation, so a swapped party is a contradiction rather
    than another fact about the same people: a shared action axis, or (in one language) most of
    the claim's non-name words."""
    if _axes(claim) & _axes(evidence):
        return True
    if claim.language != evidence.language:
        return False
    names = set().union(*(_tokens(e.text) for e in claim.entities)) if claim.entities else set()
    content = _tokens(claim.text) - names
    return bool(content) and len(content & _tokens(evidence.text)) / len(content) >= 0.5


def _entity_conflicts(claim: ParsedText, evidence: ParsedText) -> list[Reason]:
    """A claim entity the evidence lacks where the evidence names another of the same kind.

    Entities either text mentions anywhere are never the basis of a conflict, so extra or
    passive-voice mentions do not count; only a swap in the same type and role does.
    """
    claim_keys, evidence_keys = _entity_keys(claim), _entity_keys(evidence)
    if not claim_keys & evidence_keys:
        return []  # no common actor: nothing says the two texts tell the same story
    claim_roles, evidence_roles = _entity_roles(claim), _entity_roles(evidence)
    reasons: list[Reason] = []
    reported: set[str] = set()
    for entity, role in claim_roles:
        if entity.type not in _ROLE_TYPES or entity.key in evidence_keys or entity.key in reported:
            continue
        if role == "mod":
            continue
        if len({e.key for e in claim.entities if e.type == entity.type}) > 2:
            continue  # an enumeration ("China, the UK, Japan and Germany") assigns no roles
        rivals = [
            other
            for other, other_role in evidence_roles
            if other.type == entity.type
            and other.key not in claim_keys
            and other_role != "mod"
            and (role == "any" or other_role == "any" or role == other_role)
        ]
        if rivals:
            reported.add(entity.key)
            reasons.append(
                Reason(
                    "entity_mismatch",
                    entity.text,
                    rivals[0].text,
                    detail=f"{entity.key} vs {rivals[0].key}",
                )
            )
    return reasons


def _context(parsed: ParsedText, span: str, width: int) -> frozenset[str]:
    """Tokens and entity keys near a predicate, to tell which thing it is said of."""
    position = parsed.text.find(span)
    if position < 0:
        return frozenset()
    window = parsed.text[max(0, position - width) : position + len(span) + width]
    keys = {e.key for e in parsed.entities if e.text in window}
    return (_tokens(window) - _tokens(span)) | keys


def _polarity_flips(claim: ParsedText, evidence: ParsedText, same_event: bool) -> list[Reason]:
    """Negation parity and opposing predicates; an even number of flips cancels out."""
    reasons: list[Reason] = []
    if len(claim.negations) % 2 != len(evidence.negations) % 2:
        reasons.append(
            Reason(
                "negation",
                ", ".join(claim.negations) or None,
                ", ".join(evidence.negations) or None,
            )
        )
    opposite = _opposite_predicate(claim, evidence, same_event)
    if opposite is not None:
        reasons.append(opposite)
    # "did not join" against "left": the two flips agree with each other.
    return [] if len(reasons) == 2 else reasons


def _opposite_predicate(claim: ParsedText, evidence: ParsedText, same_event: bool) -> Reason | None:
    for axis in sorted({p.key for p in claim.predicates} & {p.key for p in evidence.predicates}):
        mine = [p for p in claim.predicates if p.key == axis]
        theirs = [p for p in evidence.predicates if p.key == axis]
        if axis == "order":
            # "after" appears in many sentences; it only opposes "before" around one event.
            events_match = same_event and bool(_axes(claim) & _axes(evidence))
            if not (events_match or (claim.durations and evidence.durations)):
                continue
        if len({p.polarity for p in mine + theirs}) == 1:
            continue  # every verb on this axis points the same way
        found = _aligned_opposite(claim, evidence, mine, theirs)
        if found is not None:
            return Reason("opposite_predicate", found[0], found[1], detail=axis)
    return None


def _aligned_opposite(
    claim: ParsedText,
    evidence: ParsedText,
    mine: list[Predicate],
    theirs: list[Predicate],
) -> tuple[str, str] | None:
    """An opposing verb counts only when said of the same thing (shared words or entities
    around both verbs) and no verb of the same polarity is said of it too."""
    agree = False
    opposed: tuple[str, str] | None = None
    for p in mine:
        near = _context(claim, p.text, 30)
        for q in theirs:
            if not near & _context(evidence, q.text, 30):
                continue
            if p.polarity == q.polarity:
                agree = True
            elif opposed is None:
                opposed = (p.text, q.text)
    return None if agree else opposed


# Actions that relate parties (who made, founded, joined, sued, agreed with whom). Verbs of
# change, release or stance are phrased too many ways for their absence to mean silence.
_RELATION_AXES: Final = frozenset(
    {"develop", "founding", "membership", "legal_action", "agreement"}
)


def _unstated_actions(claim: ParsedText, evidence: ParsedText) -> list[str]:
    """Actions the claim states that the evidence never mentions ("developed by OpenAI"
    against "similar to OpenAI's ChatGPT"). Unlike a missing detail, another statement cannot
    supply the action: the facts around it would not be about the same event."""
    evidence_axes = _axes(evidence)
    missing: dict[str, str] = {}
    for predicate in claim.predicates:
        if predicate.key in _RELATION_AXES and predicate.key not in evidence_axes:
            missing.setdefault(predicate.key, predicate.text)
    return list(missing.values())


def _unverified_specifics(claim: ParsedText, evidence: ParsedText) -> list[str]:
    """The claim's details the evidence cannot confirm: a kind of figure or duration it never
    mentions, a date finer than any it gives ("July 2023" against "2023"), or a named entity
    it does not name."""
    missing: list[str] = []
    if claim.durations and not evidence.durations:
        missing.append(claim.durations[0].text)
    for stated in claim.dates:
        precision = _date_precision(stated)
        if not any(_date_precision(other) >= precision for other in evidence.dates):
            missing.append(stated.text)
    units = {q.unit for q in evidence.numbers}
    missing += [q.text for q in claim.numbers if q.unit is not None and q.unit not in units]
    # A bare figure ("10,000 GPUs") must appear in the evidence as a matching value.
    missing += [
        q.text
        for q in claim.numbers
        if q.unit is None and not any(_overlaps(q.bounds(), o.bounds()) for o in evidence.numbers)
    ]
    evidence_keys = _entity_keys(evidence)
    seen: set[str] = set()
    for entity in claim.entities:
        if entity.type in _ROLE_TYPES and entity.key not in evidence_keys | seen:
            seen.add(entity.key)
            missing.append(entity.text)
    return missing


def _date_precision(date_ref: DateRef) -> int:
    return 3 if date_ref.day is not None else 2 if date_ref.month is not None else 1
