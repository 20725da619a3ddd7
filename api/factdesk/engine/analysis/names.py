"""Names found in the text itself, and whether two mentions name the same thing.

No list of names: English names are runs of capitalised words (mid-sentence, or longer than one
word, with "of/de/van" joins, acronyms and CamelCase such as "xAI"); Korean names are Kiwi's
proper nouns (NNP) and foreign-letter words (SL), joined when adjacent. Two mentions name the
same thing when their keys are equal, when one's words are a subset of the other's ("Cannes" /
"Cannes Film Festival", "레버쿠젠" / "바이어 레버쿠젠"), when a typo separates them, or, across
scripts, when the consonant skeletons of the Hangul and the Latin spelling agree
(`lang/ko/phonetics.py`, `lang/en/phonetics.py`: "손흥민" / "Son Heung-min").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA, Levenshtein

from factdesk.engine.analysis.morphology import kiwi
from factdesk.engine.analysis.parsed import Entity, Mask
from factdesk.engine.lang.en import phonetics as en_sound
from factdesk.engine.lang.en.names import (
    INITIAL_NOT_NAME_ENDINGS,
    NAME_CONNECTORS,
    NOT_NAMES,
    POSSESSIVE_DETERMINERS,
)
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko import phonetics as ko_sound
from factdesk.engine.lang.ko import roles as ko_roles
from factdesk.engine.lang.scripts import HANGUL, HANGUL_SYLLABLES

__all__ = [
    "KiwiToken",
    "english_names",
    "kiwi_tokens",
    "korean_names",
    "name_key",
    "same_name",
]

KiwiToken = tuple[str, str, int, int]  # form, tag, start, length

_WORD: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9]*(?:['’.\-&][A-Za-z0-9]+)*")
_POSSESSIVE: Final = re.compile(r"['’]s$")
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;\"“”(\[]\s*|\n\s*)$")
_HANGUL_CHAR: Final = re.compile(f"[{HANGUL}]")
# Skeleton similarity two spellings of one name reach (1 - edit distance / longer length).
_SOUND_MATCH: Final = 0.75
# Skeletons this short must agree exactly.
_SHORT_SKELETON: Final = 4


@lru_cache(maxsize=4096)
def kiwi_tokens(text: str) -> tuple[KiwiToken, ...]:
    """Kiwi's morphemes of `text` (cached: the parse asks for them more than once)."""
    return tuple((t.form, t.tag, t.start, t.len) for t in kiwi().tokenize(text))


def name_key(surface: str) -> str:
    """The key a found name is compared by: casefolded letters and digits, no spaces/hyphens."""
    return re.sub(r"[\W_]+", "", surface.casefold())


# -- English -------------------------------------------------------------------------------


def _capitalised(word: str) -> bool:
    return any(c.isupper() for c in word) and word.casefold() not in NOT_NAMES


def english_names(text: str, mask: Mask) -> list[tuple[int, int, str]]:
    """Spans of capitalised runs, with the type "name", or "initial" for a single capitalised
    word that opens a sentence (it may be a name or just the first word)."""
    found: list[tuple[int, int, str]] = []
    for run in _runs(text, mask):
        while run and run[-1][2].casefold() in NAME_CONNECTORS:
            run = run[:-1]
        while run and (
            run[0][2].casefold() in NAME_CONNECTORS or run[0][2].casefold() in EN_STOP_WORDS
        ):
            run = run[1:]
        if not run:
            continue
        start, end = run[0][0], run[-1][1]
        initial = bool(_SENTENCE_START.search(text[max(0, start - 8) : start])) and (
            text[:start].strip(" \"“'‘(") == "" or _SENTENCE_START.search(text[:start])
        )
        capitals = sum(1 for w in run if _capitalised(w[2]))
        if len(run) == 1 and (len(run[0][2]) < 2 or any(c.isdigit() for c in run[0][2])):
            continue  # "C" of "41 °C", an initial; a code or formula ("CO2", "5G")
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 8) : start])
        if len(run) == 1 and before and before[-1].casefold() in POSSESSIVE_DETERMINERS:
            continue
        if initial and capitals < 2:
            word = run[0][2]
            inner_capital = any(c.isupper() for c in word[1:])
            if not inner_capital and (
                len(word) < 3 or word.casefold().endswith(INITIAL_NOT_NAME_ENDINGS)
            ):
                continue
            found.append((start, end, "name" if inner_capital else "initial"))
            continue
        found.append((start, end, "name"))
    return found


