"""Language detection and lexical tokens (BM25 / FTS5).

Korean text is cut into morphemes by kiwipiepy's Kiwi (`analysis.morphology`), which beat the
particle stripping and syllable bigrams it replaces on Korean retrieval (docs/QUALITY.md,
"Language tooling"). English words go through `stem_en`, our light stemmer, which we keep over
Snowball (PyStemmer) because CLEF-2020 MAP@5 of the whole product was measured with both and
Snowball did not do better (same section). Language detection is by script, then, for Latin
text, by which language's stop words it uses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from factdesk.engine.analysis.morphology import kiwi
from factdesk.engine.lang.en.morphology import KEEP_DOUBLED, POSSESSIVE, STEM_EXCEPTIONS, VOWELS
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko.morphemes import FOREIGN_TAGS as KO_FOREIGN_TAGS
from factdesk.engine.lang.ko.morphemes import INDEXED_TAGS as KO_INDEXED_TAGS
from factdesk.engine.lang.ko.morphemes import WEB_TAG_PREFIX as KO_WEB_TAG_PREFIX
from factdesk.engine.lang.latin import OTHER_STOP_WORDS
from factdesk.engine.lang.scripts import (
    HANGUL,
    HANGUL_FIRST,
    HANGUL_LAST,
    SCRIPT_LANGUAGE,
    SCRIPT_RANGES,
)
from factdesk.text import normalize_text

__all__ = ["detect_language", "lexical_tokens", "stem_en"]

# Languages whose Latin words are stemmed as English: English, and Korean, whose Latin words
# are mostly English names ("오픈AI", "Grok을").
_STEMMED: Final = frozenset({"en", "ko"})
# A language other than English is named only on this many of its stop words, and more than
# the English ones: one "la" or "des" is as likely a name ("La Liga", "Des Moines").
_STOP_WORD_EVIDENCE: Final = 2
_LATIN_WORD: Final = re.compile(r"[^\W\d_]+")
_HAS_HANGUL: Final = re.compile(f"[{HANGUL}]")


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

    "ko" for Hangul; for Latin "en" unless French, Spanish, German, Portuguese or Italian stop
    words outnumber English ones; "ja" when kana appear among CJK characters, "zh" for Han
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
    if best == "latin":
        return _latin_language(text)
    return SCRIPT_LANGUAGE.get(best, "und")


def _latin_language(text: str) -> str:
    """ "en", or the language in `lang.latin` whose stop words the text uses (and more of them
    than English ones), or "ko" for Latin-heavy text with Hangul in it and no English stop word
    ("Elon Musk의 xAI, Grok-1.5 공개"). Short claims without any stop word stay English."""
    # Single letters ("a", "o", "y") are words in several of these languages; they tell nothing.
    words = [w for w in _LATIN_WORD.findall(text.casefold()) if len(w) > 1]
    english = sum(w in EN_STOP_WORDS for w in words)
    if english == 0 and _HAS_HANGUL.search(text):
        return "ko"
    hits = {code: sum(w in stop for w in words) for code, stop in OTHER_STOP_WORDS.items()}
    code = max(hits, key=lambda c: hits[c])
    if hits[code] >= _STOP_WORD_EVIDENCE and hits[code] > english:
        return code
    return "en"


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


# Lexical tokens are compared without accents, so the stop words they leave out are too.
_UNACCENTED_STOP_WORDS: Final = {
    code: EN_STOP_WORDS | {_strip_accents(w) for w in words}
    for code, words in OTHER_STOP_WORDS.items()
}


def _language(language: str | None, text: str) -> str:
    return (language or detect_language(text)).split("-")[0].casefold()


def lexical_tokens(text: str, language: str | None = None) -> list[str]:
    """Tokens for full-text indexing and BM25; the same function runs over statements and queries.

    Tokens are runs of [0-9a-z], of Hangul syllables, or of another script's letters and
    digits (never punctuation or quotes), so they are safe as FTS5 barewords. Korean text is cut
    into morphemes by Kiwi and keeps its content morphemes (`lang.ko.morphemes`), with no
    stop-word list: BM25's idf weighs the common ones down, and dropping them cost Korean
    retrieval (docs/QUALITY.md, "Language tooling"). Latin runs are stemmed as English in
    English and Korean text, so that an English name inside a Korean sentence indexes exactly as
    it does in English; in any other language (`language`, or the detected one) they are kept as
    they are, less that language's stop words.
    """
    text = normalize_text(text)
    language = _language(language, text)
    stem = language in _STEMMED
    stop_words = _UNACCENTED_STOP_WORDS.get(language, EN_STOP_WORDS)
    text = _strip_accents(text.casefold())
    text = _DIGIT_GROUP.sub("", _POSSESSIVE.sub("", text))
    tokens: list[str] = []
    for piece, korean in _pieces(text):
        for run in _TOKEN_RUN.findall(piece):
            if HANGUL_FIRST <= run[0] <= HANGUL_LAST:
                if korean:
                    tokens.append(run)
            elif run not in stop_words:
                tokens.append(stem_en(run) if stem and run.isascii() else run)
    return tokens


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """The text's words, or with Hangul in it Kiwi's morphemes, each with whether its Hangul
    is a content morpheme (particles and endings are not)."""
    if not _HAS_HANGUL.search(text):
        for word in _TOKEN_WORD.findall(text):
            yield word, False
        return
    for token in kiwi().tokenize(text):
        tag = token.tag.split("-")[0]  # "VV-I": an irregular verb stem
        if tag in KO_INDEXED_TAGS:
            yield token.form, True
        elif tag in KO_FOREIGN_TAGS or tag.startswith(KO_WEB_TAG_PREFIX):
            yield token.form, False
