"""Text normalisation shared by the models and the engine (standard library only).

It sits at the bottom of the package so `models` can clean what it validates without importing
the engine.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["normalize_text"]

# Invisible characters that survive NFKC and would split or glue tokens unpredictably.
_INVISIBLE: Final = frozenset("\u200b\u2060\ufeff\u00ad")


def normalize_text(text: str) -> str:
    """NFKC-normalise, drop control and invisible characters, collapse whitespace, strip."""
    text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    for ch in text:
        if ch in _INVISIBLE:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            # Line breaks and tabs separate words; other control characters (NUL …) are noise.
            kept.append(" " if ch.isspace() else "")
        elif category != "Cs":
            kept.append(ch)
    return " ".join("".join(kept).split())
