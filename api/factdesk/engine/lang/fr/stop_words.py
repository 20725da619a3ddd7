"""French stop words: language detection counts them, lexical tokens leave them out.

Function words only, and none that is also a common English word ("a", "on", "son"),
so an English sentence naming "Charles de Gaulle" stays English.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        le la les une des du au aux et est sont été être ou où qui que quoi dont ce cet cette ces
        il ils elle elles nous vous leur leurs lui se sa ses mon mes ton ta tes notre nos votre vos
        dans sur sous avec pour par sans chez entre vers depuis pendant mais donc ni ne pas très
        aussi déjà encore selon ont avait était sera fait cela ça comme après
        """
    )
)
