"""Korean fact-check rating labels, by what they say of the checked claim (regex fragments)."""

from __future__ import annotations

from typing import Final

MIXED: Final = ("절반", r"판단\s*유보", "논쟁", "일부")
FALSE: Final = ("거짓", r"사실\s*(?:이\s*)?아님", r"사실이\s*아니", "허위", "가짜", "틀림", "오류")
TRUE: Final = ("사실", "진실", "맞음")
