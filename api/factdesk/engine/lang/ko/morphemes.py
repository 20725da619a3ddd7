"""Which Kiwi morphemes (Sejong part-of-speech tags, as kiwipiepy names them) are lexical tokens.

Nouns, numerals, pronouns, verb and adjective stems, roots, adverbs and auxiliaries carry what a
sentence is about; particles (J*), endings (E*), affixes (X[PS]*), the copula and punctuation do
not. Foreign letters, digits and Hanja (SL, SN, SH) and web forms (W_*, URLs, hashtags) go on to
the same rules as in English text, so a name indexes alike in both languages.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

INDEXED_TAGS: Final = frozenset(split("NNG NNP NNB NR NP VV VA XR MAG VX"))
FOREIGN_TAGS: Final = frozenset(split("SL SN SH"))
# Tags of this prefix are web forms (W_URL, W_EMAIL, W_HASHTAG, W_MENTION, W_SERIAL, …).
WEB_TAG_PREFIX: Final = "W_"
