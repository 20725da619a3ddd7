"""English words around names: connectors inside names, capitalised words that are no names."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.en.dates import MONTH_NAMES, WEEKDAY_NAMES

# Lower-case words that may sit inside a name ("Bank of America", "Ursula von der Leyen").
NAME_CONNECTORS: Final = frozenset({"of", "the", "for", "de", "du", "la", "von", "van"})
# Capitalised for other reasons than being a name.
NOT_NAMES: Final = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES) | {"i"}
# Words before a case-sensitive short alias that make it a product name ("Model X", "OS X").
PRODUCT_PREFIXES: Final = ("Model", "Generation", "Gen", "OS", "Series")
# A capitalised word that only opens a sentence is taken for a name unless it ends like an
# inflected common word ("According", "Analysts", "Reportedly", "Officials", "Banned").
INITIAL_NOT_NAME_ENDINGS: Final = ("ing", "ed", "ly", "s")
# A capitalised word after a possessive determiner is a common noun ("its AI", "their App").
POSSESSIVE_DETERMINERS: Final = frozenset({"its", "his", "her", "their", "our", "my", "your"})
