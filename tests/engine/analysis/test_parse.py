"""The whole parse: a Korean seed sentence, and the stored form's round trip."""

from __future__ import annotations

import json
from datetime import date

from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import ParsedText

REF = date(2024, 3, 13)


def test_parse_seed_sentence_korean() -> None:
    parsed = parse(
        "지난달 말 머스크는 샌프란시스코 고등법원에 오픈AI와 올트먼이 영리사업을 중단하고 "
        "AI 기술을 오픈소스로 공개하라고 요구하는 소송을 제기한 바 있다.",
        reference_date=REF,
    )
    assert parsed.language == "ko"
    assert [(d.year, d.month, d.part) for d in parsed.dates] == [(2024, 2, "late")]
    assert {"elon_musk", "openai", "sam_altman", "san_francisco_superior_court"} <= {
        e.key for e in parsed.entities
    }
    assert ("legal_action", 1) in [(p.key, p.polarity) for p in parsed.predicates]
    assert parsed.negations == ()


def test_to_dict_from_dict_round_trip() -> None:
    parsed = parse(
        "Elon Musk did not unveil Grok about ten days after raising $6 billion in late "
        "February 2024; 머스크는 오픈AI와 올트먼을 고소했다.",
    )
    assert parsed.numbers and parsed.dates and parsed.durations and parsed.entities
    assert parsed.negations and parsed.predicates
    stored = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))
    assert ParsedText.from_dict(stored) == parsed
    assert ParsedText.from_dict({"text": "x", "language": "en"}) == ParsedText("x", "en")
