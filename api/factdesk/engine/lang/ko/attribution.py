"""Korean cues that attribute a statement to a source ("~라고 밝혔다", "~에 따르면")."""

from __future__ import annotations

from typing import Final

# Verbs of saying and estimating that close a reported statement ("…했다고 밝혔다").
VERBS: Final = (
    "밝혔다",
    "밝혔으며",
    "주장했다",
    "주장한다",
    "추산했다",
    "추정했다",
    "전했다",
    "말했다",
    "발표했다",
    "설명했다",
    "보도했다",
    "강조했다",
    "반박했다",
    "부인했다",
    "인정했다",
    "시인했다",
)
# The quotative endings before the verb ("다고", "라고", "다며").
QUOTATIVE: Final = ("다고", "라고", "이라고", "다며", "라며", "고")
# "경찰에 따르면": the source before it.
ACCORDING_TO: Final = r"에\s?따르면"
# Particles marking the sentence's subject, the source of a reported statement ("경찰은").
SOURCE_PARTICLES: Final = ("은", "는", "이", "가")
# "주최 측은": "side", between the source and its particle.
SIDE: Final = "측"
