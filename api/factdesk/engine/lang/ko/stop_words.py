"""Korean stop words, left out of lexical tokens."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.ko.particles import PARTICLES
from factdesk.engine.lang.wordlist import split

# A particle left alone after a quote or bracket ("…”고") is noise too.
STOP_WORDS: Final = frozenset(
    split(
        """
        것 수 등 및 이 그 저 더 또 또한 그리고 하지만 그러나 이런 그런 있다 있는 있
        위해 대한 통해 같은 때 중 바 한 할 하 된 되 고 며 다
        """
    )
) | frozenset(p for p in PARTICLES if len(p) == 1)
