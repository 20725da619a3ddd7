"""How the word lists here are written: whitespace-separated words in one string."""

from __future__ import annotations


def split(text: str) -> tuple[str, ...]:
    """The words of `text`, in order."""
    return tuple(text.split())
