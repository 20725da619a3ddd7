"""Korean verb stems on the opposition axes: axis -> polarity -> stems.

Stems are regex fragments matched inside words. The axes and polarities are the same as in
`lang.en.predicates`, in the same order.
"""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.scripts import HANGUL

PREDICATES: Final[dict[str, dict[int, tuple[str, ...]]]] = {
    "legal_action": {
        1: (r"소송(?:을|이)?\s*(?:제기|냈|걸)", "고소", "제소", "소송", "고발"),
        -1: (r"(?:소송|고소|소)(?:을|를)?\s*취하", "취하"),
    },
    "launch": {
        1: ("출시", "선보", "(?<!비)공개", "오픈소스화", "내놓"),
        -1: ("취소", "철회", "중단", "폐쇄", "종료"),
    },
    "founding": {
        1: ("설립", "창업", "창립"),
    },
    "membership": {
        1: ("합류", "가입", "입사", "취임"),
        -1: (
            "물러나",
            "물러났",
            "물러난",
            "떠나",
            "떠났",
            "떠난",
            "사임",
            "사퇴",
            "탈퇴",
            "퇴사",
            "하차",
        ),
    },
    "change": {
        1: (
            "증가",
            "상승",
            "늘어",
            "늘었",
            "늘고",
            "늘린",
            "늘려",
            "성장",
            "확대",
            "급등",
            "급증",
        ),
        -1: (
            "감소",
            "하락",
            "줄어",
            "줄었",
            "줄고",
            "줄인",
            "줄여",
            "축소",
            "급감",
            "급락",
            "떨어",
        ),
    },
    "support": {
        1: ("지지", "선호", "찬성", "옹호"),
        -1: ("반대", "비판", "거부", "반발", "반박", "싫어"),
    },
    "develop": {
        1: ("개발(?:한|했|하|된|해)", "만든"),
    },
    "agreement": {
        1: ("합의", "계약", "협약", "약속"),
    },
    "order": {
        1: ("앞서", rf"(?<![{HANGUL}])(?:이)?전에", rf"(?<![{HANGUL}])이전", "먼저"),
        -1: (
            rf"(?<![{HANGUL}])(?:뒤|후)(?:에|로)?(?![{HANGUL}])",
            rf"(?<![{HANGUL}])이후",
            r"(?<=[\s년월일주달])만(?:에|으로|이다|이었다)",
            "나중에",
        ),
    },
}
