"""The OpenAPI document's examples are real: every JSON reply has one, each is valid for its
model, the engine's are what the engine answers, and each error status shows a body of its own
status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from factdesk import google_models, models, schemas
from factdesk.cli import openapi_document
from factdesk.engine import results
from factdesk.engine.results import Verification
from factdesk.examples import (
    ARTICLE_CHECK,
    BATCH_VERIFICATION,
    HEALTH,
    OEMBED,
    READINESS,
    SEARCH,
    STANCE,
    STATS,
    VERIFICATION,
)
from factdesk.statement_examples import (
    CLAIM_SEARCH,
    DELETED,
    IMPORT_REPORT,
    MARKUP_PAGE,
    MARKUP_PAGES,
    STATEMENT,
    STATEMENT_CREATED,
    STATEMENT_PAGE,
    STATEMENT_REPLACED,
    STATEMENT_WRITE,
)
from pydantic import BaseModel

# What changes from one run to the next and is not the answer.
_VOLATILE = {"timings_ms", "cached", "store_generation", "created_at", "updated_at"}

# Each 2xx JSON reply and its example.
EXAMPLES: dict[tuple[str, str, str], dict[str, Any]] = {
    ("post", "/v1/verify", "200"): VERIFICATION,
    ("post", "/v1/verify/batch", "200"): BATCH_VERIFICATION,
    ("post", "/v1/search", "200"): SEARCH,
    ("post", "/v1/stance", "200"): STANCE,
    ("post", "/v1/articles:check", "200"): ARTICLE_CHECK,
    ("get", "/v1/checks/{check_id}", "200"): VERIFICATION,
    ("get", "/v1/oembed", "200"): OEMBED,
    ("post", "/v1/statements", "201"): STATEMENT_WRITE,
    ("get", "/v1/statements", "200"): STATEMENT_PAGE,
    ("get", "/v1/statements/{statement_id}", "200"): STATEMENT,
    ("put", "/v1/statements/{statement_id}", "200"): STATEMENT_REPLACED,
    ("put", "/v1/statements/{statement_id}", "201"): STATEMENT_CREATED,
    ("post", "/v1/statements:import", "200"): IMPORT_REPORT,
    ("get", "/v1/claims:search", "200"): CLAIM_SEARCH,
    ("get", "/v1alpha1/claims:search", "200"): CLAIM_SEARCH,
    ("post", "/v1alpha1/pages", "200"): MARKUP_PAGE,
    ("get", "/v1alpha1/pages", "200"): MARKUP_PAGES,
    ("get", "/v1alpha1/pages/{page_id}", "200"): MARKUP_PAGE,
    ("put", "/v1alpha1/pages/{page_id}", "200"): MARKUP_PAGE,
    ("delete", "/v1alpha1/pages/{page_id}", "200"): DELETED,
    ("get", "/healthz", "200"): HEALTH,
    ("get", "/readyz", "200"): READINESS,
    ("get", "/v1/stats", "200"): STATS,
}

# Declared for Google's shape only: it always answers 501, so it has no real reply to show.
_NEVER_ANSWERED = {("get", "/v1alpha1/claims:imageSearch", "200")}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _json_replies(doc: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Every 2xx `application/json` reply of the document, by (method, path, status)."""
    return {
        (method, path, status): media
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        for status, response in op["responses"].items()
        if status.startswith("2")
        for kind, media in response.get("content", {}).items()
        if kind == "application/json"
    }


def _model(ref: str) -> type[BaseModel]:
    name = ref.rsplit("/", 1)[-1]
    for module in (schemas, google_models, models, results):
        found = getattr(module, name, None)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    raise LookupError(ref)


async def test_the_verify_example_is_what_the_engine_answers(
    seeded_client: httpx.AsyncClient,
) -> None:
    Verification.model_validate(VERIFICATION)
    resp = await seeded_client.post(
        "/v1/verify", json={"claim": VERIFICATION["claim"], "top_k": 1, "use_cache": False}
    )
    assert _stable(resp.json()) == _stable(VERIFICATION)
    doc: Any = openapi_document()
    content = doc["paths"]["/v1/verify"]["post"]["responses"]["200"]["content"]
    # The document leaves out nulls.
    assert content["application/json"]["example"] == _without_nulls(VERIFICATION)


def test_every_json_reply_shows_its_example() -> None:
    replies = _json_replies(openapi_document())
    assert set(replies) == set(EXAMPLES) | _NEVER_ANSWERED
    for key, example in EXAMPLES.items():
        assert replies[key].get("example") == _without_nulls(example), key


def test_every_example_is_valid_for_its_model() -> None:
    replies = _json_replies(openapi_document())
    for key, example in EXAMPLES.items():
        ref = replies[key]["schema"].get("$ref")
        if ref is None:
            assert replies[key]["schema"]["type"] == "object", key
            continue
        model = _model(ref)
        # As written and as the document shows it (without nulls).
        model.model_validate(example)
        model.model_validate(replies[key]["example"])


