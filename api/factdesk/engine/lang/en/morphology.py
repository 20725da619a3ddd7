"""What the light English stemmer needs to know about English words."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.wordlist import split

# Words the suffix rules would mangle ("news" -> "new").
STEM_EXCEPTIONS: Final = frozenset(
    split(
        """
        news series species always perhaps hundred famous various previous serious obvious texas
        kansas arkansas atlas canvas christmas bias alias lens chaos cosmos analysis basis crisis
        thesis physics economics politics ethics mathematics statistics
        """
    )
)

VOWELS: Final = frozenset("aeiouy")
# Final double letters that stay doubled when -ed/-ing comes off ("falling" -> "fall").
KEEP_DOUBLED: Final = "lszaeiou"
# The possessive ending, dropped before tokenising ("Musk's" -> "musk").
POSSESSIVE: Final = r"['’]s"
