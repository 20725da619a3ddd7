"""`GET /v1alpha1/claims:search` and `claims:imageSearch` through Google's own Python client."""

from __future__ import annotations

import json

import httpx
import pytest
from googleapiclient.errors import HttpError

from tests.conftest import ServerProcess
from tests.google.conftest import READ, ServiceFactory

pytestmark = pytest.mark.slow


def _urls(reply: dict[str, object]) -> list[str]:
    claims = reply.get("claims", [])
    assert isinstance(claims, list)
    return [c["claimReview"][0]["url"] for c in claims]


def test_search_pages_through_every_match(factchecktools: ServiceFactory) -> None:
    claims = factchecktools(READ).claims()
    request = claims.search(query="Eiffel Tower", languageCode="en-US", pageSize=2)
    seen: list[str] = []
    pages = 0
    while request is not None:
        reply = request.execute()
        pages += 1
        assert len(reply.get("claims", [])) <= 2
        seen += _urls(reply)
        request = claims.search_next(request, reply)
    assert pages >= 3
    assert len(seen) == len(set(seen)) == 5
    first = claims.search(query="Eiffel Tower sold to a museum", pageSize=1).execute()
    claim = first["claims"][0]
    assert claim["text"] == "The Eiffel Tower was sold to a Berlin museum"
    review = claim["claimReview"][0]
    assert review["publisher"] == {"name": "PolitiFact", "site": "politifact.com"}
    assert review["textualRating"] == "False"
    assert review["languageCode"] == "en"
    assert review["reviewDate"].endswith("T00:00:00Z")


def test_offset_publisher_filter_and_max_age(factchecktools: ServiceFactory) -> None:
    claims = factchecktools(READ).claims()
    everything = _urls(claims.search(query="Eiffel Tower", pageSize=10).execute())
    shifted = _urls(claims.search(query="Eiffel Tower", pageSize=10, offset=2).execute())
    assert shifted == everything[2:]
    politifact = claims.search(reviewPublisherSiteFilter="politifact.com", pageSize=10).execute()
    assert sorted(_urls(politifact)) == [
        f"https://www.politifact.com/checks/fc-{n}" for n in (1, 4, 5)
    ]
    recent = _urls(claims.search(query="Eiffel Tower", maxAgeDays=15, pageSize=10).execute())
    assert sorted(u.rsplit("/", 1)[1] for u in recent) == ["fc-1", "fc-3"]


def test_a_bad_parameter_raises_http_error_in_googles_shape(
    factchecktools: ServiceFactory,
) -> None:
    claims = factchecktools(READ).claims()
    with pytest.raises(HttpError) as caught:
        claims.search(query="Eiffel Tower", pageSize=0).execute()
    assert caught.value.resp.status == 400
    error = json.loads(caught.value.content)["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert "pageSize" in error["message"]
    violations = error["details"][0]["fieldViolations"]
    assert violations[0]["field"] == "pageSize"
    with pytest.raises(HttpError) as caught:
        claims.search(languageCode="en").execute()  # neither query nor site
    assert json.loads(caught.value.content)["error"]["status"] == "INVALID_ARGUMENT"
    assert caught.value.resp.status == 400


def test_keys_come_as_the_key_parameter(
    factchecktools: ServiceFactory, server: ServerProcess
) -> None:
    with pytest.raises(HttpError) as caught:
        factchecktools("not-a-key").claims().search(query="Eiffel Tower").execute()
    assert caught.value.resp.status == 401
    assert json.loads(caught.value.content)["error"]["status"] == "UNAUTHENTICATED"
    # Without any key: Google's shape here, problem+json on the /v1 alias.
    bare = httpx.get(server.url + "/v1alpha1/claims:search", params={"query": "Eiffel"})
    assert bare.status_code == 401
    assert bare.json()["error"]["code"] == 401
    alias = httpx.get(server.url + "/v1/claims:search", params={"query": "Eiffel"})
    assert alias.status_code == 401
    assert alias.headers["content-type"].startswith("application/problem+json")
    # The alias answers the same claims, with the key in its header.
    same = httpx.get(
        server.url + "/v1/claims:search",
        params={"query": "Eiffel Tower", "pageSize": 10},
        headers={"X-API-Key": READ},
    )
    google = httpx.get(
        server.url + "/v1alpha1/claims:search",
        params={"query": "Eiffel Tower", "pageSize": 10, "key": READ, "alt": "json"},
    )
    assert same.json() == google.json()
    unknown = httpx.get(server.url + "/v1alpha1/nothing", params={"key": READ})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["status"] == "NOT_FOUND"


def test_image_search_is_unimplemented(factchecktools: ServiceFactory) -> None:
    with pytest.raises(HttpError) as caught:
        factchecktools(READ).claims().imageSearch(imageUri="https://x.example/a.png").execute()
    assert caught.value.resp.status == 501
    error = json.loads(caught.value.content)["error"]
    assert (error["code"], error["status"]) == (501, "UNIMPLEMENTED")
    assert "claims:search" in error["message"]
