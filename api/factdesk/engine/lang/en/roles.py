"""English function words that give a name its role in the sentence ("founded by X" = the
agent, "in X" = the place, "from X" …), and the words skipped between them and the name."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

# Preposition -> role (the role names are shared with `lang/ko/roles.py`).
PREPOSITIONS: Final = {
    "by": "agent",
    "in": "loc",
    "at": "loc",
    "near": "loc",
    "inside": "loc",
    "from": "from",
    "to": "to",
    "into": "to",
    "for": "for",
    "with": "with",
    "against": "with",
    "of": "of",
    "between": "between",
    "on": "on",
    "under": "under",
}
# Words between a preposition and its name ("at the 2010 Winter Olympics", "by its founder").
SKIPPED: Final = frozenset(split("the a an its his her their our this that these those"))
# Words after which a name starts a clause, as its subject ("…, and X said", "after X joined").
CLAUSE_STARTS: Final = frozenset(split("that when after before while because and but since"))
# Conjunctions that give the name after them the role of the name before ("X and Y").
CONJUNCTIONS: Final = frozenset(split("and or"))
# A possessive after a name ("X's film").
POSSESSIVE: Final = ("'s", "’s", "'", "’")
# Lower-case words after a name that are no noun it modifies (verbs, auxiliaries, adverbs).
NOT_HEADS: Final = frozenset(
    split("is are was were be been has have had will would can could should may might must do")
    + split("does did said says also not never who which that than then")
)
# Endings of a word after a name that make it a verb rather than a noun ("X won", "X joined").
VERB_ENDINGS: Final = ("ed", "s")
