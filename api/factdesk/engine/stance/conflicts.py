"""The rule judge's conflict checks: what in the evidence contradicts the claim, and what of
the claim it leaves unconfirmed.

Value conflicts (a duration, date or figure that cannot be the claim's), swapped parties (an
entity in the same role replaced by another of its kind), negation parity and opposing verbs,
and the claim's actions and details the evidence is silent on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from factdesk.engine.analysis.ordinals import ORDINAL, RANK
from factdesk.engine.analysis.parsed import DateRef, Entity, ParsedText, Predicate
from factdesk.engine.analysis.tokens import lexical_tokens
from factdesk.engine.lang.ko import particles as ko
from factdesk.engine.lang.scripts import HANGUL
from factdesk.engine.stance.base import Reason

_NOT_HANGUL_AFTER: Final = rf"(?![{HANGUL}])"
_SUBJECT_PARTICLE: Final = re.compile(rf"(?:{'|'.join(ko.SUBJECT)}){_NOT_HANGUL_AFTER}")
# "A와 B", "A과 B": A is in B's place in the sentence.
_CONJUNCTION: Final = re.compile(rf"(?:{'|'.join(ko.CONJUNCTION)})\s")
# A name as the predicate: "피고는 구글과 순다르 피차이다".
_COPULA: Final = re.compile(rf"(?:{'|'.join(ko.COPULA)}){_NOT_HANGUL_AFTER}")
# Object and target particles ("구글을 고소했다", "구글에 소송을"); 에서 (at/from) is not one.
_OBJECT_PARTICLE: Final = re.compile(rf"(?:{'|'.join(ko.OBJECT)}){_NOT_HANGUL_AFTER}")
_HANGUL: Final = re.compile(f"[{HANGUL}]")
# Entity types where a swap changes the fact; "other" spans are too noisy to oppose.
_ROLE_TYPES: Final = ("person", "org", "product", "place")


@lru_cache(maxsize=16384)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(lexical_tokens(text))


def _axes(parsed: ParsedText) -> set[str]:
    return {p.key for p in parsed.predicates if p.key != "order"}


def _entity_keys(parsed: ParsedText) -> set[str]:
    return {e.key for e in parsed.entities}


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
    missing += [
        q.text
        for q in claim.numbers
        if q.unit is not None and q.unit not in units and q.unit not in _INCIDENTAL_UNITS
    ]
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


# Ordinals and ranks contradict ("first attempt" vs "third attempt") but are too often incidental
# ("the 20th century", "the first adjustment") for their absence to leave a claim unconfirmed.
_INCIDENTAL_UNITS: Final = frozenset({ORDINAL, RANK})


def _date_precision(date_ref: DateRef) -> int:
    return 3 if date_ref.day is not None else 2 if date_ref.month is not None else 1
