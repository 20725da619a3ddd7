"""English negation cues and the fixed phrases whose negative word negates nothing."""

from __future__ import annotations

from typing import Final

# Regex fragments, matched case-insensitively between word boundaries.
CUES: Final = (
    "not",
    "never",
    "no",
    "none",
    "neither",
    "nor",
    "without",
    "cannot",
    "nobody",
    "nothing",
    "nowhere",
    r"fail(?:s|ed)?\s+to",
    r"den(?:y|ies|ied|ying)",
)
CONTRACTION: Final = r"n['’]t"
# Fixed phrases whose negative word does not negate the statement.
NOT_NEGATION: Final = (
    r"not\s+only",
    r"not\s+just",
    r"not\s+to\s+mention",
    r"no\s+doubt",
    r"no\s+less",
    r"no\s+sooner",
    r"nothing\s+but",
    r"no\.\s*\d",
    r"no\s+\d",
)
# A cue that negates nothing after this context ("whether or not").
CANCELLED_AFTER: Final = {"not": r"\bwhether\s+or\s+$"}
# "not" negates the statement after an auxiliary ("did not win", "was not elected") or before
# "to"/"be"; elsewhere it negates a phrase ("the first film not in English", "X, not Y, won").
AUXILIARIES: Final = (
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    # The auxiliary of a contraction ("it's not", "they're not", "we've not").
    "s",
    "re",
    "m",
    "ve",
    "ll",
    "d",
)
NOT_VERB_AFTER: Final = ("to", "be", "yet")
