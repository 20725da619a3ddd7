"""English cues that attribute a statement to a source ("police said", "according to X")."""

from __future__ import annotations

from typing import Final

# Verbs of saying and estimating after their source ("organisers said", "police estimated").
# Regex fragments, matched case-insensitively as whole words.
VERBS: Final = (
    "said",
    "says",
    "stated",
    "claimed",
    "reported",
    "estimated",
    "announced",
    "argued",
    "argues",
    "alleged",
    "alleges",
    "insisted",
    "insists",
    "wrote",
    "noted",
    "denied",
    "denies",
    "counted",
    "admitted",
    "admits",
    "acknowledged",
    "acknowledges",
    "conceded",
    # Also nouns ("the states", "claims of"): a verb only before "that".
    r"states\s+that",
    r"claims\s+that",
    r"reports\s+that",
    r"estimates\s+that",
    r"say\s+that",
    r"put\s+(?:the\s+|its\s+|their\s+)?\w+\s+at",
)
# Before the source: "according to police", "as reported by the agency".
BEFORE: Final = (r"according\s+to", r"as\s+reported\s+by", r"as\s+estimated\s+by")
# Where the source's phrase begins, scanning back from the verb.
CLAUSE_BOUNDARIES: Final = (",", ";", ":", "“", '"', "(", " that ", " and ", " but ")
# Stop words that may stand inside a source's phrase ("the police", "its spokesperson"); any
# other stop word ends it ("… of climate scientists said" is the scientists).
SOURCE_FUNCTION_WORDS: Final = ("the", "its", "their", "his", "her", "our")
# Words that cannot be a source on their own ("it said", "he claimed").
PRONOUNS: Final = ("he", "she", "it", "they", "we", "i", "you", "this", "which", "who")
