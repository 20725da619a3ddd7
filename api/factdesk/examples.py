"""Real replies of the engine and of the health routes, as the OpenAPI document shows them
(captured from the seed store, long lists cut to one or two items, timestamps fixed;
`tests/routes/test_examples.py` checks that the engine still answers them). The statement and
page replies are in `factdesk.statement_examples`."""

from __future__ import annotations

from typing import Any, Final

# Seed statements that several replies below cite, as the replies carry them.
_GROK_STATEMENT: Final[dict[str, Any]] = {
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
}

_CHATGPT_STATEMENT: Final[dict[str, Any]] = {
    "id": "seed-en-047",
    "text": "OpenAI's ChatGPT was launched in November 2022.",
    "language": "en",
    "kind": "fact",
    "quote": (
        "지난 2022년 11월에 출시된 챗GPT는 생성형 AI 분야를 선도하고 "
        "있는 반면 xAI는 오픈AI에 한 참 뒤처져있다."
    ),
    "source": {
        "url": None,
        "title": ("오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?"),
        "publisher": None,
        "author": None,
        "published_at": "2024-03-13",
    },
    "rating": None,
    "claimant": None,
    "claim_date": None,
    "tags": ["chatgpt", "openai"],
    "created_at": "2024-03-14T09:00:00Z",
    "updated_at": "2024-03-14T09:00:00Z",
}


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
            "statement": _GROK_STATEMENT,
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


# POST /v1/verify/batch
# {"claims": [{"claim": "ChatGPT was launched in November 2022", "top_k": 1}, {"claim": ""}]}
BATCH_VERIFICATION: Final[dict[str, Any]] = {
    "results": [
        {
            "index": 0,
            "result": {
                "claim": "ChatGPT was launched in November 2022",
                "language": "en",
                "verdict": "supported",
                "confidence": 0.9566,
                "summary": (
                    "Supported: “오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 "
                    "의도는?” (2024-03-13) states “OpenAI's ChatGPT was launched in November "
                    "2022.”"
                ),
                "reply_language": "en",
                "verdict_label": "Supported",
                "evidence_role": "evidence",
                "evidence_label": "Evidence",
                "evidence": [
                    {
                        "statement": _CHATGPT_STATEMENT,
                        "stance": "supports",
                        "stance_score": 0.9566,
                        "relevance": 0.9072,
                        "scores": {
                            "lexical": 1.0,
                            "fuzzy": 1.0,
                            "semantic": 0.9178,
                        },
                        "reasons": [
                            {
                                "type": "paraphrase",
                                "claim": None,
                                "evidence": None,
                                "detail": "similarity=0.918 coverage=1.00 relevance=0.95",
                                "text": "The source says what the claim says.",
                            },
                        ],
                    },
                ],
                "store_generation": 1,
                "cached": False,
                "timings_ms": {
                    "normalize": 1.0,
                    "retrieve": 54.51,
                    "stance": 22.74,
                    "verdict": 1.36,
                    "total": 79.69,
                },
            },
            "error": None,
        },
        {
            "index": 1,
            "result": None,
            "error": {
                "type": "https://factdesk.dev/problems/validation",
                "title": "Claim validation failed",
                "status": 422,
                "detail": "#/claim: String should have at least 1 character",
                "instance": "/v1/verify/batch#/claims/1",
                "errors": [
                    {
                        "pointer": "#/claim",
                        "message": "String should have at least 1 character",
                    },
                ],
            },
        },
    ],
}


# POST /v1/search {"query": "Musk sued OpenAI", "top_k": 2}
SEARCH: Final[dict[str, Any]] = {
    "query": "Musk sued OpenAI",
    "results": [
        {
            "statement": {
                "id": "seed-ko-013",
                "text": (
                    "머스크는 오픈AI를 상대로 낸 소장에서 오픈AI가 마이크로소프트의 사실상 "
                    "자회사로 변모했다고 주장했다."
                ),
                "language": "ko",
                "kind": "fact",
                "quote": (
                    "“하지만 현실에서 오픈AI는 폐쇄형 소스(closed-source)로, 세계에서 가장 큰 "
                    "기술 기업인 마이크로소프트(MS)의 사실상 자회사로 변모했다”고 주장했다."
                ),
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
                "tags": [
                    "lawsuit",
                    "openai",
                    "microsoft",
                    "ko-version-of:seed-en-035",
                ],
                "created_at": "2024-03-14T09:00:00Z",
                "updated_at": "2024-03-14T09:00:00Z",
            },
            "score": 0.8165,
            "scores": {
                "lexical": 0.0,
                "fuzzy": 0.1132,
                "semantic": 0.8656,
            },
        },
        {
            "statement": {
                "id": "seed-ko-010",
                "text": (
                    "머스크의 그록 오픈소스화 움직임은 머스크가 오픈AI와 샘 올트먼을 상대로 "
                    "소송을 제기한 지 10여 일 만에 나왔다."
                ),
                "language": "ko",
                "kind": "fact",
                "quote": (
                    "머스크의 그록 오픈소스 움직임은 오픈AI와 올트먼에 대해 소송을 제기한 지 "
                    "10여 일 만으로"
                ),
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
                "tags": [
                    "grok",
                    "lawsuit",
                    "open-source",
                    "ko-version-of:seed-en-026",
                ],
                "created_at": "2024-03-14T09:00:00Z",
                "updated_at": "2024-03-14T09:00:00Z",
            },
            "score": 0.795,
            "scores": {
                "lexical": 0.0,
                "fuzzy": 0.1311,
                "semantic": 0.8643,
            },
        },
    ],
    "store_generation": 1,
    "cached": False,
}