def _runs(text: str, mask: Mask) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of capitalised words (connectors allowed inside) not yet claimed by the mask."""
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        capital = _capitalised(word) and not (word.isdigit())
        connector = bool(run) and word in NAME_CONNECTORS
        adjacent = last_end >= 0 and text[last_end:start] == " "
        usable = mask.free(start, end) and (capital or connector)
        if run and not (usable and adjacent):
            yield run
            run = []
        if usable and (capital or run):
            run.append((start, end, word))
        last_end = end
        if possessive and run:
            yield run  # "Bong Joon-ho's Parasite": the name ends at the possessive
            run = []
            last_end = -1
    if run:
        yield run


# -- Korean --------------------------------------------------------------------------------


def _is_name_token(form: str, tag: str) -> bool:
    if tag == "NNP":
        return True
    # Latin words inside Korean text: acronyms, CamelCase and capitalised names, not units.
    return tag == "SL" and any(c.isupper() for c in form) and form.casefold() not in NOT_NAMES


def korean_names(text: str, mask: Mask) -> list[tuple[int, int, str]]:
    """Spans of Kiwi proper nouns and foreign names, adjacent ones joined ("일론 머스크",
    "GTX-A"), with a common noun glued in front kept ("블랙" + "핑크")."""
    tokens = kiwi_tokens(text)
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        form, tag, start, length = tokens[i]
        glued = _glued_particle(text, tokens[i])
        if not _is_name_token(form, tag) and not glued:
            i += 1
            continue
        end = start + length - (1 if glued else 0)
        j = i + 1
        while j < len(tokens) and not glued:
            f2, t2, s2, l2 = tokens[j]
            gap = text[end:s2]
            latin_pair = (t2 == "SL") == (tag == "SL")
            joins = gap in ("", "-", "·") or (gap == " " and latin_pair)
            if joins and _is_name_token(f2, t2):
                end = s2 + l2
                j += 1
                if _glued_particle(text, tokens[j - 1]):
                    end -= 1  # "순다르 피차이다": the last word carries the copula
                    break
                continue
            if t2 == "SO" and f2 in ("-", "·") and gap == "" and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if _is_name_token(nxt[0], nxt[1]) and nxt[2] == s2 + l2:
                    end = nxt[2] + nxt[3]
                    j += 2
                    continue
            if t2 == "SN" and gap == "" and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if _is_name_token(nxt[0], nxt[1]) and text[s2 + l2 : nxt[2]] in ("", "-"):
                    end = s2 + l2
                    j += 1
                    continue
            break
        k = i - 1
        while k >= 0 and tokens[k][1] == "NNG" and tokens[k][2] + tokens[k][3] == start:
            start = tokens[k][2]
            k -= 1
        if mask.free(start, end):
            found.append((start, end, "name"))
        i = j
    return found


def _glued_particle(text: str, token: KiwiToken) -> bool:
    """A noun Kiwi did not know, read with its particle ("김범석이"): four or more syllables,
    ending the word in a one-syllable particle."""
    form, tag, start, length = token
    end = start + length
    if tag not in ("NNG", "NNP") or len(form) < 4:
        return False
    if form[-1] == ko_roles.GLUED_COPULA:
        return not text[end:].strip(" .!?\"'”’")
    return form[-1] in ko_roles.GLUED and (end == len(text) or not _HANGUL_CHAR.match(text, end))


# -- matching ------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _hangul_skeleton(word: str) -> str:
    out: list[str] = []
    first = HANGUL_SYLLABLES[0]
    per_initial = ko_sound.MEDIAL_COUNT * ko_sound.FINAL_COUNT
    for ch in word:
        code = ord(ch) - first
        if not 0 <= code <= HANGUL_SYLLABLES[1] - first:
            continue
        initial, rest = divmod(code, per_initial)
        final = rest % ko_sound.FINAL_COUNT
        for sound in (ko_sound.INITIALS[initial], "|", ko_sound.FINALS[final]):
            out.append(sound)
    return _collapse(out)


@lru_cache(maxsize=65536)
def _latin_skeletons(word: str) -> frozenset[str]:
    """The skeleton, and the one without the letters Korean spellings drop after a vowel."""
    letters = re.sub(r"[^a-z]", "", word.casefold())
    letters = re.sub(r"([a-z])\1+", r"\1", letters)
    variants: set[str] = set()
    for drop in (False, True):
        out: list[str] = []
        i = 0
        while i < len(letters):
            silent_r = (
                letters[i] == "r"
                and i > 0
                and letters[i - 1] in en_sound.VOWELS
                and (i + 1 == len(letters) or letters[i + 1] not in en_sound.VOWELS)
            )
            # An "h" inside a word ("Tottenham"), unless it belongs to ch/sh/th/ph/gh.
            silent_h = letters[i] == "h" and i > 0 and letters[i - 1] not in "cstpg"
            if drop and (silent_r or silent_h):
                i += 1
                continue
            if letters[i] in en_sound.VOWELS:
                out.append("|")
                i += 1
                continue
            for spelling, sound in en_sound.RULES:
                if letters.startswith(spelling, i):
                    # "ce"/"ge" keep their vowel: only the consonant is read.
                    step = len(spelling) - (1 if spelling[-1] in en_sound.VOWELS else 0)
                    out.append(sound if sound else "|")
                    i += max(1, step)
                    break
            else:
                i += 1
        variants.add(_collapse(out))
    return frozenset(variants)


def _collapse(sounds: list[str]) -> str:
    """Join the consonant classes; a class repeated with no vowel between counts once."""
    out: list[str] = []
    for sound in sounds:
        if sound == "|":
            out.append("|")
            continue
        for ch in sound:
            if out and out[-1] == ch:
                continue
            out.append(ch)
    return "".join(ch for ch in out if ch != "|")


def _sound_similarity(a: str, b: str) -> float:
    if len(a) < 2 or len(b) < 2:
        return 0.0
    if min(len(a), len(b)) <= _SHORT_SKELETON:
        return 1.0 if a == b else 0.0  # "그록" (KLK) is not "Galaxy" (KLKS)
    return 1.0 - Levenshtein.distance(a, b) / max(len(a), len(b))


@lru_cache(maxsize=65536)
def _words(surface: str) -> tuple[str, ...]:
    return tuple(w for w in (name_key(w) for w in re.split(r"[\s·~]+", surface)) if w)


def _typo(a: str, b: str) -> bool:
    """One slip apart: an edit or a swapped pair, on words of four or more characters, with the
    first character kept ("Canes" / "Cannes", "OpenIA" / "OpenAI", "머스그" / "머스크")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    if len(a) == len(b) == 4 and sorted(a) != sorted(b):
        return False  # four letters, one substituted: too often another word ("Park"/"Mark")
    return OSA.distance(a, b) <= 1


