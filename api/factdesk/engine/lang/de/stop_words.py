"""German stop words: language detection counts them, lexical tokens leave them out.

Function words only, and none that is also a common English word ("die", "was", "also", "will"),
so an English sentence naming "Die Linke" stays English.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        der das den dem des ein eine einen einem einer eines und ist sind waren wird werden wurde
        wurden haben hatte nicht auch auf aus bei nach von vom zum zur über unter für ohne gegen
        durch im ins sich sie wir ihr ihre sein seine dass daß oder aber wie wenn noch schon nur
        sehr mehr kein keine diese dieser dieses jetzt hier dort
        """
    )
)
