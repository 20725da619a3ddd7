"""English stop words, left out of lexical tokens and never taken for names or units."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

STOP_WORDS: Final = frozenset(
    split(
        """
        a about above after again against all am an and any are aren as at be because been before
        being below between both but by can cannot could couldn did didn do does doesn doing don
        down during each few for from further had hadn has hasn have haven having he her here hers
        herself him himself his how i if in into is isn it its itself just ll me more most mustn my
        myself no nor not now o of off on once only or other our ours ourselves out over own re s
        same shan she should shouldn so some such t than that the their theirs them themselves then
        there these they this those through to too under until up ve very was wasn we were weren
        what when where which while who whom why will with won wouldn would y you your yours
        yourself yourselves also may might must shall said says say per via yet
        """
    )
)
