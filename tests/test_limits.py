"""Field bounds come from settings: enforced per app, and shown in that app's OpenAPI document."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from factdesk.config import Settings
from factdesk.main import create_app

from tests.conftest import _client_for, make_settings
from tests.routes.test_statements import assert_problem, stmt

TIGHT = {
    "max_claim_chars": 40,
    "max_batch_claims": 3,
    "max_top_k": 7,
    "max_search_top_k": 12,
    "max_query_chars": 30,
    "max_page_size": 5,
}


@pytest.fixture(scope="module")
async def tight(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(tmp_path_factory.mktemp("tight"), seed_fixtures=False, **TIGHT)
    async for client in _client_for(create_app(settings)):
        yield client


def pointers(problem: dict[str, object]) -> dict[str, str]:
    return {e["pointer"]: e["message"] for e in problem["errors"]}  # type: ignore[attr-defined]


def bounds(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc["components"]["schemas"]
    params = {p["name"]: p for p in doc["paths"]["/v1/statements"]["get"]["parameters"]}
    return {
        "claim": schemas["VerifyRequest"]["properties"]["claim"]["maxLength"],
        "stance claim": schemas["StanceRequest"]["properties"]["claim"]["maxLength"],
        "verify top_k": schemas["VerifyRequest"]["properties"]["top_k"]["maximum"],
        "batch": schemas["BatchVerifyRequest"]["properties"]["claims"]["maxItems"],
        "query": schemas["SearchRequest"]["properties"]["query"]["maxLength"],
        "search top_k": schemas["SearchRequest"]["properties"]["top_k"]["maximum"],
        "q": params["q"]["schema"]["anyOf"][0]["maxLength"],
        "page": params["limit"]["schema"]["maximum"],
    }


def test_openapi_shows_the_configured_bounds(tmp_path: Any) -> None:
    doc = create_app(make_settings(tmp_path, **TIGHT)).openapi()
    assert bounds(doc) == {
        "claim": 40,
        "stance claim": 40,
        "verify top_k": 7,
        "batch": 3,
        "query": 30,
        "search top_k": 12,
        "q": 30,
        "page": 5,
    }
    claim = doc["components"]["schemas"]["VerifyRequest"]["properties"]["claim"]
    assert claim["x-factdesk-setting"] == "FACTDESK_MAX_CLAIM_CHARS"


def test_default_document_shows_the_defaults() -> None:
    assert bounds(create_app(Settings(seed_fixtures=False)).openapi()) == {
        "claim": 1000,
        "stance claim": 1000,
        "verify top_k": 20,
        "batch": 100,
        "query": 1000,
        "search top_k": 100,
        "q": 1000,
        "page": 100,
    }


async def test_served_document_matches_the_app(tight: httpx.AsyncClient) -> None:
    assert bounds((await tight.get("/openapi.json")).json())["claim"] == 40


async def test_verify_bounds(tight: httpx.AsyncClient) -> None:
    ok = await tight.post("/v1/verify", json={"claim": "c" * 40, "top_k": 7})
    assert ok.status_code == 200
    problem = assert_problem(await tight.post("/v1/verify", json={"claim": "c" * 41}), 422)
    assert pointers(problem) == {"#/claim": "String should have at most 40 characters"}
    problem = assert_problem(await tight.post("/v1/verify", json={"claim": "c", "top_k": 8}), 422)
    assert pointers(problem) == {"#/top_k": "Input should be less than or equal to 7"}
    # Surrounding blanks are stripped before the length is checked.
    padded = await tight.post("/v1/verify", json={"claim": "  " + "c" * 40 + "  "})
    assert padded.status_code == 200


async def test_stance_claim_bound(tight: httpx.AsyncClient) -> None:
    problem = assert_problem(
        await tight.post("/v1/stance", json={"claim": "c" * 41, "evidence": "e"}), 422
    )
    assert "#/claim" in pointers(problem)


async def test_batch_bounds(tight: httpx.AsyncClient) -> None:
    problem = assert_problem(await tight.post("/v1/verify/batch", json={"claims": ["c"] * 4}), 422)
    assert pointers(problem) == {"#/claims": "List should have at most 3 items, not 4"}
    resp = await tight.post(
        "/v1/verify/batch",
        json={"claims": ["short claim", "c" * 41, {"claim": "c", "top_k": 8}]},
    )
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert results[0]["result"]["claim"] == "short claim"
    assert results[1]["error"]["errors"] == [
        {"pointer": "#/claim", "message": "String should have at most 40 characters"}
    ]
    assert results[2]["error"]["errors"][0]["pointer"] == "#/top_k"


async def test_search_bounds(tight: httpx.AsyncClient) -> None:
    ok = await tight.post("/v1/search", json={"query": "q" * 30, "top_k": 12})
    assert ok.status_code == 200
    problem = assert_problem(await tight.post("/v1/search", json={"query": "q" * 31}), 422)
    assert pointers(problem) == {"#/query": "String should have at most 30 characters"}
    problem = assert_problem(await tight.post("/v1/search", json={"query": "q", "top_k": 13}), 422)
    assert "#/top_k" in pointers(problem)


async def test_list_query_and_page_size(tight: httpx.AsyncClient) -> None:
    problem = assert_problem(await tight.get("/v1/statements", params={"q": "q" * 31}), 422)
    assert pointers(problem) == {"query:q": "String should have at most 30 characters"}
    assert (await tight.get("/v1/statements", params={"q": "q" * 30})).status_code == 200

    batch = [stmt(f"p{n:02}", f"Statement number {n}.") for n in range(8)]
    assert (await tight.post("/v1/statements", json=batch)).status_code == 201
    # A page larger than the maximum is clamped, not refused; the default is clamped too.
    for params in ({"limit": 1000}, {}):
        page = (await tight.get("/v1/statements", params=params)).json()
        assert [s["id"] for s in page["items"]] == [f"p{n:02}" for n in range(5)]
        assert page["next_cursor"]
    rest = await tight.get("/v1/statements", params={"cursor": page["next_cursor"]})
    assert [s["id"] for s in rest.json()["items"]] == ["p05", "p06", "p07"]
    assert_problem(await tight.get("/v1/statements", params={"limit": 0}), 422)


def test_settings_refuse_bounds_below_the_request_defaults(tmp_path: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="max_top_k"):
        make_settings(tmp_path, max_top_k=4)  # verify's default top_k is 5
    with pytest.raises(ValidationError, match="max_search_top_k"):
        make_settings(tmp_path, max_search_top_k=9)  # search's default top_k is 10
