"""Unicode script ranges, as code-point pairs and as regex character-class fragments.

Every module that needs to know whether a character is Hangul (or Han, kana, …) asks here, so a
range is written once.
"""

from __future__ import annotations

from typing import Final

CodeRange = tuple[int, int]

HANGUL_SYLLABLES: Final[CodeRange] = (0xAC00, 0xD7A3)
HANGUL_JAMO: Final[CodeRange] = (0x1100, 0x11FF)
HANGUL_COMPATIBILITY_JAMO: Final[CodeRange] = (0x3130, 0x318F)

# The first and last precomposed Hangul syllable ("가", "힣"), for comparisons on characters.
HANGUL_FIRST: Final = chr(HANGUL_SYLLABLES[0])
HANGUL_LAST: Final = chr(HANGUL_SYLLABLES[1])
# The body of a regex character class matching one Hangul syllable: use as f"[{HANGUL}]".
HANGUL: Final = f"{HANGUL_FIRST}-{HANGUL_LAST}"

# Script name -> its code-point ranges, in the order `detect_language` tries them.
SCRIPT_RANGES: Final[tuple[tuple[str, tuple[CodeRange, ...]], ...]] = (
    ("hangul", (HANGUL_SYLLABLES, HANGUL_JAMO, HANGUL_COMPATIBILITY_JAMO)),
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("han", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))),
    ("cyrillic", ((0x0400, 0x052F),)),
    (
        "arabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ("hebrew", ((0x0590, 0x05FF),)),
    ("greek", ((0x0370, 0x03FF), (0x1F00, 0x1FFF))),
    ("thai", ((0x0E00, 0x0E7F),)),
    ("devanagari", ((0x0900, 0x097F),)),
    ("latin", ((0x0000, 0x024F), (0x1E00, 0x1EFF))),
)

# fmt: off
# The language tag a script stands for when it dominates a text (kana and Han are decided apart).
SCRIPT_LANGUAGE: Final = {
    "hangul": "ko", "latin": "en", "cyrillic": "ru", "arabic": "ar", "hebrew": "he",
    "greek": "el", "thai": "th", "devanagari": "hi",
}
# fmt: on
