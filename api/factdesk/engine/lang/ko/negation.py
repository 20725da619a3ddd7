"""Korean negation cues and the words built on a negative morpheme that negate nothing."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.scripts import HANGUL
from factdesk.engine.lang.wordlist import split

# A regex: 않-, short negation 안/못 before a verb, 아니-, 없- before an ending, 말았-.
NEGATION: Final = (
    rf"않|(?<![{HANGUL}])안(?=\s+[{HANGUL}])|(?<![{HANGUL}])못(?=\s*[{HANGUL}])|아니|아닌|아님|"
    r"아냐|아닙|없(?=[다었는이을으고음지던]|$)|말았"
)
# Words built on a negative morpheme that assert rather than deny ("틀림없다" = certainly).
NOT_NEGATION: Final = split(
    "끊임없 틀림없 어김없 다름없 변함없 상관없 관계없 "
    "쓸데없 그지없 하염없 거침없 여지없 못지않 마지않"
)
# A cue that negates nothing after this context: "뿐만 아니라" = not only.
CANCELLED_AFTER: Final = {"아니": r"뿐\s*만?\s*$"}
# A form that negates nothing after this word: "어쩔 수 없이" = unavoidably.
CANCELLED_AFTER_WORD: Final = {"없이": r"수\s*$"}
# Kiwi tags of a negative word that, followed by an adnominal ending (ETM), only describes a
# noun ("영어가 아닌 언어", "돈이 없는 사람") rather than denying the statement.
ADNOMINAL_NEGATIVE_TAGS: Final = ("VCN", "VA")
ADNOMINAL_ENDING_TAG: Final = "ETM"
