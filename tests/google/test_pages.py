"""The ClaimReview Markup API (`/v1alpha1/pages`) through Google's own Python client: a page's
whole life, and its markups found by `/v1/verify` and `claims:search` while it exists."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from googleapiclient.errors import HttpError

from tests.conftest import ServerProcess
from tests.google.conftest import READ, WRITE, ServiceFactory

pytestmark = pytest.mark.slow

PAGE_URL = "https://www.lyon-checks.example/2024/bridges"
CLAIM = "The city of Lyon banned bicycles from all of its bridges in 2024"
PARAPHRASE = "Lyon has banned bikes on every one of its bridges since 2024"
SECOND = "Lyon's mayor said bridges would be closed to cars on Sundays"


def _page(*markups: dict[str, Any]) -> dict[str, Any]:
    return {
        "pageUrl": PAGE_URL,
        "publishDate": "2024-05-02T09:00:00Z",
        "claimReviewAuthor": {
            "name": "Lyon Checks",
            "imageUrl": "https://lyon-checks.example/l.png",
        },
        "claimReviewMarkups": list(markups),
    }


def _markup(claim: str, rating: str, value: int) -> dict[str, Any]:
    return {
        "claimReviewed": claim,
        "claimDate": "2024-04-28",
        "claimAppearances": ["https://social.example.net/p/77"],
        "claimAuthor": {"name": "A. Poster", "jobTitle": "Commentator"},
        "claimLocation": "Lyon",
        "rating": {
            "textualRating": rating,
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": "The city council passed no such rule.",
        },
    }


def _verify(server: ServerProcess, claim: str) -> dict[str, Any]:
    reply = httpx.post(
        server.url + "/v1/verify", json={"claim": claim}, headers={"X-API-Key": READ}, timeout=60
    )
    assert reply.status_code == 200, reply.text
    result: dict[str, Any] = reply.json()
    return result


def _cited(result: dict[str, Any]) -> list[str]:
    return [e["statement"]["source"].get("url") for e in result["evidence"]]


def test_a_page_from_create_to_delete(
    factchecktools: ServiceFactory, server: ServerProcess
) -> None:
    writer = factchecktools(WRITE).pages()
    reader = factchecktools(READ).pages()
    created = writer.create(body=_page(_markup(CLAIM, "False", 1))).execute()
    name = created["name"]
    assert name.startswith("pages/") and created["versionId"]
    assert created["claimReviewMarkups"][0]["claimAuthor"]["jobTitle"] == "Commentator"

    # Its markup is a fact-check at once: a paraphrase is refuted, citing the page.
    result = _verify(server, PARAPHRASE)
    assert result["verdict"] == "refuted"
    assert PAGE_URL in _cited(result)
    found = factchecktools(READ).claims().search(query="Lyon bicycles bridges").execute()
    review = found["claims"][0]["claimReview"][0]
    assert (review["url"], review["textualRating"]) == (PAGE_URL, "False")
    assert review["publisher"] == {"name": "Lyon Checks", "site": "lyon-checks.example"}
    assert found["claims"][0]["claimant"] == "A. Poster"

    got = reader.get(name=name).execute()
    assert got == created
    by_url = reader.list(url=PAGE_URL).execute()
    assert [p["name"] for p in by_url["claimReviewMarkupPages"]] == [name]
    by_site = reader.list(organization="lyon-checks.example").execute()
    assert [p["name"] for p in by_site["claimReviewMarkupPages"]] == [name]

    # Update with the current versionId: a second markup, the first one now "True".
    body = _page(_markup(CLAIM, "True", 5), _markup(SECOND, "Mostly false", 2))
    body["versionId"] = created["versionId"]
    updated = writer.update(name=name, body=body).execute()
    assert updated["versionId"] != created["versionId"]
    assert len(updated["claimReviewMarkups"]) == 2
    assert _verify(server, PARAPHRASE)["verdict"] == "supported"

    # The versionId read before the update is stale now.
    body["versionId"] = created["versionId"]
    with pytest.raises(HttpError) as caught:
        writer.update(name=name, body=body).execute()
    assert caught.value.resp.status == 409
    assert json.loads(caught.value.content)["error"]["status"] == "ABORTED"
    assert reader.get(name=name).execute() == updated

    # A read key cannot write.
    with pytest.raises(HttpError) as caught:
        reader.delete(name=name).execute()
    assert caught.value.resp.status == 403
    assert json.loads(caught.value.content)["error"]["status"] == "PERMISSION_DENIED"

    assert writer.delete(name=name).execute() == {}
    after = _verify(server, PARAPHRASE)
    assert PAGE_URL not in _cited(after)
    assert after["verdict"] == "not_enough_evidence"
    with pytest.raises(HttpError) as caught:
        reader.get(name=name).execute()
    assert caught.value.resp.status == 404
    assert json.loads(caught.value.content)["error"]["status"] == "NOT_FOUND"
    assert reader.list(url=PAGE_URL).execute().get("claimReviewMarkupPages", []) == []


def test_listing_pages_through_with_tokens_and_offset(factchecktools: ServiceFactory) -> None:
    writer = factchecktools(WRITE).pages()
    names = []
    for n in range(5):
        page = _page(_markup(f"Claim number {n} about Lyon's tram fares", "False", 1))
        page["pageUrl"] = f"https://fares.example.org/check/{n}"
        names.append(writer.create(body=page).execute()["name"])
    pages = factchecktools(READ).pages()
    request = pages.list(organization="fares.example.org", pageSize=2)
    seen: list[str] = []
    while request is not None:
        reply = request.execute()
        seen += [p["name"] for p in reply.get("claimReviewMarkupPages", [])]
        request = pages.list_next(request, reply)
    assert sorted(seen) == sorted(names) and len(seen) == 5
    shifted = pages.list(organization="fares.example.org", pageSize=10, offset=3).execute()
    assert [p["name"] for p in shifted["claimReviewMarkupPages"]] == seen[3:]
    with pytest.raises(HttpError) as caught:
        pages.list(url="https://fares.example.org/check/1", organization="x.org").execute()
    assert caught.value.resp.status == 400
    for name in names:
        writer.delete(name=name).execute()


def test_an_unusable_page_is_invalid_argument(factchecktools: ServiceFactory) -> None:
    writer = factchecktools(WRITE).pages()
    bad = _page({"claimReviewed": CLAIM})  # no rating
    with pytest.raises(HttpError) as caught:
        writer.create(body=bad).execute()
    error = json.loads(caught.value.content)["error"]
    assert (caught.value.resp.status, error["status"]) == (400, "INVALID_ARGUMENT")
    assert "claimReviewMarkups[0].rating.textualRating" in error["message"]
    dated = _page(_markup(CLAIM, "False", 1))
    dated["publishDate"] = "last Tuesday"
    with pytest.raises(HttpError) as caught:
        writer.create(body=dated).execute()
    assert caught.value.resp.status == 400
    with pytest.raises(HttpError) as caught:
        factchecktools(READ).pages().create(body=_page(_markup(CLAIM, "False", 1))).execute()
    assert caught.value.resp.status == 403
