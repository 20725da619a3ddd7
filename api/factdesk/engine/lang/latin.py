"""The Latin-script languages other than English that language detection tells apart, by their
stop words (each list in `lang/<code>/stop_words.py`)."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.de.stop_words import STOP_WORDS as DE
from factdesk.engine.lang.es.stop_words import STOP_WORDS as ES
from factdesk.engine.lang.fr.stop_words import STOP_WORDS as FR
from factdesk.engine.lang.it.stop_words import STOP_WORDS as IT
from factdesk.engine.lang.pt.stop_words import STOP_WORDS as PT

OTHER_STOP_WORDS: Final[dict[str, frozenset[str]]] = {
    "fr": FR,
    "es": ES,
    "de": DE,
    "pt": PT,
    "it": IT,
}
