"""Portuguese stop words: language detection counts them, lexical tokens leave them out.

Function words only, and none that is also a common English word ("a", "no", "do"),
so an English sentence naming "Rio de Janeiro" stays English.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        os uma uns umas da das dos ao aos na nas nos num numa pelo pela pelos pelas é são foi ser
        está estão estava tem têm tinha que quem qual quando onde como muito mais mas porque sem
        sobre entre até desde durante segundo para por seu sua seus suas ele ela eles elas nós você
        isso isto este esta esse essa também já há foram não
        """
    )
)
