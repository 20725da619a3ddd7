"""The OpenAPI document's examples are real: the verify example is what the engine answers, and
each error status shows a body of its own status."""

from __future__ import annotations

from typing import Any

import httpx
from factdesk.cli import openapi_document
from factdesk.engine.results import Verification
from factdesk.examples import VERIFICATION

# What changes from one run to the next and is not the answer.
_VOLATILE = {"timings_ms", "cached", "store_generation"}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _stable(reply: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in reply.items() if k not in _VOLATILE}
    out["evidence"] = [
        {**e, "statement": {k: v for k, v in e["statement"].items() if not k.endswith("_at")}}
        for e in reply["evidence"]
    ]
    return out


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
