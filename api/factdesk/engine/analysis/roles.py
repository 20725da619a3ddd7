"""The role a name plays in its sentence: the party that acted (subject or "by X"), the object,
the place ("in X", "X에서"), the source or goal of a move ("from X", "X로"), a possessor …

English roles come from the function word before the name (`lang/en/roles.py`) or, without
one, from word order (a name opening a clause is its subject, one after a verb its object);
Korean roles from the particle Kiwi finds after the name or after the noun it titles ("박찬욱
감독이" is the subject; `lang/ko/roles.py`). "A와 B", "A and B" give A B's role; three or more
names in a row are a list and play no role; a Korean name with no particle is a modifier.
"""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.analysis.names import kiwi_tokens
from factdesk.engine.lang.en import roles as en
from factdesk.engine.lang.ko import roles as ko

__all__ = ["ANY", "compatible_roles", "name_roles"]

ANY: Final = "any"
MODIFIER: Final = "mod"
LIST: Final = "list"
_CONJ: Final = "conj"
# Roles that may stand for each other: "founded by X" and "X founded" name the same party.
# "X's film" names its maker as "a film by X" does.
_SAME: Final = {
    "subj": {"subj", "agent"},
    "agent": {"subj", "agent", "poss"},
    "poss": {"poss", "of", "agent"},
    "of": {"of", "poss"},
    # "sued X" / "filed a lawsuit against X".
    "obj": {"obj", "with"},
    "with": {"with", "obj"},
}
_CORE: Final = {"subj", "agent", "obj"}
_ACROSS: Final = {"obj", "to"}
_EN_WORD: Final = re.compile(r"[A-Za-z0-9'’]+|[,;:()—–]")
_LIST_GAP: Final = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)(?:the\s+)?$", re.IGNORECASE
)


def compatible_roles(a: str, b: str, *, across: bool = False) -> bool:
    """Whether two roles can be the same slot of a sentence (a Korean 에서 is a place or a
    source; "any" stands for a subject or an object). `across` languages, an object and a goal
    are one slot too ("joined X" / "X로 이적했다")."""
    if a in (MODIFIER, LIST, _CONJ, "") or b in (MODIFIER, LIST, _CONJ, ""):
        return False
    if _EN_HEAD in a and _EN_HEAD in b:
        # Two English names before a noun: the same noun is the same slot.
        return a.partition(_EN_HEAD)[2] == b.partition(_EN_HEAD)[2]
    a, b = a.partition(_EN_HEAD)[0], b.partition(_EN_HEAD)[0]
    if across and (a.partition(_HEAD)[2] or b.partition(_HEAD)[2]):
        return False  # a Korean name before a noun has the noun's role, unknown in English
    if _HEAD in a and _HEAD in b:
        # Two Korean names: the same noun after both ("소치 동계올림픽에서" / "밴쿠버 동계올림픽
        # 피겨스케이팅 …") is the same slot; different nouns, or one and none, are not.
        (a, head_a), (b, head_b) = a.split(_HEAD, 1), b.split(_HEAD, 1)
        if head_a or head_b:
            return head_a == head_b
    a, b = a.split(_HEAD, 1)[0], b.split(_HEAD, 1)[0]

    def parts(role: str) -> set[str]:
        return set(_CORE) if role == ANY else set(role.split("/"))

    def expand(role: str) -> set[str]:
        out: set[str] = set()
        for part in parts(role):
            out |= _SAME.get(part, {part})
            if across and part in _ACROSS:
                out |= _ACROSS
        return out

    # Not transitive: "X's film" may be "a film by X", and "by X" may be "X made", but a
    # possessor is no subject.
    return bool(parts(a) & expand(b) or parts(b) & expand(a))


def name_roles(text: str, language: str, spans: list[tuple[int, int]]) -> list[str]:
    """The role of each span (in text order) in `text`."""
    if language == "ko":
        roles = [_korean_role(text, start, end, spans) for start, end in spans]
    else:
        roles = _english_roles(text, spans)
    # "A와 B를", "A and B": A takes B's role (right to left, so chains pass it on).
    for i in range(len(roles) - 2, -1, -1):
        if roles[i] == _CONJ:
            roles[i] = roles[i + 1]
    # Three or more names in a row ("China, the UK, Japan and Germany") are a list.
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and _LIST_GAP.match(text[spans[j][1] : spans[j + 1][0]]):
            j += 1
        if j - i >= 2:
            for k in range(i, j + 1):
                roles[k] = LIST
        i = j + 1
    return [ANY if r == _CONJ else r for r in roles]


