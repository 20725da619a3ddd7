"""Verify, batch, search and stance over the seeded store (the seed article's statements)."""

from __future__ import annotations

import httpx
import pytest

from tests.routes.test_statements import assert_problem

MONTH_EN = "xAI launched Grok a month after being founded"
YEAR_EN = "xAI launched Grok a year after being founded"
MONTH_KO = "xAI는 설립 한 달 뒤에 그록을 출시했다"
YEAR_KO = "xAI는 설립 1년 뒤에 그록을 출시했다"


def evidence_ids(body: dict[str, object]) -> list[str]:
    return [e["statement"]["id"] for e in body["evidence"]]  # type: ignore[index,union-attr]


@pytest.mark.parametrize("claim", [MONTH_EN, MONTH_KO])
async def test_design_example_supported(seeded_client: httpx.AsyncClient, claim: str) -> None:
    resp = await seeded_client.post("/v1/verify", json={"claim": claim, "use_cache": False})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["verdict"] == "supported", body["summary"]
    assert {"seed-en-016", "seed-ko-005"} & set(evidence_ids(body))
    top = body["evidence"][0]
    assert top["stance"] == "supports"
    assert top["statement"]["source"]["published_at"] == "2024-03-13"
    assert top["statement"]["quote"]
    assert set(top["scores"]) == {"lexical", "fuzzy", "semantic"}
    assert 0 < body["confidence"] <= 1
    # The summary is in the claim's language.
    assert body["reply_language"] == ("en" if claim == MONTH_EN else "ko")
    assert body["summary"].startswith("Supported" if claim == MONTH_EN else "사실로")


@pytest.mark.parametrize("claim", [YEAR_EN, YEAR_KO])
async def test_design_example_refuted(seeded_client: httpx.AsyncClient, claim: str) -> None:
    body = (await seeded_client.post("/v1/verify", json={"claim": claim})).json()
    assert body["verdict"] == "refuted", body["summary"]
    top = body["evidence"][0]
    assert top["stance"] == "refutes"
    assert top["statement"]["id"] in {"seed-en-016", "seed-ko-005"}
    kinds = [r["type"] for r in top["reasons"]]
    assert "duration_mismatch" in kinds
    reason = top["reasons"][kinds.index("duration_mismatch")]
    assert reason["claim"] and reason["evidence"]


async def test_unrelated_claim_is_not_enough_evidence(seeded_client: httpx.AsyncClient) -> None:
    body = (
        await seeded_client.post(
            "/v1/verify", json={"claim": "The Seoul marathon was cancelled because of snow"}
        )
    ).json()
    assert body["verdict"] == "not_enough_evidence"
    assert all(e["stance"] == "neutral" for e in body["evidence"])
    # Said plainly, with no confidence to show and the statements labelled as not evidence.
    assert body["confidence"] == 0
    assert body["summary"].startswith("Not enough evidence")
    assert body["evidence_role"] == "closest"
    assert body["evidence_label"] == "Closest statements (not evidence)"


async def test_verify_is_cached_and_bypassable(seeded_client: httpx.AsyncClient) -> None:
    claim = {"claim": "ChatGPT was launched in November 2022", "top_k": 3}
    first = (await seeded_client.post("/v1/verify", json=claim)).json()
    second = (await seeded_client.post("/v1/verify", json=claim)).json()
    assert second["cached"] is True
    assert second["verdict"] == first["verdict"]
    assert evidence_ids(second) == evidence_ids(first)
    third = (
        await seeded_client.post("/v1/verify", json=claim, headers={"Cache-Control": "no-cache"})
    ).json()
    assert third["cached"] is False
    fourth = (await seeded_client.post("/v1/verify", json={**claim, "use_cache": False})).json()
    assert fourth["cached"] is False


async def test_a_cached_reply_is_the_computed_one_marked_cached(
    seeded_client: httpx.AsyncClient,
) -> None:
    # Cache hits are sent as the stored JSON without going through the models again: the
    # reply must be the same document, field for field, as the one computed.
    for route, body in (
        ("/v1/verify", {"claim": "Grok was released by xAI in November 2023", "top_k": 4}),
        ("/v1/search", {"query": "Grok chatbot open source", "top_k": 6}),
    ):
        first = await seeded_client.post(route, json=body)
        second = await seeded_client.post(route, json=body)
        assert first.status_code == second.status_code == 200
        assert "cache;desc=miss" in first.headers["server-timing"]
        assert "cache;desc=hit" in second.headers["server-timing"]
        assert second.headers["content-type"] == "application/json"
        computed, cached = first.json(), second.json()
        assert computed["cached"] is False and cached["cached"] is True
        assert {**computed, "cached": True} == cached


