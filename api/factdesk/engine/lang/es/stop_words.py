"""Spanish stop words: language detection counts them, lexical tokens leave them out.

Function words only, and none that is also a common English word ("a", "no", "me"),
so an English sentence naming "Los Angeles" stays English.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        el la los las una unos unas del al y es fue ser está están estaba ha han había que qué
        quien quién cual cuál cuando cuándo donde dónde como cómo muy más pero porque sobre entre
        hasta desde durante según para por su sus le les lo se mi mis nuestro nuestra este esta
        estos estas ese esa eso también ya fueron tiene tienen
        """
    )
)
