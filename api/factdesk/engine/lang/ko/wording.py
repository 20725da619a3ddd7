"""Korean sentences people read, field for field as `lang/en/wording.py` (see there). Quotes
are followed by a noun or put in parentheses, so no particle has to agree with quoted text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

REASONS: Final[Mapping[str, tuple[str, ...]]] = {
    "duration_mismatch": ("주장의 기간(‘{claim}’)이 출처의 기간(‘{evidence}’)과 다릅니다.",),
    "date_mismatch": ("주장의 날짜(‘{claim}’)가 출처의 날짜(‘{evidence}’)와 다릅니다.",),
    "number_mismatch": ("주장의 수치(‘{claim}’)가 출처의 수치(‘{evidence}’)와 다릅니다.",),
    "entity_mismatch": (
        "주장에 나온 이름(‘{claim}’)이 출처에 나온 이름(‘{evidence}’)과 다릅니다.",
    ),
    "negation": (
        "주장(‘{claim}’)과 출처(‘{evidence}’) 중 한쪽이 다른 쪽의 내용을 부정합니다.",
        "출처가 주장의 내용을 부정합니다(‘{evidence}’).",
        "주장이 출처의 내용을 부정합니다(‘{claim}’).",
        "주장과 출처 중 한쪽이 다른 쪽의 내용을 부정합니다.",
    ),
    "opposite_predicate": (
        "출처에는 주장의 표현(‘{claim}’)과 반대되는 표현(‘{evidence}’)이 있습니다.",
    ),
    "paraphrase:neutral": ("출처는 같은 주제를 다루지만 주장을 확인할 만큼의 내용은 없습니다.",),
    "paraphrase": ("출처가 주장과 같은 내용을 말합니다.",),
    "rating:neutral": (
        "팩트체크 {source}의 ‘{rating}’ 판정은 이 주장이 아닌 관련 주장에 대한 것입니다.",
        "팩트체크의 ‘{rating}’ 판정은 이 주장이 아닌 관련 주장에 대한 것입니다.",
    ),
    "rating": (
        "팩트체크 {source}에서 이 주장에 ‘{rating}’ 판정을 내렸습니다.",
        "팩트체크에서 이 주장에 ‘{rating}’ 판정을 내렸습니다.",
    ),
    "low_relevance": ("출처는 다른 내용을 다룹니다.",),
    "unverified_detail": ("출처에는 ‘{claim}’에 대한 언급이 없어 이 부분은 확인되지 않았습니다.",),
    "unstated_action": ("출처에는 주장의 행위(‘{claim}’)가 나오지 않습니다.",),
    "attribution": ("출처는 이 내용을 ‘{evidence}’의 말로 전합니다.",),
    "other_source": ("주장은 ‘{claim}’의 말을, 출처는 다른 쪽인 ‘{evidence}’의 말을 전합니다.",),
    "combined_evidence": (
        "이 출처에는 ‘{claim}’에 대한 언급이 없지만 다른 진술({evidence})과 함께 "
        "주장을 뒷받침합니다.",
        "다른 진술과 함께 주장을 뒷받침합니다.",
    ),
    "needs_date": (
        "‘{claim}’의 날짜를 정하려면 기사 작성일이 필요합니다. 주장 날짜(claim_date)나 "
        "기사 발행일(published_at)을 보내 주세요.",
    ),
    "learned:supports": ("출처 전체의 내용이 주장과 같은 것을 말합니다.",),
    "learned:refutes": ("출처 전체의 내용이 주장과 어긋납니다.",),
    "learned": ("출처 전체의 내용으로는 주장을 확인하지도 반박하지도 못합니다.",),
}
GENERIC_REASON: Final = "출처를 주장과 비교했습니다(여기에 설명되지 않은 항목)."

SUMMARIES: Final[Mapping[str, str]] = {
    "supported": "사실로 뒷받침됩니다. 출처 {source}: “{quote}”",
    "refuted": "사실이 아닙니다. {reason} 출처 {source}: “{quote}”",
    "refuted_plain": "사실이 아닙니다. 출처 {source}의 내용은 주장과 반대입니다: “{quote}”",
    "conflicting": (
        "출처 간 내용이 엇갈립니다. 뒷받침하는 출처 {pro}: “{pro_quote}” / 반박하는 출처 {con}: "
        "“{con_quote}”"
    ),
    "nee_closest": (
        "근거가 부족합니다. 저장된 진술 중 이 주장을 확인하거나 반박하는 것이 없습니다. 아래의 "
        "가장 가까운 진술은 참고용이며 근거가 아닙니다."
    ),
    "nee_none": "근거가 부족합니다. 이 주장과 맞는 저장된 진술이 없습니다.",
    "needs_date": " 주장의 ‘{dates}’ 날짜는 주장이 나온 날짜 없이는 정할 수 없습니다.",
}
CITATION: Final = "“{name}”{date}"
CITATION_DATE: Final = "({date})"
ATTRIBUTED: Final = "{source}(‘{who}’의 말)"
UNNAMED_SOURCE: Final = "(이름 없음)"
LIST_SEPARATOR: Final = ", "

VERDICTS: Final[Mapping[str, str]] = {
    "supported": "사실",
    "refuted": "사실 아님",
    "conflicting": "엇갈림",
    "not_enough_evidence": "근거 부족",
}
STANCES: Final[Mapping[str, str]] = {
    "supports": "뒷받침",
    "refutes": "반박",
    "neutral": "중립",
}
LABELS: Final[Mapping[str, str]] = {
    "evidence": "근거",
    "closest": "가장 가까운 진술(근거 아님)",
    "claim": "주장",
    "checked_by": "검증: {org}",
    "permalink": "고유 링크",
}
