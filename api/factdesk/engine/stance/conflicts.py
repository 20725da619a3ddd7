"""The rule judge's conflict checks: what in the evidence contradicts the claim, and what of
the claim it leaves unconfirmed.

Value conflicts (a duration, date or figure that cannot be the claim's), swapped parties (an
entity in the same role replaced by another of its kind), negation parity and opposing verbs,
and the claim's actions and details the evidence is silent on.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Final

from factdesk.engine.analysis.names import same_name
from factdesk.engine.analysis.ordinals import ORDINAL, RANK
from factdesk.engine.analysis.parsed import DateRef, Entity, ParsedText, Predicate
from factdesk.engine.analysis.roles import compatible_roles
from factdesk.engine.analysis.tokens import lexical_tokens
from factdesk.engine.stance.base import Reason

# Entity types where a swap changes the fact: the gazetteer's, and names found in the text
# ("initial": a capitalised word opening a sentence, which may be no name).
_FOUND_TYPES: Final = ("name", "initial")
_ROLE_TYPES: Final = ("person", "org", "product", "place", *_FOUND_TYPES)


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


def align_entities(claim: ParsedText, evidence: ParsedText) -> tuple[ParsedText, ParsedText]:
    """The claim with each of its names keyed as the evidence keys the same name ("Cannes" as
    "Cannes Film Festival", "손흥민" as "Son Heung-min"), so the checks compare keys; a claim
    name the evidence writes as an ordinary word ("lecanemab") is added to the evidence's
    entities as a modifier (it is there, but plays no role)."""
    if not claim.entities:
        return claim, evidence
    evidence_keys = _entity_keys(evidence)
    lowered = evidence.text.casefold()
    entities: list[Entity] = []
    added: list[Entity] = []
    for entity in claim.entities:
        if entity.key not in evidence_keys:
            match = next((o for o in evidence.entities if same_name(entity, o)), None)
            if match is not None:
                entity = replace(entity, key=match.key)
            elif len(entity.text) >= 3 and entity.text.casefold() in lowered:
                added.append(replace(entity, role="mod"))
        entities.append(entity)
    if added:
        evidence = replace(evidence, entities=(*evidence.entities, *added))
    return replace(claim, entities=tuple(entities)), evidence


def _frame(parsed: ParsedText, entity: Entity) -> frozenset[str]:
    """The words around a mention (names left out): two names fill the same slot of the same
    frame only when some of these are shared ("founded by X in 2010" / "founded by Y")."""
    position = parsed.text.find(entity.text)
    if position < 0:
        return frozenset()
    # Korean puts the predicate after the name: the next few words ("김범석이 설립했다");
    # English words on both sides ("filed a lawsuit … in X").
    before, after = (6, 16) if parsed.language == "ko" else (50, 50)
    window = parsed.text[max(0, position - before) : position + len(entity.text) + after]
    names = set().union(*(_tokens(e.text) for e in parsed.entities))
    return _tokens(window) - names


def _checkable(role: str) -> bool:
    """A role whose name is a detail of the claim: not a modifier, a list item, a possessor
    ("Bong Joon-ho's Parasite"), a name before a Korean noun, or a name whose role is unknown."""
    base, _, head = role.partition(":")
    # A Korean name before a noun ("AGI 연구소를") details the noun, not the claim.
    return base not in ("mod", "list", "any", "poss") and not head


def _same_kind(a: Entity, b: Entity) -> bool:
    """An English name before a noun ("a New York court", "the nonprofit AGI research lab")
    stands for that kind of thing: another name fills its slot only before the same noun or
    when it ends in that noun ("San Francisco Superior Court")."""
    heads = [e.role.partition("^")[2] for e in (a, b)]
    if heads[0] == heads[1]:
        return True
    for index, head in enumerate(heads):
        other = (b, a)[index]
        if head and not heads[1 - index]:
            return other.text.split()[-1].casefold() == head
    return False


def _related(a: Entity, b: Entity) -> bool:
    """The same name, or one inside the other ("AI" in "OpenAI"): never a rival."""
    shorter, longer = sorted((a.key, b.key), key=len)
    if len(shorter) >= 2 and shorter in longer:
        return True
    # Gazetteer keys are canonical (and a place it implies repeats its source's text).
    return (a.type in _FOUND_TYPES or b.type in _FOUND_TYPES) and same_name(a, b)


def _types_compatible(a: str, b: str) -> bool:
    """A name found in the text has no type; one from the gazetteer keeps its own."""
    return a == b or a in _FOUND_TYPES or b in _FOUND_TYPES


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


def _entity_conflicts(claim: ParsedText, evidence: ParsedText, close: bool) -> list[Reason]:
    """A claim entity the evidence lacks where the evidence names another in the same role
    ("directed by X" / "directed by Y", "X에서" / "in Y"; `analysis.roles`).

    Entities either text mentions anywhere are never the basis of a conflict, so extra or
    passive-voice mentions do not count; only a swap in a compatible type and role does.
    """
    claim_keys, evidence_keys = _entity_keys(claim), _entity_keys(evidence)
    if not claim_keys & evidence_keys and not close:
        # No common actor and not a close restatement: nothing says the two texts tell the
        # same story ("대구의 기온이 41도" / "홍천의 기온이 41도" is one).
        return []
    reasons: list[Reason] = []
    reported: set[str] = set()
    across = claim.language != evidence.language
    # Places the gazetteer implies repeat their source's text ("San Francisco Superior Court"
    # for San Francisco): they are compared by key.
    texts: dict[str, str] = {}
    implied: set[str] = set()
    for other in evidence.entities:
        if texts.setdefault(other.text, other.key) != other.key:
            implied.add(other.key)
    # "sued X" / "filed a lawsuit against Y": the same action word is the same frame.
    shared_action = bool(_axes(claim) & _axes(evidence))
    unmatched = {
        e.role for e in claim.entities if e.type in _ROLE_TYPES and e.key not in evidence_keys
    }
    if len(unmatched) > 1:
        # Names missing in two slots: another story about one shared party ("봉준호's
        # Parasite won the Palme d'Or" / "박찬욱 won best director"), not a swapped name.
        return []
    for entity in claim.entities:
        if entity.type not in _ROLE_TYPES or entity.key in evidence_keys or entity.key in reported:
            continue
        rivals = [
            other
            for other in evidence.entities
            if _types_compatible(other.type, entity.type)
            and other.key not in claim_keys
            and compatible_roles(entity.role, other.role, across=across)
            and (across or _same_kind(entity, other))
            and (other.key in implied or not any(_related(mine, other) for mine in claim.entities))
            and (across or shared_action or _frame(claim, entity) & _frame(evidence, other))
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
    same_language = claim.language == evidence.language
    claim_keys = _entity_keys(claim)
    # Across languages a claim name the evidence does not match may be translated, not
    # missing; it is left unconfirmed only when the evidence names something else unmatched.
    other_names = same_language or any(
        e.type in _FOUND_TYPES
        and e.key not in claim_keys
        and not any(_related(e, mine) for mine in claim.entities)
        for e in evidence.entities
    )
    for entity in claim.entities:
        if entity.type == "initial" or (
            entity.type == "name" and (not other_names or not _checkable(entity.role.split("^")[0]))
        ):
            # A capitalised first word may be no name, a translated one ("기생충" / "Parasite")
            # is not matched, and a name found in the text leaves a claim unconfirmed only in a
            # role of its own (the party, the object, the place …).
            continue
        if entity.type in _ROLE_TYPES and entity.key not in evidence_keys | seen:
            seen.add(entity.key)
            missing.append(entity.text)
    return missing


# Ordinals and ranks contradict ("first attempt" vs "third attempt") but are too often incidental
# ("the 20th century", "the first adjustment") for their absence to leave a claim unconfirmed.
_INCIDENTAL_UNITS: Final = frozenset({ORDINAL, RANK})


def _date_precision(date_ref: DateRef) -> int:
    return 3 if date_ref.day is not None else 2 if date_ref.month is not None else 1
