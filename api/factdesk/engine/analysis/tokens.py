"""Language detection and lexical tokens (BM25 / FTS5), with the light English stemmer and the
Korean ending stripper.

Both of those are ours, hand-written, rather than PyStemmer or a Korean morphological analyser:
the tokens every store has indexed, and the retrieval figures in docs/QUALITY.md, come from these
exact rules, so changing them means re-indexing and re-measuring. A later issue replaces them
with PyStemmer and kiwipiepy; this module keeps them unchanged until then.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from factdesk.engine.lang.en.morphology import KEEP_DOUBLED, POSSESSIVE, STEM_EXCEPTIONS, VOWELS
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko.particles import PARTICLES as KO_PARTICLES
from factdesk.engine.lang.ko.particles import VERB_ENDINGS as KO_VERB_ENDINGS
from factdesk.engine.lang.ko.stop_words import STOP_WORDS as KO_STOP_WORDS
from factdesk.engine.lang.scripts import (
    HANGUL,
    HANGUL_FIRST,
    HANGUL_LAST,
    SCRIPT_LANGUAGE,
    SCRIPT_RANGES,
)
from factdesk.text import normalize_text

__all__ = ["detect_language", "lexical_tokens", "stem_en"]


@lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    o = ord(ch)
    for script, ranges in SCRIPT_RANGES:
        if any(low <= o <= high for low, high in ranges):
            return script
    return None


# A Hangul syllable or a Han character carries roughly what three Latin letters do, so plain
# letter counts would call Korean text with a few English names "en".
_SCRIPT_WEIGHT: Final = {"hangul": 3.0, "han": 2.0}


def detect_language(text: str) -> str:
    """Guess a BCP-47 language tag from the dominant script.

    "ko" for Hangul, "en" for Latin, "ja" when kana appear among CJK characters, "zh" for Han
    only, "ru", "ar", "he", "el", "th", "hi" by script; "und" when there are no letters.
    """
    weights: dict[str, float] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        script = _script(ch)
        if script is not None:
            weights[script] = weights.get(script, 0.0) + _SCRIPT_WEIGHT.get(script, 1.0)
    if not weights:
        return "und"
    if weights.get("kana", 0.0) > 0:
        # Japanese mixes kanji and kana; any kana among dominant CJK means Japanese.
        weights["kana"] += weights.pop("han", 0.0)
    best = max(weights, key=lambda s: weights[s])
    if best == "kana":
        return "ja"
    if best == "han":
        return "zh"
    return SCRIPT_LANGUAGE.get(best, "und")


def _undouble(word: str) -> str:
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in KEEP_DOUBLED:
        return word[:-1]
    return word


def stem_en(word: str) -> str:
    """A deliberately light English stemmer: plurals, -ed, -ing and a final -e."""
    if len(word) <= 3 or not word.isalpha() or word in STEM_EXCEPTIONS:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ued"):
        word = word[:-1]  # "sued", "continued"
    elif word.endswith("ed") and not word.endswith("eed") and len(word) > 4:
        if VOWELS & set(word[:-2]):
            word = _undouble(word[:-2])
    elif word.endswith("ing") and len(word) > 5 and VOWELS & set(word[:-3]):
        word = _undouble(word[:-3])
    # Dropping a final e lets "release", "released" and "releasing" meet at "releas".
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_KO_ENDINGS: Final = tuple(sorted(set(KO_PARTICLES) | set(KO_VERB_ENDINGS), key=len, reverse=True))

_TOKEN_WORD: Final = re.compile(r"[^\W_]+")
# Latin (after accent stripping), Hangul, and every other script's letters as they are
# (Hebrew, Arabic, Cyrillic …: no stemming, whole runs as tokens).
_TOKEN_RUN: Final = re.compile(rf"[0-9a-z]+|[{HANGUL}]+|[^\W_0-9a-z{HANGUL}]+")
_POSSESSIVE: Final = re.compile(rf"(?<=[0-9a-z]){POSSESSIVE}\b")
_DIGIT_GROUP: Final = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _strip_accents(text: str) -> str:
    # NFD splits accents off Latin letters (and Hangul into jamo); NFC puts Hangul back together.
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _strip_korean_ending(word: str) -> str:
    for ending in _KO_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def lexical_tokens(text: str, language: str | None = None) -> list[str]:
    """Tokens for full-text indexing and BM25; the same function runs over statements and queries.

    Tokens are runs of [0-9a-z], of Hangul syllables, or of another script's letters and
    digits (never punctuation or quotes), so they are safe as FTS5 barewords.
    Tokenisation is driven by script rather than `language` (accepted for interface stability)
    so that an English name inside a Korean sentence indexes exactly as it does in English.
    """
    del language
    text = _strip_accents(normalize_text(text).casefold())
    text = _DIGIT_GROUP.sub("", _POSSESSIVE.sub("", text))
    tokens: list[str] = []
    for match in _TOKEN_WORD.finditer(text):
        word = match.group()
        stripped = _strip_korean_ending(word) if HANGUL_FIRST <= word[-1] <= HANGUL_LAST else word
        for run in _TOKEN_RUN.findall(stripped):
            if HANGUL_FIRST <= run[0] <= HANGUL_LAST:
                _add_korean_tokens(run, word, tokens)
            elif run not in EN_STOP_WORDS:
                tokens.append(stem_en(run))
    return tokens


def _add_korean_tokens(stem: str, word: str, tokens: list[str]) -> None:
    if stem in KO_STOP_WORDS:
        return
    tokens.append(stem)
    if (
        len(stem) == 1
        and len(word) == 2
        and word != stem
        and HANGUL_FIRST <= word[0] <= HANGUL_LAST
    ):
        # "달을" -> "달" is right, "나이" -> "나" is not; keeping the whole word covers both.
        tokens.append(word)
    if len(stem) > 2:
        tokens.extend(stem[i : i + 2] for i in range(len(stem) - 1))