def _jamo(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch) - HANGUL_SYLLABLES[0]
    if not 0 <= code <= HANGUL_SYLLABLES[1] - HANGUL_SYLLABLES[0]:
        return None
    initial, rest = divmod(code, ko_sound.MEDIAL_COUNT * ko_sound.FINAL_COUNT)
    medial, final = divmod(rest, ko_sound.FINAL_COUNT)
    return initial, medial, final


def _hangul_typo(a: str, b: str) -> bool:
    """One syllable apart by a slip: a consonant of the same class ("머스그" / "머스크"), a
    vowel spellers confuse ("국재" / "국제") or any vowel past the first syllable of a long
    word; another vowel in a short word makes another name ("충주" / "청주")."""
    if len(a) != len(b) or len(a) < 3:
        return a == b
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return not diff
    ja, jb = _jamo(diff[0][0]), _jamo(diff[0][1])
    if ja is None or jb is None:
        return False
    (ia, ma, fa), (ib, mb, fb) = ja, jb
    if ma == mb:
        return (ia == ib or ko_sound.INITIALS[ia] == ko_sound.INITIALS[ib]) and (
            fa == fb or ko_sound.FINALS[fa] == ko_sound.FINALS[fb]
        )
    if ia != ib or fa != fb:
        return False
    # Loanwords are spelt with varying vowels past their first syllable ("프리드만"/"프리드먼");
    # a short native name with another vowel is another name ("충주"/"청주").
    late = len(a) >= 4 and a.index(diff[0][0]) > 0
    return late or tuple(sorted((ma, mb))) in ko_sound.CONFUSABLE_MEDIALS


