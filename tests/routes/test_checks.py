"""Publishing a check: ClaimReview a fact-checker can publish (claimant, claim date, appearance,
language, a page url, a date that holds still), the embeddable card, its permalink and oEmbed.

The field lists below are Google's fact-check structured-data documentation (Search Central,
"Fact check (ClaimReview) structured data"): its required and recommended properties per type.
The property lists are schema.org's definitions of the types FactDesk writes (each property
listed is defined on that type or inherited from CreativeWork / Thing)."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from factdesk.config import URL_TEMPLATE_UNSET
from factdesk.main import create_app
from fastapi import FastAPI

from tests.conftest import _client_for, make_settings
from tests.test_claimreview import google_claimreview_problems

# Google: required and recommended properties.
GOOGLE_REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url"},
    "Rating": {"alternateName"},
}
GOOGLE_RECOMMENDED = {
    "ClaimReview": {"author", "datePublished", "itemReviewed"},
    "Claim": {"appearance", "author", "datePublished", "firstAppearance"},
    "Rating": {"bestRating", "name", "ratingValue", "worstRating"},
}
# schema.org: the properties of each type that FactDesk may write.
_CREATIVE_WORK = {
    "author",
    "citation",
    "datePublished",
    "inLanguage",
    "name",
    "publisher",
    "url",
}
SCHEMA_ORG = {
    "ClaimReview": _CREATIVE_WORK | {"claimReviewed", "reviewRating", "itemReviewed", "reviewBody"},
    "Claim": _CREATIVE_WORK | {"appearance", "firstAppearance"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName", "name"},
    "CreativeWork": _CREATIVE_WORK,
    "Organization": {"name", "url"},
    "Person": {"name", "url"},
}
# Where each property's value must be one of these types (schema.org's ranges).
RANGES = {
    "author": {"Organization", "Person"},
    "publisher": {"Organization", "Person"},
    "itemReviewed": {"Claim"},
    "reviewRating": {"Rating"},
    "appearance": {"CreativeWork"},
    "firstAppearance": {"CreativeWork"},
    "citation": {"CreativeWork"},
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def schema_org_problems(node: dict[str, Any], where: str = "") -> list[str]:
    """Properties a type does not have, values of the wrong type, and dates not ISO 8601."""
    kind = node.get("@type")
    if kind not in SCHEMA_ORG:
        return [f"{where or 'root'}: unknown @type {kind!r}"]
    problems = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in SCHEMA_ORG[kind]:
            problems.append(f"{where}{kind}.{name} is not a schema.org property of {kind}")
        if name == "datePublished" and not _DATE.fullmatch(str(value)):
            problems.append(f"{where}{kind}.datePublished is not an ISO 8601 date")
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                if name in RANGES and child.get("@type") not in RANGES[name]:
                    problems.append(f"{where}{kind}.{name} must be one of {sorted(RANGES[name])}")
                problems += schema_org_problems(child, f"{where}{kind}.{name}.")
    return problems


def google_missing(review: dict[str, Any]) -> list[str]:
    """Google's required and recommended properties the review leaves out."""
    missing = []
    for table in (GOOGLE_REQUIRED, GOOGLE_RECOMMENDED):
        for kind, names in table.items():
            node = {
                "ClaimReview": review,
                "Claim": review.get("itemReviewed", {}),
                "Rating": review.get("reviewRating", {}),
            }[kind]
            missing += [f"{kind}.{n}" for n in sorted(names) if n not in node]
    return missing


TEMPLATE = "https://news.example.org/fact-checks/{id}"
FACT_CHECK = {
    "id": "fc-bridges",
    "kind": "fact_check",
    "text": "The city council banned bicycles on every bridge in 2021",
    "language": "en",
    "rating": {"label": "False"},
    "claimant": "A. Councillor",
    "claim_date": "2021-05-02",
    "source": {
        "url": "https://checks.example.org/bridges",
        "title": "No, bicycles were not banned from the bridges",
        "publisher": "Example Checks",
        "published_at": "2021-05-04",
    },
}
CLAIM = FACT_CHECK["text"]