# POST /v1/stance with StanceRequest's example
STANCE: Final[dict[str, Any]] = {
    "stance": "refutes",
    "score": 0.8534,
    "reasons": [
        {
            "type": "duration_mismatch",
            "claim": "a year",
            "evidence": "one month",
            "detail": None,
            "text": "The claim says “a year”; the source says “one month”.",
        },
    ],
}


# POST /v1/articles:check with ArticleCheckRequest's example (the first evidence item
# of each sentence shown)
ARTICLE_CHECK: Final[dict[str, Any]] = {
    "sentences": [
        {
            "text": "xAI launched Grok a year after it was founded.",
            "start": 0,
            "end": 46,
            "checkworthiness": 0.765,
            "signals": ["date", "entity", "statement"],
            "verdict": "refuted",
            "confidence": 0.832,
            "summary": (
                "Refuted: The claim says “a year”; the source says “one month”. Source: “오픈AI "
                "압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?” (2024-03-13), “xAI "
                "unveiled Grok one month after Elon Musk founded xAI.”"
            ),
            "verdict_label": "Refuted",
            "evidence_role": "evidence",
            "evidence_label": "Evidence",
            "evidence": [
                {
                    "statement": _GROK_STATEMENT,
                    "stance": "refutes",
                    "stance_score": 0.832,
                    "relevance": 0.8188,
                    "scores": {
                        "lexical": 1.0,
                        "fuzzy": 0.7,
                        "semantic": 0.8732,
                    },
                    "reasons": [
                        {
                            "type": "duration_mismatch",
                            "claim": "a year",
                            "evidence": "one month",
                            "detail": None,
                            "text": "The claim says “a year”; the source says “one month”.",
                        },
                    ],
                },
            ],
        },
        {
            "text": "ChatGPT was launched in November 2022.",
            "start": 69,
            "end": 107,
            "checkworthiness": 0.798,
            "signals": ["number", "date", "entity", "statement"],
            "verdict": "supported",
            "confidence": 0.9088,
            "summary": (
                "Supported: “오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?” "
                "(2024-03-13) states “OpenAI's ChatGPT was launched in November 2022.”"
            ),
            "verdict_label": "Supported",
            "evidence_role": "evidence",
            "evidence_label": "Evidence",
            "evidence": [
                {
                    "statement": _CHATGPT_STATEMENT,
                    "stance": "supports",
                    "stance_score": 0.9088,
                    "relevance": 0.8829,
                    "scores": {
                        "lexical": 1.0,
                        "fuzzy": 1.0,
                        "semantic": 0.9043,
                    },
                    "reasons": [
                        {
                            "type": "paraphrase",
                            "claim": None,
                            "evidence": None,
                            "detail": "similarity=0.904 coverage=1.00 relevance=0.89",
                            "text": "The source says what the claim says.",
                        },
                    ],
                },
            ],
        },
    ],
    "sentence_count": 3,
    "checked": 2,
    "unchecked": 0,
}


# GET /healthz
HEALTH: Final[dict[str, Any]] = {
    "status": "ok",
}


# GET /readyz (the seed store, default settings)
READINESS: Final[dict[str, Any]] = {
    "status": "ready",
    "store": "ok",
    "models": "loaded",
    "cache": "ok",
    "cache_backend": "memory",
    "statements": 67,
    "store_generation": 1,
    "seed": {
        "status": "loaded",
        "path": "/usr/local/lib/python3.11/site-packages/factdesk/seed/statements.ndjson",
        "statements": 67,
        "rejected": 0,
    },
    "warnings": [
        (
            "FACTDESK_CLAIMREVIEW_URL_TEMPLATE is unset: ClaimReview `url` is this service's "
            "permalink of the check, not your public fact-check page, which Google requires"
        ),
    ],
    "engine": {
        "state": "ok",
        "slots": 2,
        "running": 0,
        "queued": 0,
        "queue_limit": 16,
        "shed": 0,
    },
}


# GET /v1/stats (the seed store)
STATS: Final[dict[str, Any]] = {
    "total": 67,
    "by_kind": {
        "fact": 67,
    },
    "by_language": {
        "en": 51,
        "ko": 16,
    },
    "store_generation": 1,
}


# GET /v1/oembed?url=<the permalink of the verify example's claim>
OEMBED: Final[dict[str, Any]] = {
    "version": "1.0",
    "type": "rich",
    "title": "Refuted: xAI launched Grok a year after being founded",
    "provider_name": "FactDesk",
    "provider_url": "https://factdesk.example.org/",
    "cache_age": 3600,
    "width": 520,
    "height": 420,
    "html": (
        "<iframe "
        'src="https://factdesk.example.org/v1/checks/'
        "c1eNqrVkpWslKqcPRUyEkszUvOSE1RcC_Kz1ZIVKhMTSxSSEwrSS1SSErNzEtXSMsvzUtJTVGqBQDGMRHl"
        '?format=html" '
        'width="520" height="420" title="Refuted: xAI launched Grok a year after being founded" '
        'loading="lazy" style="border:0;max-width:100%" sandbox="allow-popups '
        'allow-popups-to-escape-sandbox"></iframe>'
    ),
}


def example_reply(example: dict[str, Any], status: int = 200) -> dict[int | str, dict[str, Any]]:
    """A route's `responses` entry that shows `example` as its JSON reply."""
    return {status: {"content": {"application/json": {"example": example}}}}
