"""Real replies of the statement, import, claim-search and markup-page routes, as the OpenAPI
document shows them (captured from the seed store, lists cut to one or two items, timestamps
fixed; `tests/routes/test_examples.py` validates them against their models)."""

from __future__ import annotations

from typing import Any, Final

from factdesk.examples import VERIFICATION

# GET /v1/statements/seed-en-016: the verify example's evidence.
STATEMENT: Final[dict[str, Any]] = VERIFICATION["evidence"][0]["statement"]

# PUT /v1/statements/seed-en-016 with the request's example: replaced (200).
STATEMENT_REPLACED: Final[dict[str, Any]] = {**STATEMENT, "updated_at": "2024-03-15T10:30:00Z"}

# PUT /v1/statements/ex-1 with the request's example: created (201).
STATEMENT_CREATED: Final[dict[str, Any]] = {
    **STATEMENT,
    "id": "ex-1",
    "created_at": "2024-03-15T10:30:00Z",
    "updated_at": "2024-03-15T10:30:00Z",
}


# GET /v1/statements?limit=2 (the seed store)
STATEMENT_PAGE: Final[dict[str, Any]] = {
    "items": [
        {
            "id": "seed-en-001",
            "text": (
                "Elon Musk announced that Grok, the generative AI chatbot developed by xAI, will "
                "be released as open source."
            ),
            "language": "en",
            "kind": "fact",
            "quote": (
                "일론 머스크 테슬라 최고경영자(CEO)가 xAI에서 개발한 생성형 인공지능(AI) "
                "‘그록(Grok)’을 오픈소스로 공개한다."
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
            "tags": ["grok", "xai", "open-source", "musk"],
            "created_at": "2024-03-14T09:00:00Z",
            "updated_at": "2024-03-14T09:00:00Z",
        },
        {
            "id": "seed-en-002",
            "text": "Elon Musk is the chief executive officer (CEO) of Tesla.",
            "language": "en",
            "kind": "fact",
            "quote": (
                "일론 머스크 테슬라 최고경영자(CEO)가 xAI에서 개발한 생성형 인공지능(AI) "
                "‘그록(Grok)’을 오픈소스로 공개한다."
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
            "tags": ["musk", "tesla"],
            "created_at": "2024-03-14T09:00:00Z",
            "updated_at": "2024-03-14T09:00:00Z",
        },
    ],
    "next_cursor": "c2VlZC1lbi0wMDI",
}


# POST /v1/statements with the request's example (no id: one is made of the text).
STATEMENT_WRITE: Final[dict[str, Any]] = {
    "created": ["st_10db8d497ef520cda1a0"],
    "updated": [],
    "statements": [{**STATEMENT, "id": "st_10db8d497ef520cda1a0"}],
    "store_generation": 2,
}


# POST /v1/statements:import with the request's NDJSON example (seed store)
IMPORT_REPORT: Final[dict[str, Any]] = {
    "created": 1,
    "updated": 0,
    "rejected": 1,
    "errors": [
        {
            "line": 2,
            "reason": "#/text: String should have at least 1 character",
        },
    ],
    "store_generation": 2,
}


# GET /v1alpha1/claims:search (and /v1/claims:search), after MARKUP_PAGE was created:
# query=xAI launched Grok a year after it was founded, pageSize=1
CLAIM_SEARCH: Final[dict[str, Any]] = {
    "claims": [
        {
            "text": "xAI launched Grok a year after it was founded",
            "claimant": "A. Poster",
            "claimDate": "2024-03-12T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {
                        "name": "Example Fact Check",
                        "site": "factcheck.example.org",
                    },
                    "url": "https://factcheck.example.org/grok-year",
                    "reviewDate": "2024-03-14T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                },
            ],
        },
    ],
}


# POST /v1alpha1/pages (and GET/PUT /v1alpha1/pages/{id})
MARKUP_PAGE: Final[dict[str, Any]] = {
    "name": "pages/91da9b3a26f7dd15",
    "pageUrl": "https://factcheck.example.org/grok-year",
    "publishDate": "2024-03-14T09:00:00Z",
    "claimReviewAuthor": {
        "name": "Example Fact Check",
    },
    "claimReviewMarkups": [
        {
            "claimReviewed": "xAI launched Grok a year after it was founded",
            "claimDate": "2024-03-12",
            "claimAuthor": {
                "name": "A. Poster",
            },
            "rating": {
                "textualRating": "False",
                "ratingValue": 1,
                "bestRating": 5,
                "worstRating": 1,
            },
        },
    ],
    "versionId": "d57c8d254a6373a4",
}


# GET /v1alpha1/pages?pageSize=1, after MARKUP_PAGE was created.
MARKUP_PAGES: Final[dict[str, Any]] = {"claimReviewMarkupPages": [MARKUP_PAGE]}

# DELETE /v1alpha1/pages/{id}: Google's empty message.
DELETED: Final[dict[str, Any]] = {}