async def test_as_of_hides_later_statements(seeded_client: httpx.AsyncClient) -> None:
    body = (
        await seeded_client.post("/v1/verify", json={"claim": MONTH_EN, "as_of": "2024-01-01"})
    ).json()
    assert body["verdict"] == "not_enough_evidence"
    assert body["evidence"] == []


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({}, "#/claim"),
        ({"claim": ""}, "#/claim"),
        ({"claim": "x" * 1001}, "#/claim"),
        ({"claim": 12}, "#/claim"),
        ({"claim": "ok", "top_k": 0}, "#/top_k"),
        ({"claim": "ok", "top_k": 21}, "#/top_k"),
        ({"claim": "ok", "as_of": "tomorrow"}, "#/as_of"),
        ({"claim": "ok", "kind": "rumour"}, "#/kind"),
        ({"claim": "ok", "extra": 1}, "#/extra"),
    ],
)
async def test_verify_bad_input(
    seeded_client: httpx.AsyncClient, body: dict[str, object], pointer: str
) -> None:
    problem = assert_problem(await seeded_client.post("/v1/verify", json=body), 422)
    assert pointer in [e["pointer"] for e in problem["errors"]]  # type: ignore[union-attr]


async def test_batch_keeps_order_and_isolates_errors(seeded_client: httpx.AsyncClient) -> None:
    resp = await seeded_client.post(
        "/v1/verify/batch",
        json={"claims": [MONTH_EN, {"claim": ""}, {"claim": YEAR_EN, "top_k": 2}]},
    )
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert results[0]["result"]["verdict"] == "supported"
    assert results[1]["error"]["status"] == 422 and results[1].get("result") is None
    assert results[2]["result"]["verdict"] == "refuted"
    assert len(results[2]["result"]["evidence"]) <= 2
    assert_problem(await seeded_client.post("/v1/verify/batch", json={"claims": []}), 422)
    assert_problem(await seeded_client.post("/v1/verify/batch", json={"claims": ["c"] * 101}), 422)


async def test_search_ranks_and_filters(seeded_client: httpx.AsyncClient) -> None:
    body = (
        await seeded_client.post(
            "/v1/search", json={"query": "Musk sued OpenAI and Altman in San Francisco", "top_k": 5}
        )
    ).json()
    results = body["results"]
    assert 1 <= len(results) <= 5
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert (
        "lawsuit" in results[0]["statement"]["text"].lower()
        or "sue" in results[0]["statement"]["text"].lower()
    )
    ko = (
        await seeded_client.post("/v1/search", json={"query": "Musk sued OpenAI", "language": "ko"})
    ).json()["results"]
    assert ko and all(r["statement"]["language"] == "ko" for r in ko)
    typo = (
        await seeded_client.post("/v1/search", json={"query": "Grock open sourced by xAi"})
    ).json()
    assert "grok" in typo["results"][0]["statement"]["text"].lower()
    assert_problem(await seeded_client.post("/v1/search", json={"query": "x", "top_k": 101}), 422)


async def test_stance_endpoint(seeded_client: httpx.AsyncClient) -> None:
    resp = await seeded_client.post(
        "/v1/stance",
        json={"claim": YEAR_EN, "evidence": "xAI unveiled Grok one month after Musk founded xAI."},
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["stance"] == "refutes"
    assert "duration_mismatch" in [r["type"] for r in body["reasons"]]
    assert_problem(await seeded_client.post("/v1/stance", json={"claim": "x"}), 422)


@pytest.mark.parametrize("claim", ["!!!???...", "🙂🙂🙂", "مرحبا بالعالم", "\u200f\u202e abc"])
async def test_odd_claims_get_a_verdict(seeded_client: httpx.AsyncClient, claim: str) -> None:
    resp = await seeded_client.post("/v1/verify", json={"claim": claim})
    assert resp.status_code == 200, resp.text
    assert resp.json()["verdict"] == "not_enough_evidence"


async def test_claim_date_resolves_relative_dates(seeded_client: httpx.AsyncClient) -> None:
    claim = "머스크는 지난해 xAI를 설립했다"
    said_in_2024 = await seeded_client.post(
        "/v1/verify", json={"claim": claim, "claim_date": "2024-03-13", "use_cache": False}
    )
    assert said_in_2024.status_code == 200, said_in_2024.text
    assert said_in_2024.json()["verdict"] == "supported", said_in_2024.json()["summary"]
    # Said in 2026, "last year" is 2025: the founding year contradicts it.
    said_in_2026 = (
        await seeded_client.post(
            "/v1/verify", json={"claim": claim, "claim_date": "2026-11-28", "use_cache": False}
        )
    ).json()
    assert said_in_2026["verdict"] == "refuted", said_in_2026["summary"]
    reasons = [r for e in said_in_2026["evidence"] for r in e["reasons"]]
    assert any(r["type"] == "date_mismatch" for r in reasons)
    # Without a date the relative one is not compared.
    undated = (await seeded_client.post("/v1/verify", json={"claim": claim})).json()
    assert undated["verdict"] != "refuted"
