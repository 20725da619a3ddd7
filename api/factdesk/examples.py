"""Real replies of the engine, as the OpenAPI document shows them (captured from the seed
store; `tests/routes/test_examples.py` checks that the engine still answers them)."""

from __future__ import annotations

from typing import Any, Final

# POST /v1/verify {"claim": "xAI launched Grok a year after being founded", "top_k": 1}
VERIFICATION: Final[dict[str, Any]] = {
    "claim": "xAI launched Grok a year after being founded",
    "language": "en",
    "verdict": "refuted",
    "confidence": 0.8534,
    "summary": "Refuted: The claim says “a year”; the source says “one month”. Source: "
    "“오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?” (2024-03-13), "
    "“xAI unveiled Grok one month after Elon Musk founded xAI.”",
    "reply_language": "en",
    "verdict_label": "Refuted",
    "evidence_role": "evidence",
    "evidence_label": "Evidence",
    "evidence": [
        {
            "statement": {
                "id": "seed-en-016",
                "text": "xAI unveiled Grok one month after Elon Musk founded xAI.",
                "language": "en",
                "kind": "fact",
                "quote": "머스크는 지난해 오픈AI의 대항마를 만들기 위해 xAI를 설립하고, "
                "한 달 뒤에 그록을 선보였다.",
                "source": {
                    "url": None,
                    "title": "오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?",
                    "publisher": None,
                    "author": None,
                    "published_at": "2024-03-13",
                },
                "rating": None,
                "claimant": None,
                "claim_date": None,
                "tags": ["grok", "xai"],
                "created_at": "2024-03-14T09:00:00Z",
                "updated_at": "2024-03-14T09:00:00Z",
            },
            "stance": "refutes",
            "stance_score": 0.8534,
            "relevance": 0.9435,
            "scores": {"lexical": 1.0, "fuzzy": 0.7, "semantic": 0.8951},
            "reasons": [
                {
                    "type": "duration_mismatch",
                    "claim": "a year",
                    "evidence": "one month",
                    "detail": None,
                    "text": "The claim says “a year”; the source says “one month”.",
                }
            ],
        }
    ],
    "store_generation": 1,
    "cached": False,
    "timings_ms": {
        "normalize": 1.1,
        "retrieve": 184.0,
        "stance": 48.0,
        "verdict": 1.6,
        "total": 234.8,
    },
}