def _english_roles(text: str, spans: list[tuple[int, int]]) -> list[str]:
    roles: list[str] = []
    for index, (start, end) in enumerate(spans):
        after = text[end : end + 2]
        if after[:2] in ("'s", "’s") or (after[:1] in ("'", "’") and text[end - 1 : end] == "s"):
            roles.append("poss")
            continue
        before = _EN_WORD.findall(text[max(0, start - 60) : start])
        skipped = 0
        while before and (before[-1].casefold() in en.SKIPPED or before[-1].isdigit()):
            before.pop()
            skipped += 1
        if not before:
            roles.append("subj")
            continue
        word = before[-1].casefold()
        # After a determiner ("a German company", "the nonprofit AGI research lab") a name
        # followed by a lower-case noun modifies that noun.
        determined = skipped > 0 or (
            len(before) >= 2 and before[-1].islower() and before[-2].casefold() in en.SKIPPED
        )
        head = _english_head(text, end) if determined else ""
        if head:
            # "a German company" / "the French company Mistral": the noun after decides.
            roles.append(
                f"{_role_before(word, index, spans, text, start, skipped)}{_EN_HEAD}{head}"
            )
        elif word.endswith(en.POSSESSIVE[:2]) and not skipped:
            roles.append(MODIFIER)  # "France's Mistral": the possessed thing's role is unknown
        elif word in en.PREPOSITIONS:
            roles.append(en.PREPOSITIONS[word])
        elif word in en.CONJUNCTIONS and index > 0 and skipped == 0:
            previous_end = spans[index - 1][1]
            gap = text[previous_end:start].strip().casefold()
            roles.append(_CONJ_AFTER if gap in en.CONJUNCTIONS else "subj")
        elif word in en.CLAUSE_STARTS or word in {",", ";", ":", "(", "—", "–"}:
            roles.append("subj")
        elif before[-1][0].islower():
            roles.append("obj")  # after a verb
        else:
            roles.append(ANY)
    # "between X and Y": Y takes X's role.
    for i in range(1, len(roles)):
        if roles[i] == _CONJ_AFTER:
            roles[i] = roles[i - 1]
    return roles


_CONJ_AFTER: Final = "conj-after"
_EN_HEAD: Final = "^"
_EN_NEXT: Final = re.compile(r"\s+([a-z][a-z\-]+)")


def _english_head(text: str, end: int) -> str:
    """The lower-case noun right after a name that follows a determiner ("a German company"),
    or "" (a verb or preposition follows, or nothing)."""
    m = _EN_NEXT.match(text, end)
    if m is None:
        return ""
    word = m.group(1)
    if word in en.PREPOSITIONS or word in en.CONJUNCTIONS or word in en.CLAUSE_STARTS:
        return ""
    if word in en.NOT_HEADS or word.endswith(en.VERB_ENDINGS):
        return ""
    return word


def _role_before(
    word: str, index: int, spans: list[tuple[int, int]], text: str, start: int, skipped: int
) -> str:
    if word in en.PREPOSITIONS:
        return en.PREPOSITIONS[word]
    if word in en.CLAUSE_STARTS or not word[0].isalpha():
        return "subj"
    return "obj" if word.islower() else ANY


def _korean_role(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    tokens = kiwi_tokens(text)
    heads: list[str] = []
    for form, tag, t_start, length in tokens:
        if t_start < end:
            if t_start + length == end + 1 and form[-1] in ko.GLUED:
                return _headed(ko.GLUED[form[-1]], heads)  # a particle left on an unknown name
            if t_start + length == end + 1 and form[-1] == ko.GLUED_COPULA:
                return _headed(ko.COPULA_ROLE, heads)
            continue
        if any(s <= t_start < e for s, e in spans):
            return MODIFIER  # another name follows: a title, an apposition, a chain
        if tag in ko.TAGS:
            return _headed(ko.TAGS[tag], heads)
        if tag.startswith("J"):
            return _headed(ko.FORMS.get(form, ANY), heads)
        if tag in ko.HEAD_TAGS:
            if tag in ("NNG", "NNB"):
                heads.append(form)
            continue
        break
    return _headed(ANY, heads) if heads else MODIFIER


def _headed(role: str, heads: list[str]) -> str:
    """A Korean role with the first noun the name modifies ("AGI 연구소를" is "obj:연구소"):
    two names fill one slot only with the same noun after them (or none)."""
    if role in (_CONJ, MODIFIER) or (role == ANY and not heads):
        return role
    return f"{role}{_HEAD}{heads[0] if heads else ''}"


_HEAD: Final = ":"
