"""Korean particles (as Kiwi tags them) that give a name its role, with the same role names as
`lang/en/roles.py`; 에서 is a place or a source ("레버쿠젠에서 이적했다")."""

from __future__ import annotations

from typing import Final

# Kiwi tag -> role, for particles whose tag says it all.
TAGS: Final = {
    "JKS": "subj",
    "JKO": "obj",
    "JKG": "poss",
    "JKC": "obj",
    "VCP": "obj",
    "JC": "conj",
}
# Adverbial (JKB) and auxiliary (JX) particles by form.
FORMS: Final = {
    "은": "subj",
    "는": "subj",
    "께서": "subj",
    "에서": "loc/from",
    "에서부터": "from",
    "로부터": "from",
    "에게서": "from",
    "부터": "from",
    "에": "to/loc",
    "에게": "to",
    "한테": "to",
    "로": "to",
    "으로": "to",
    "와": "with",
    "과": "with",
    "하고": "with",
    "까지": "to",
}
# Tags that may sit between a name and its particle: the noun it names or titles ("박찬욱 감독이",
# "소치 동계올림픽에서"), numbers and quotes.
HEAD_TAGS: Final = frozenset({"NNG", "NNB", "SN", "XSN", "SSO", "SSC", "SW", "SO"})
# One-syllable particles Kiwi leaves glued to a name it does not know ("김범석이" as one noun),
# with their roles; only read off a noun of four or more syllables.
GLUED: Final = {
    "이": "subj",
    "가": "subj",
    "은": "subj",
    "는": "subj",
    "을": "obj",
    "를": "obj",
    "의": "poss",
    "와": "conj",
    "과": "conj",
}
# The copula left on a name that ends a sentence ("…구글과 순다르 피차이다").
GLUED_COPULA: Final = "다"
COPULA_ROLE: Final = "obj"
