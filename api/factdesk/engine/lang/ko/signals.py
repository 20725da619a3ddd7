"""Korean signals of a check-worthy sentence: regex alternations over words and endings."""

from __future__ import annotations

from typing import Final

# "세 명", "두 배", "다섯 가지"
NUMERALS: Final = "한|두|세|네|다섯|여섯|열|백|천|만|억|조"
COUNTERS: Final = "달|해|번|명|개|배|년|살|곳|차례|가지|주"
DATE_UNITS: Final = "년|월|일"
RELATIVE_DATES: Final = "지난해|작년|올해|지난달|이번 주|지난주|현지 시간|어제|오늘|내년"
# "한 달 뒤", "3년 전"
DURATION_UNITS: Final = "달|년|해|주|일"
DURATION_RELATIONS: Final = "뒤|후|전|만"
ATTRIBUTION: Final = (
    "밝혔|말했|주장했|발표|따르면|전했|강조했|설명했|공언|반박했|분석|보고 있|했다고|라고|요구"
)
COMPARISON: Final = "보다|가장|최대|최소|최초|처음|유일|이상|이하|뒤처|앞서|선도|배로|절반"
OPINION: Final = "것 같다|생각한다|해야 한다|바란다"
DECLARATIVE_ENDINGS: Final = ("다.", "다", "다”", "다.”")
QUESTION_ENDINGS: Final = ("까?", "나요?")
