"""Text normalisation shared by the models and the engine."""

from __future__ import annotations

from factdesk.text import normalize_text


def test_normalize_text_nfkc_controls_and_whitespace() -> None:
    assert normalize_text("  Ｇｒｏｋ\x00 is\t\n here\u200b ") == "Grok is here"
    assert normalize_text("a\x07b") == "ab"
    assert normalize_text("") == ""
