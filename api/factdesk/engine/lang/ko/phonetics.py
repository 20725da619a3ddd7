"""Hangul jamo as coarse consonant classes, for comparing a Korean spelling of a name with its
Latin one ("토트넘" / "Tottenham", "박찬욱" / "Park Chan-wook").

A syllable is decomposed (initial, medial, final); vowels only separate consonants, and each
consonant maps to one class shared with the English rules (`lang/en/phonetics.py`):
P (ㅂ ㅍ ㅃ: b p f v), T (ㄷ ㅌ ㄸ: d t th), K (ㄱ ㅋ ㄲ: g k c q),
S (ㅅ ㅆ ㅈ ㅊ ㅉ: s z j ch sh), H, L (ㄹ: l r), M, N.
The silent initial ㅇ and the final ㅎ give nothing; the final ㅇ is N ("ng").
"""

from __future__ import annotations

from typing import Final

# The 19 initials, 21 medials and 28 finals (the first final is "none") in Unicode's order.
INITIALS: Final = (
    "K",
    "K",
    "N",
    "T",
    "T",
    "L",
    "M",
    "P",
    "P",
    "S",
    "S",
    "",
    "S",
    "S",
    "S",
    "K",
    "T",
    "P",
    "H",
)
MEDIAL_COUNT: Final = 21
FINALS: Final = (
    "",
    "K",
    "K",
    "K",
    "N",
    "N",
    "N",
    "T",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "L",
    "M",
    "P",
    "P",
    "S",
    "S",
    "N",
    "T",
    "T",
    "K",
    "T",
    "P",
    "",
)
FINAL_COUNT: Final = 28
# Medial vowels (by index) that spellers confuse: ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ ("국재" for "국제").
CONFUSABLE_MEDIALS: Final = frozenset({(1, 5), (3, 7), (10, 11), (10, 15), (11, 15)})