# The engine's examples and the requests that gave them.
ENGINE = [
    pytest.param(
        "/v1/verify/batch",
        {
            "claims": [
                {"claim": "ChatGPT was launched in November 2022", "top_k": 1, "use_cache": False},
                {"claim": ""},
            ]
        },
        BATCH_VERIFICATION,
        id="batch",
    ),
    pytest.param(
        "/v1/search",
        {"query": "Musk sued OpenAI", "top_k": 2, "use_cache": False},
        SEARCH,
        id="search",
    ),
    pytest.param(
        "/v1/stance",
        {
            "claim": "xAI launched Grok a year after being founded",
            "evidence": "xAI unveiled Grok one month after Elon Musk founded xAI.",
        },
        STANCE,
        id="stance",
    ),
    pytest.param(
        "/v1/articles:check",
        {
            "text": "xAI launched Grok a year after it was founded. The weather was nice. "
            "ChatGPT was launched in November 2022.",
            "language": "en",
        },
        ARTICLE_CHECK,
        id="article",
    ),
]


@pytest.mark.parametrize(("path", "body", "example"), ENGINE)
async def test_the_engine_examples_are_what_the_engine_answers(
    seeded_client: httpx.AsyncClient, path: str, body: dict[str, Any], example: dict[str, Any]
) -> None:
    resp = await seeded_client.post(path, json=body)
    assert resp.status_code == 200, resp.text
    reply = resp.json()
    if path == "/v1/articles:check":
        # The example shows each sentence's first evidence item.
        for sentence in reply["sentences"]:
            sentence["evidence"] = sentence["evidence"][:1]
    assert _stable(reply) == _stable(example)


def test_every_error_status_shows_its_own_body() -> None:
    doc: Any = openapi_document()
    seen = 0
    for path, ops in doc["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in ops.items():
            for status, response in op["responses"].items():
                media = response.get("content", {}).get("application/problem+json")
                if media is None:
                    continue
                example = media.get("example")
                assert example is not None, (method, path, status)
                assert example["status"] == int(status), (method, path, status)
                assert example["type"].startswith("https://"), (method, path, status)
                seen += 1
    assert seen > 50


def test_reason_kinds_are_listed_with_their_meaning() -> None:
    doc: Any = openapi_document()
    reason = doc["components"]["schemas"]["ReasonOut"]
    kinds = reason["x-reason-kinds"]
    assert {"duration_mismatch", "needs_date", "low_relevance"} <= set(kinds)
    for kind in kinds:
        assert f"`{kind}`" in reason["properties"]["type"]["description"]


# The request and reply models of verify, search, stance, ClaimReview, the card and readiness.
DESCRIBED = (
    "VerifyRequest",
    "BatchVerifyRequest",
    "BatchItem",
    "BatchVerifyResponse",
    "Verification",
    "Evidence",
    "ReasonOut",
    "Scores",
    "SearchRequest",
    "SearchResponse",
    "SearchHit",
    "StanceRequest",
    "StanceOutcome",
    "ClaimReview",
    "ClaimItem",
    "ReviewRating",
    "Organization",
    "Person",
    "CreativeWork",
    "OEmbed",
    "Readiness",
    "CheckedSentence",
)


def test_every_property_of_these_models_is_described() -> None:
    schemas: Any = openapi_document()["components"]["schemas"]
    missing = [
        f"{name}.{prop}"
        for name in DESCRIBED
        for prop, spec in schemas[name]["properties"].items()
        if not spec.get("description")
    ]
    assert missing == []


def test_every_property_of_every_model_is_described() -> None:
    # A property that is only a reference is described by the schema it names.
    schemas: Any = openapi_document()["components"]["schemas"]
    missing = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, spec in schema.get("properties", {}).items()
        if not spec.get("description")
        and "$ref" not in spec
        and not any("$ref" in part for part in spec.get("allOf", []))
    ]
    assert missing == []


def test_every_google_error_status_shows_its_own_body() -> None:
    doc: Any = openapi_document()
    seen = 0
    for path, ops in doc["paths"].items():
        if not path.startswith("/v1alpha1/"):
            continue
        for op in ops.values():
            for status, response in op["responses"].items():
                if not status.isdigit() or not status.startswith(("4", "5")):
                    continue
                example = response["content"]["application/json"]["example"]["error"]
                assert example["code"] == int(status), (path, status)
                seen += 1
    assert seen > 10


@pytest.mark.parametrize(
    ("path", "example"),
    [
        ("/v1/statements/seed-en-016", STATEMENT),
        ("/v1/statements?limit=2", STATEMENT_PAGE),
        ("/v1/stats", STATS),
        ("/healthz", HEALTH),
    ],
)
async def test_the_read_examples_are_what_the_seed_store_answers(
    seeded_client: httpx.AsyncClient, path: str, example: dict[str, Any]
) -> None:
    resp = await seeded_client.get(path)
    assert resp.status_code == 200, resp.text
    assert _stable(resp.json()) == _stable(example)