@pytest.fixture()
async def published(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """An app with a page URL template and one stored fact-check."""
    settings = make_settings(
        tmp_path,
        seed_fixtures=False,
        claimreview_url_template=TEMPLATE,
        claimreview_org_name="Example Desk",
        embed_frame_ancestors="https://cms.example.org",
    )
    app = create_app(settings)
    async for client in _client_for(app):
        resp = await client.post("/v1/statements", json=FACT_CHECK)
        assert resp.status_code in (200, 201), resp.text
        yield app, client


async def _review(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    body = {"claim": CLAIM, "format": "claimreview", **extra}
    resp = await client.post("/v1/verify", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def test_a_fact_checked_claim_reviews_with_its_claimant_and_date(
    published: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = published
    review = await _review(client, appearance=["https://social.example.net/p/7"])
    assert google_claimreview_problems(review) == []
    assert schema_org_problems(review) == []
    assert google_missing(review) == []
    assert review["reviewRating"]["alternateName"] == "False"
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "A. Councillor"}
    assert item["datePublished"] == "2021-05-02"
    assert item["appearance"] == [
        {"@type": "CreativeWork", "url": "https://social.example.net/p/7"}
    ]
    assert item["firstAppearance"]["url"] == "https://social.example.net/p/7"
    assert item["inLanguage"] == "en" and review["inLanguage"] == "en"
    assert re.fullmatch(r"https://news\.example\.org/fact-checks/[0-9a-f]{16}", review["url"])
    assert review["author"]["name"] == "Example Desk"
    assert review["citation"] == [
        {
            "@type": "CreativeWork",
            "url": "https://checks.example.org/bridges",
            "name": "No, bicycles were not banned from the bridges",
            "publisher": {"@type": "Organization", "name": "Example Checks"},
            "datePublished": "2021-05-04",
        }
    ]
    assert not re.search(r"similarity|coverage|relevance|\b0\.\d{2}", review["reviewBody"])

    # The request's own claimant and date win over the fact-check's.
    mine = await _review(client, claimant="B. Blogger", claim_date="2021-06-01")
    assert mine["itemReviewed"]["author"]["name"] == "B. Blogger"
    assert mine["itemReviewed"]["datePublished"] == "2021-06-01"
    # GET /v1/claimreview takes them as parameters.
    resp = await client.get(
        "/v1/claimreview", params={"claim": CLAIM, "claimant": "C. Poster", "reply_language": "ko"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["itemReviewed"]["author"]["name"] == "C. Poster"
    assert resp.json()["inLanguage"] == "ko"
    assert re.search(r"[가-힣]", resp.json()["reviewBody"])


async def test_date_published_holds_still_until_the_store_changes(
    published: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = published
    service = app.state.service
    service.today = lambda: dt.date(2030, 1, 1)
    first = await _review(client)
    assert first["datePublished"] == "2030-01-01"
    service.today = lambda: dt.date(2030, 1, 2)  # the next day, same store
    assert (await _review(client))["datePublished"] == "2030-01-01"
    # Not from the reply cache: a recomputed verdict keeps the date too.
    resp = await client.post(
        "/v1/verify",
        json={"claim": CLAIM, "format": "claimreview", "use_cache": False, "reply_language": "ko"},
    )
    assert resp.json()["datePublished"] == "2030-01-01"
    # A write is a new store state: the verdict is reached anew, today.
    other = {**FACT_CHECK, "id": "fc-other", "text": "The council closed the river ferry in 2019"}
    assert (await client.post("/v1/statements", json=other)).status_code in (200, 201)
    assert (await _review(client))["datePublished"] == "2030-01-02"


async def test_readiness_warns_when_no_page_url_is_configured(
    seeded_client: httpx.AsyncClient, published: tuple[FastAPI, httpx.AsyncClient]
) -> None:
    unset = (await seeded_client.get("/readyz")).json()
    assert unset["status"] == "ready" and URL_TEMPLATE_UNSET in unset["warnings"]
    _, client = published
    assert (await client.get("/readyz")).json()["warnings"] == []


async def test_the_start_logs_the_missing_page_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "factdesk"):
        async for client in _client_for(create_app(make_settings(tmp_path, seed_fixtures=False))):
            assert (await client.get("/healthz")).status_code == 200
    assert any(URL_TEMPLATE_UNSET in r.getMessage() for r in caplog.records)


# -- the card, the permalink, oEmbed ---------------------------------------------------------


def _jsonld(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, page
    return json.loads(found.group(1))  # type: ignore[no-any-return]


async def test_the_embed_card_is_framable_and_carries_the_claimreview(
    published: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = published
    resp = await client.get("/v1/embed", params={"claim": CLAIM, "claimant": "A. Councillor"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    policy = resp.headers["content-security-policy"]
    assert "frame-ancestors https://cms.example.org" in policy
    assert "'none'" in policy.split("frame-ancestors")[0]  # default-src 'none'
    assert "script-src" not in policy  # the card runs nothing
    assert "x-frame-options" not in resp.headers
    page = resp.text
    review = _jsonld(page)
    assert review == await _review(client, claimant="A. Councillor")
    assert "False" in page and "Refuted" in page and CLAIM in page
    link = re.search(r'<link rel="canonical" href="([^"]+)"', page)
    assert link and resp.headers["link"] == f'<{html.unescape(link.group(1))}>; rel="canonical"'

    # The permalink answers the same card, and the verdict as JSON or JSON-LD.
    permalink = html.unescape(link.group(1)).removeprefix("http://test")
    again = await client.get(permalink)
    assert again.status_code == 200 and _jsonld(again.text) == review
    as_json = (await client.get(permalink, params={"format": "json"})).json()
    assert as_json["verdict"] == "refuted" and as_json["claim"] == CLAIM
    as_ld = await client.get(permalink, params={"format": "claimreview"})
    assert as_ld.headers["content-type"] == "application/ld+json" and as_ld.json() == review
    # The same request always has the same id.
    twice = await client.get("/v1/embed", params={"claim": CLAIM, "claimant": "A. Councillor"})
    assert twice.headers["link"] == resp.headers["link"]

    # oEmbed, discovered from the card.
    discovery = re.search(r'type="application/json\+oembed" href="([^"]+)"', page)
    assert discovery
    oembed = await client.get(html.unescape(discovery.group(1)).removeprefix("http://test"))
    assert oembed.status_code == 200, oembed.text
    answer = oembed.json()
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["width"] > 0 and answer["height"] > 0
    src = re.search(r'<iframe src="([^"]+)"', answer["html"])
    assert src and html.unescape(src.group(1)) == "http://test" + permalink + "?format=html"
    small = await client.get(
        "/v1/oembed",
        params={"url": "http://test" + permalink, "maxwidth": 300, "maxheight": 200},
    )
    assert (small.json()["width"], small.json()["height"]) == (300, 200)


async def test_a_card_without_evidence_labels_its_statements_closest(
    published: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = published
    page = (
        await client.get("/v1/embed", params={"claim": "The council bridge had ten lamps"})
    ).text
    review = _jsonld(page)
    assert review["reviewRating"]["alternateName"] == "Unverified"
    assert "Not enough evidence" in page
    if "<li>" in page:
        assert "Closest statements (not evidence)" in page
    korean = await client.get(
        "/v1/embed", params={"claim": "시의회가 2021년에 모든 다리에서 자전거를 금지했다"}
    )
    assert '<html lang="ko">' in korean.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/checks/nonsense", 404),
        ("/v1/checks/c1AAAA", 404),
        ("/v1/oembed?url=" + quote("https://elsewhere.example/v1/checks/c1x", safe=""), 404),
        ("/v1/oembed?url=" + quote("http://test/v1/stats", safe=""), 404),
        ("/v1/oembed?url=x&format=xml", 501),
        ("/v1/embed", 422),
        ("/v1/embed?claim=%20", 422),
    ],
)
async def test_unknown_checks_and_formats_are_problems(
    published: tuple[FastAPI, httpx.AsyncClient], path: str, status: int
) -> None:
    _, client = published
    resp = await client.get(path)
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/problem+json"


async def test_a_hostile_claim_stays_text_in_the_card(
    published: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = published
    claim = 'Bikes "banned" </script><script>alert(1)</script> <img src=x onerror=alert(2)>'
    resp = await client.get("/v1/embed", params={"claim": claim})
    assert resp.status_code == 200, resp.text
    page = resp.text
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("</script>") == 1  # the JSON-LD block's own end
    assert _jsonld(page)["claimReviewed"] == claim.replace("  ", " ")
