"""ClaimReview out (verify `format`, `GET /v1/claimreview`) and in (`/v1/statements:import` with
`application/ld+json`, `factdesk import`), and `GET /v1/claims:search` driven by a client
written against Google's documented Fact Check Tools API."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from factdesk.cli import main as cli
from factdesk.main import create_app

from tests.conftest import _client_for, make_settings
from tests.paths import FIXTURES
from tests.routes.test_statements import assert_problem
from tests.test_claimreview import google_claimreview_problems

LD = {"content-type": "application/ld+json"}
YEAR_CLAIM = "xAI launched Grok a year after being founded"


# -- ClaimReview out ------------------------------------------------------------------------


async def test_verify_answers_claimreview_on_request(seeded_client: httpx.AsyncClient) -> None:
    resp = await seeded_client.post(
        "/v1/verify",
        json={
            "claim": YEAR_CLAIM,
            "format": "claimreview",
            "appearance": ["https://social.example.net/post/1"],
        },
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/ld+json"
    assert "server-timing" in resp.headers
    review = resp.json()
    assert google_claimreview_problems(review) == []
    assert review["claimReviewed"] == YEAR_CLAIM
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
        "name": "False",
    }
    page = {"@type": "CreativeWork", "url": "https://social.example.net/post/1"}
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "appearance": [page],
        "firstAppearance": page,
        "inLanguage": "en",
    }
    assert review["author"] == {"@type": "Organization", "name": "FactDesk"}
    assert review["datePublished"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert review["reviewBody"].startswith("Refuted")
    assert {c["datePublished"] for c in review["citation"]} == {"2024-03-13"}

    # The default url is this check's permalink on this service: its ClaimReview is the same.
    again = await seeded_client.get(
        review["url"].removeprefix("http://test"), params={"format": "claimreview"}
    )
    assert again.status_code == 200
    assert again.headers["content-type"] == "application/ld+json"
    assert again.json() == review

    plain = await seeded_client.post("/v1/verify", json={"claim": YEAR_CLAIM})
    assert plain.headers["content-type"] == "application/json"
    assert plain.json()["verdict"] == "refuted"


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("xAI launched Grok a month after being founded", "True"),
        ("The Seoul marathon was cancelled because of snow", "Unverified"),
    ],
)
async def test_claimreview_route_rates_each_verdict(
    seeded_client: httpx.AsyncClient, claim: str, label: str
) -> None:
    resp = await seeded_client.get("/v1/claimreview", params={"claim": claim})
    assert resp.status_code == 200, resp.text
    review = resp.json()
    assert google_claimreview_problems(review) == []
    assert review["reviewRating"]["alternateName"] == label


async def test_claimreview_errors(seeded_client: httpx.AsyncClient) -> None:
    problem = assert_problem(await seeded_client.get("/v1/claimreview"), 422)
    assert problem["errors"][0]["pointer"] == "query:claim"
    problem = assert_problem(await seeded_client.get("/v1/claimreview?claim=%20%20"), 422)
    assert problem["errors"] == [
        {"pointer": "query:claim", "message": "String should have at least 1 character"}
    ]
    problem = assert_problem(
        await seeded_client.get("/v1/claimreview", params={"claim": "x", "appearance": "nope"}),
        422,
    )
    assert problem["errors"][0]["pointer"].startswith("query:appearance")


async def test_batch_refuses_claimreview_items(seeded_client: httpx.AsyncClient) -> None:
    body = (
        await seeded_client.post(
            "/v1/verify/batch",
            json={"claims": [{"claim": YEAR_CLAIM, "format": "claimreview"}, YEAR_CLAIM]},
        )
    ).json()
    assert body["results"][0]["error"]["errors"] == [
        {"pointer": "#/format", "message": "allowed on /v1/verify, not in a batch"}
    ]
    assert body["results"][1]["result"]["verdict"] == "refuted"


async def test_organisation_and_url_template_come_from_settings(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        seed_fixtures=False,
        claimreview_org_name="Daily Example Fact Desk",
        claimreview_org_url="https://news.example.org/",
        claimreview_url_template="https://news.example.org/fact-checks/{id}#{claim}",
    )
    async for client in _client_for(create_app(settings)):
        resp = await client.get("/v1/claimreview", params={"claim": "Grok is 1 year old"})
        review = resp.json()
        assert google_claimreview_problems(review) == []
        assert review["author"] == {
            "@type": "Organization",
            "name": "Daily Example Fact Desk",
            "url": "https://news.example.org/",
        }
        assert re.fullmatch(
            r"https://news\.example\.org/fact-checks/[0-9a-f]{16}#Grok%20is%201%20year%20old",
            review["url"],
        )


# -- ClaimReview in -------------------------------------------------------------------------

_REVIEWS = (FIXTURES / "claimreviews.jsonld").read_text("utf-8")


@pytest.fixture(scope="module")
async def claims_client(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    """A store holding only the fixture ClaimReviews (imported through the API) and two
    reviews dated relative to today."""
    settings = make_settings(tmp_path_factory.mktemp("claims"), seed_fixtures=False)
    async for client in _client_for(create_app(settings)):
        report = await client.post("/v1/statements:import", content=_REVIEWS, headers=LD)
        assert report.json()["created"] == 11, report.text
        today = dt.datetime.now(dt.UTC).date()
        fresh = [
            _review("fresh", "Grok was trained on 1 trillion tokens", today - dt.timedelta(2)),
            _review("stale", "Grok was trained on 2 trillion tokens", today - dt.timedelta(400)),
        ]
        report = await client.post("/v1/statements:import", json=fresh, headers=LD)
        assert report.json()["created"] == 2, report.text
        yield client


def _review(slug: str, claim: str, day: dt.date) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://dated.example.org/{slug}",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Dated Checks"},
        "datePublished": day.isoformat(),
        "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
    }


async def test_imported_claimreviews_are_fact_check_statements(
    claims_client: httpx.AsyncClient,
) -> None:
    page = (await claims_client.get("/v1/statements", params={"kind": "fact_check"})).json()
    by_text = {s["text"]: s for s in page["items"]}
    assert len(by_text) == 13
    apache = by_text["Grok's model weights were released under the Apache 2.0 license"]
    assert apache["rating"] == {"label": "True", "value": 5.0, "best": 5.0, "worst": 1.0}
    assert apache["source"] == {
        "url": "https://factcheck.example.org/grok-apache",
        "title": "Yes, Grok-1 weights are Apache 2.0",
        "publisher": "Example Fact Check",
        "author": None,
        "published_at": "2024-03-18",
    }
    assert apache["claimant"] == "Elon Musk"
    assert apache["claim_date"] == "2024-03-17"
    korean = by_text["그록은 메타가 개발했다"]
    assert korean["language"] == "ko" and korean["rating"]["label"] == "거짓"


async def test_import_reports_unusable_reviews_and_updates_on_reimport(
    empty_client: httpx.AsyncClient,
) -> None:
    document = json.loads(_REVIEWS)
    document["@graph"].append({"@type": "ClaimReview", "claimReviewed": "No rating here"})
    first = (
        await empty_client.post("/v1/statements:import", content=json.dumps(document), headers=LD)
    ).json()
    assert (first["created"], first["rejected"]) == (11, 1)
    assert first["errors"] == [
        {"line": 12, "reason": "invalid record: ClaimReview has no reviewRating"}
    ]
    again = (await empty_client.post("/v1/statements:import", content=_REVIEWS, headers=LD)).json()
    assert (again["created"], again["updated"], again["rejected"]) == (0, 11, 0)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ('{"@type": "WebPage"}', "the JSON-LD holds no ClaimReview; nothing stored"),
        ("{not json", "not valid JSON-LD"),
    ],
)
async def test_import_refuses_json_ld_without_reviews(
    empty_client: httpx.AsyncClient, body: str, detail: str
) -> None:
    problem = assert_problem(
        await empty_client.post("/v1/statements:import", content=body, headers=LD), 422
    )
    assert detail in problem["detail"]


async def test_ndjson_import_is_unchanged_by_the_json_ld_path(
    empty_client: httpx.AsyncClient,
) -> None:
    line = json.dumps({"id": "n1", "text": "ChatGPT launched in 2022.", "source": {"title": "T"}})
    for content_type in ("application/x-ndjson", "application/json", None):
        headers = {"content-type": content_type} if content_type else {}
        report = await empty_client.post("/v1/statements:import", content=line, headers=headers)
        assert report.status_code == 200 and report.json()["rejected"] == 0


def test_cli_imports_claimreview_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("FACTDESK_SEED_FIXTURES", "false")
    page = tmp_path / "page.json"  # detected from its first characters, not its name
    page.write_text(json.dumps([json.loads(_REVIEWS)["@graph"][2]]), "utf-8")
    assert cli(["import", str(FIXTURES / "claimreviews.jsonld"), str(page)]) == 0
    out = capsys.readouterr().out
    assert "claimreviews.jsonld: 11 created, 0 updated, 0 rejected" in out
    assert "page.json: 0 created, 1 updated, 0 rejected" in out
    assert cli(["export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(exported) == 11 and {s["kind"] for s in exported} == {"fact_check"}


# -- claims:search, through a client written against Google's documentation ----------------


@dataclass(frozen=True)
class GoogleReview:
    publisher_name: str | None
    publisher_site: str | None
    url: str | None
    title: str | None
    review_date: str | None
    textual_rating: str | None
    language_code: str | None


@dataclass(frozen=True)
class GoogleClaim:
    text: str
    claimant: str | None
    claim_date: str | None
    reviews: tuple[GoogleReview, ...]


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


class FactCheckToolsClient:
    """A minimal client for Google's Fact Check Tools API `claims.search` as documented
    (v1alpha1): GET `{base}/claims:search` with `query`, `languageCode`,
    `reviewPublisherSiteFilter`, `maxAgeDays`, `pageSize`, `pageToken`, `offset` and `key`;
    the answer is `{"claims": [Claim], "nextPageToken": string}`, where an absent or empty token
    means no more results and absent fields are simply left out."""

    def __init__(self, client: httpx.AsyncClient, base: str, key: str = "unused") -> None:
        self.client, self.base, self.key = client, base.rstrip("/"), key

    async def page(self, **params: Any) -> tuple[list[GoogleClaim], str | None]:
        query = {k: v for k, v in params.items() if v is not None} | {"key": self.key}
        resp = await self.client.get(f"{self.base}/claims:search", params=query)
        resp.raise_for_status()
        body = resp.json()
        assert set(body) <= {"claims", "nextPageToken"}
        return [self._claim(c) for c in body.get("claims", [])], body.get("nextPageToken") or None

    async def search(self, **params: Any) -> list[GoogleClaim]:
        """Every page, following `nextPageToken` with the other parameters unchanged."""
        claims, token = await self.page(**params)
        while token:
            more, token = await self.page(**params, pageToken=token)
            claims += more
        return claims

    @staticmethod
    def _claim(raw: dict[str, Any]) -> GoogleClaim:
        assert set(raw) <= {"text", "claimant", "claimDate", "claimReview"}
        assert isinstance(raw["text"], str)
        assert raw.get("claimDate") is None or _TIMESTAMP.fullmatch(raw["claimDate"])
        reviews = []
        for review in raw.get("claimReview", []):
            assert set(review) <= {
                "publisher",
                "url",
                "title",
                "reviewDate",
                "textualRating",
                "languageCode",
            }
            assert set(review.get("publisher", {})) <= {"name", "site"}
            assert review.get("reviewDate") is None or _TIMESTAMP.fullmatch(review["reviewDate"])
            reviews.append(
                GoogleReview(
                    publisher_name=review.get("publisher", {}).get("name"),
                    publisher_site=review.get("publisher", {}).get("site"),
                    url=review.get("url"),
                    title=review.get("title"),
                    review_date=review.get("reviewDate"),
                    textual_rating=review.get("textualRating"),
                    language_code=review.get("languageCode"),
                )
            )
        return GoogleClaim(raw["text"], raw.get("claimant"), raw.get("claimDate"), tuple(reviews))


@pytest.fixture()
def google(claims_client: httpx.AsyncClient) -> Iterator[FactCheckToolsClient]:
    # The base URL is the only change a tool written for Google's API needs.
    yield FactCheckToolsClient(claims_client, "http://test/v1")


async def test_query_finds_the_matching_fact_check_first(google: FactCheckToolsClient) -> None:
    claims = await google.search(query="Was Grok released under the Apache license?")
    top = claims[0]
    assert top.text == "Grok's model weights were released under the Apache 2.0 license"
    assert top.claimant == "Elon Musk"
    assert top.claim_date == "2024-03-17T00:00:00Z"
    assert top.reviews == (
        GoogleReview(
            publisher_name="Example Fact Check",
            publisher_site="factcheck.example.org",
            url="https://factcheck.example.org/grok-apache",
            title="Yes, Grok-1 weights are Apache 2.0",
            review_date="2024-03-18T00:00:00Z",
            textual_rating="True",
            language_code="en",
        ),
    )
    korean = await google.search(query="그록은 누가 개발했나")
    assert korean[0].text == "그록은 메타가 개발했다"


async def test_unrelated_query_finds_nothing(google: FactCheckToolsClient) -> None:
    claims, token = await google.page(query="Seoul marathon cancelled because of snow")
    assert claims == [] and token is None


async def test_query_pages_follow_next_page_token(google: FactCheckToolsClient) -> None:
    everything, token = await google.page(query="Musk OpenAI", pageSize=50)
    assert token is None and len(everything) >= 4
    paged = await google.search(query="Musk OpenAI", pageSize=2)
    assert [c.text for c in paged] == [c.text for c in everything]
    first, token = await google.page(query="Musk OpenAI", pageSize=2)
    assert len(first) == 2 and token
    # offset is Google's alternative to a token
    skipped, _ = await google.page(query="Musk OpenAI", pageSize=2, offset=2)
    assert [c.text for c in skipped] == [c.text for c in everything[2:4]]


async def test_site_filter_browses_a_publisher(google: FactCheckToolsClient) -> None:
    verify_desk = await google.search(reviewPublisherSiteFilter="verify.example.com", pageSize=3)
    assert len(verify_desk) == 4
    assert {r.publisher_site for c in verify_desk for r in c.reviews} == {"verify.example.com"}
    # a scheme, www. and case do not matter; a subdomain matches its site
    same = await google.search(reviewPublisherSiteFilter="https://WWW.Verify.Example.com/")
    assert [c.text for c in same] == [c.text for c in verify_desk]
    assert len(await google.search(reviewPublisherSiteFilter="example.org")) == 9
    queried = await google.search(query="Musk", reviewPublisherSiteFilter="factcheck.example.org")
    assert queried and all(
        r.publisher_site == "factcheck.example.org" for c in queried for r in c.reviews
    )


async def test_language_and_age_filters(google: FactCheckToolsClient) -> None:
    korean = await google.search(
        reviewPublisherSiteFilter="verify.example.com", languageCode="ko-KR"
    )
    assert {c.text for c in korean} == {
        "그록은 메타가 개발했다",
        "머스크는 2018년 오픈AI 이사회에서 물러났다",
    }
    recent = await google.search(query="Grok trained on trillion tokens", maxAgeDays=30)
    assert [c.text for c in recent] == ["Grok was trained on 1 trillion tokens"]
    # the fixture reviews (March 2024) are older than the stale one, dated 400 days ago
    both = await google.search(query="Grok trained on trillion tokens", maxAgeDays=401)
    assert {c.text for c in both} == {
        "Grok was trained on 1 trillion tokens",
        "Grok was trained on 2 trillion tokens",
    }


async def test_search_errors_are_problems(claims_client: httpx.AsyncClient) -> None:
    problem = assert_problem(await claims_client.get("/v1/claims:search"), 422)
    assert "query is required unless reviewPublisherSiteFilter" in problem["detail"]
    first = (await claims_client.get("/v1/claims:search?query=Musk&pageSize=1")).json()
    token = first["nextPageToken"]
    problem = assert_problem(
        await claims_client.get(f"/v1/claims:search?query=Grok&pageSize=1&pageToken={token}"), 422
    )
    assert "other parameters" in problem["detail"]
    problem = assert_problem(
        await claims_client.get("/v1/claims:search?query=Musk&pageToken=garbage"), 422
    )
    assert "not one this API issued" in problem["detail"]
    for site in ("[", "https://", " "):
        resp = await claims_client.get(
            "/v1/claims:search", params={"reviewPublisherSiteFilter": site}
        )
        assert "is not a site such as" in assert_problem(resp, 422)["detail"]