def _subsequence(short: str, long: str) -> bool:
    """An abbreviation that keeps the first and last syllables ("인천공항" / "인천국제공항")."""
    if len(short) < 3 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    letters = iter(long)
    return all(ch in letters for ch in short)


def _latin_typo_form(surface: str) -> str:
    # A capital I and a lower-case l look alike in most fonts ("OpenAl", "xAl").
    return name_key(surface.replace("I", "l"))


@lru_cache(maxsize=65536)
def _same_surface(a: str, b: str, directed: bool) -> bool:
    """Whether `a` names what `b` names; `directed`: `a` may be a shorter form of `b` ("Musk" /
    "Elon Musk"), not a longer one ("인천국제공항 제2여객터미널" is not "인천국제공항")."""
    hangul_a, hangul_b = bool(_HANGUL_CHAR.search(a)), bool(_HANGUL_CHAR.search(b))
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return False
    if hangul_a == hangul_b:
        squashed_a, squashed_b = name_key(a), name_key(b)
        if squashed_a == squashed_b:
            return True
        if not hangul_a and _typo(_latin_typo_form(a), _latin_typo_form(b)):
            return True
        if hangul_a and _subsequence(squashed_a, squashed_b):
            return True
        if not directed and len(words_a) > len(words_b):
            words_a, words_b = words_b, words_a
        if len(words_a) > len(words_b):
            return False
        # Every word of the shorter form is in the longer, allowing a slip in each (in Korean
        # also as the start of a word: "오송" / "오송읍").
        if hangul_a:
            return all(
                len(w) >= 2 and any(_hangul_typo(w, v) or v.startswith(w) for v in words_b)
                for w in words_a
            )
        return all(len(w) >= 2 and any(_typo(w, v) for v in words_b) for w in words_a)
    korean, latin = (words_a, words_b) if hangul_a else (words_b, words_a)
    korean_sound = _hangul_skeleton("".join(korean))
    whole = _latin_skeletons("".join(latin)) | _latin_skeletons("".join(latin[::-1]))
    if any(_sound_similarity(korean_sound, s) >= _SOUND_MATCH for s in whole):
        return True
    # Word by word: every word of the side with fewer words sounds like one of the other's
    # ("레버쿠젠" / "Bayer Leverkusen").
    k_sounds = [_hangul_skeleton(w) for w in korean]
    l_sounds = [_latin_skeletons(w) for w in latin]
    if len(k_sounds) <= len(l_sounds):
        return all(
            any(_sound_similarity(k, s) >= _SOUND_MATCH for ls in l_sounds for s in ls)
            for k in k_sounds
        )
    return all(
        any(_sound_similarity(k, s) >= _SOUND_MATCH for k in k_sounds for s in ls)
        for ls in l_sounds
    )


def same_name(a: Entity, b: Entity, *, directed: bool = False) -> bool:
    """Whether two mentions name the same thing (see the module's docstring); `directed`: `a`
    may only be the shorter form."""
    if a.key == b.key:
        return True
    return _same_surface(a.text, b.text, directed)
