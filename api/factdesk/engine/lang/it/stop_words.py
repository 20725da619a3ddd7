"""Italian stop words: language detection counts them, lexical tokens leave them out.

Function words only, and none that is also a common English word ("a", "come", "con"),
so an English sentence naming "Leonardo da Vinci" stays English.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        il lo la gli le uno una del dello della dei degli delle al allo alla agli alle dal nel
        nella nei sul sulla è sono erano essere stato stata ha hanno aveva che chi cui quale quando
        dove perché molto più senza tra fra durante secondo questo questa questi quello quella
        anche già suo sua suoi sue loro
        """
    )
)
