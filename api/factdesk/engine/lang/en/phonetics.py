"""Latin spellings as coarse consonant classes (see `lang/ko/phonetics.py` for the classes).

Rules are tried in order at each position; the first that matches gives its class and length.
A vowel (or w, y, a silent h) gives "" and separates consonants; doubled letters count once.
"""

from __future__ import annotations

from typing import Final

# (spelling, class); longer spellings first where they share a start.
RULES: Final = (
    ("tch", "S"),
    ("sch", "S"),
    ("ch", "S"),
    ("sh", "S"),
    ("ph", "P"),
    ("th", "T"),
    ("gh", ""),
    ("ck", "K"),
    ("ng", "N"),
    ("qu", "K"),
    ("x", "KS"),
    ("ce", "S"),
    ("ci", "S"),
    ("cy", "S"),
    ("ge", "S"),
    ("gi", "S"),
    ("b", "P"),
    ("p", "P"),
    ("f", "P"),
    ("v", "P"),
    ("d", "T"),
    ("t", "T"),
    ("g", "K"),
    ("k", "K"),
    ("c", "K"),
    ("q", "K"),
    ("s", "S"),
    ("z", "S"),
    ("j", "S"),
    ("h", "H"),
    ("l", "L"),
    ("r", "L"),
    ("m", "M"),
    ("n", "N"),
)
VOWELS: Final = frozenset("aeiouwy")
# Korean spellings often leave out an "r" after a vowel and before a consonant or at the end
# ("Park" = 박) and an "h" inside a word ("Tottenham" = 토트넘): tried as a variant
# (`analysis.names`).
