"""ClaimReview JSON-LD: the verdict → rating mapping, Google's documented fields, and reading
ClaimReview in every shape a page publishes it (one object, an array, `@graph`, nested, with
`@id` references)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from factdesk.claimreview import RATINGS, claim_review, review_url, statement_records
from factdesk.config import Settings
from factdesk.engine.results import Verdict, Verification
from factdesk.ingest import MalformedInput, detect_format, records_from_text
from factdesk.models import StatementIn
from pydantic import ValidationError

from tests.paths import REPO_ROOT

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?")
_ABSOLUTE_URL = re.compile(r"https?://[^\s/]+(/\S*)?")


def google_claimreview_problems(doc: dict[str, Any]) -> list[str]:
    """What Google's fact-check structured-data documentation would flag in a ClaimReview:
    the required `claimReviewed`, `reviewRating` (with its required `alternateName`) and `url`,
    and the documented types and constraints of the recommended fields."""
    problems: list[str] = []
    if doc.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("@context is not schema.org")
    if doc.get("@type") != "ClaimReview":
        problems.append("@type is not ClaimReview")
    claim = doc.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        problems.append("claimReviewed (required) is missing")
    url = doc.get("url")
    if not isinstance(url, str) or not _ABSOLUTE_URL.fullmatch(url):
        problems.append("url (required) is not an absolute URL")
    rating = doc.get("reviewRating")
    if not isinstance(rating, dict):
        problems.append("reviewRating (required) is missing")
        rating = {}
    elif rating.get("@type") != "Rating":
        problems.append("reviewRating is not a Rating")
    label = rating.get("alternateName")
    if not isinstance(label, str) or not label.strip():
        problems.append("reviewRating.alternateName (required) is missing")
    numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
    if any(n is not None for n in numbers):
        value, best, worst = numbers
        if not all(isinstance(n, (int, float)) for n in numbers):
            problems.append("a numeric rating needs ratingValue, bestRating and worstRating")
        elif not (worst < best and worst <= value <= best):  # type: ignore[operator]
            problems.append("ratingValue outside worstRating..bestRating, or best <= worst")
    author = doc.get("author")
    if author is not None and (
        not isinstance(author, dict)
        or author.get("@type") not in ("Organization", "Person")
        or not author.get("name")
    ):
        problems.append("author must be an Organization or Person with a name")
    published = doc.get("datePublished")
    if published is not None and not (
        isinstance(published, str) and _ISO_DATE.fullmatch(published)
    ):
        problems.append("datePublished is not ISO 8601")
    item = doc.get("itemReviewed")
    if item is not None:
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            problems.append("itemReviewed must be a Claim")
        else:
            for work in item.get("appearance") or []:
                if not _ABSOLUTE_URL.fullmatch(str(work.get("url", ""))):
                    problems.append("itemReviewed.appearance needs URLs")
    return problems


def _verification(verdict: Verdict) -> Verification:
    return Verification(
        claim="xAI launched Grok a year after being founded",
        language="en",
        verdict=verdict,
        confidence=0.9,
        summary="Summary.",
        evidence=[],
        store_generation=1,
    )


@pytest.mark.parametrize(
    ("verdict", "value", "label"),
    [
        (Verdict.SUPPORTED, 5, "True"),
        (Verdict.CONFLICTING, 3, "Mixed"),
        (Verdict.REFUTED, 1, "False"),
        (Verdict.NOT_ENOUGH_EVIDENCE, None, "Unverified"),
    ],
)
def test_every_verdict_maps_to_a_valid_rating(
    verdict: Verdict, value: int | None, label: str
) -> None:
    review = claim_review(
        _verification(verdict),
        org_name="Example Desk",
        org_url="https://desk.example.org/",
        url="https://desk.example.org/fc/1",
        today=dt.date(2024, 3, 14),
    ).jsonld()
    assert google_claimreview_problems(review) == []
    assert review["reviewRating"].get("ratingValue") == value
    assert review["reviewRating"]["alternateName"] == label
    assert ("bestRating" in review["reviewRating"]) is (value is not None)
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Desk",
        "url": "https://desk.example.org/",
    }
    assert review["datePublished"] == "2024-03-14"
    assert set(RATINGS) == set(Verdict)


def test_the_validator_flags_what_google_requires() -> None:
    good = claim_review(
        _verification(Verdict.REFUTED), org_name="D", org_url=None, url="https://d.example/x"
    ).jsonld()
    assert google_claimreview_problems(good) == []
    for broken, expected in [
        ({**good, "url": "/relative"}, "url (required)"),
        ({k: v for k, v in good.items() if k != "claimReviewed"}, "claimReviewed (required)"),
        (
            {**good, "reviewRating": {"@type": "Rating", "ratingValue": 1}},
            "alternateName (required)",
        ),
        (
            {**good, "reviewRating": {**good["reviewRating"], "ratingValue": 9}},
            "outside worstRating",
        ),
    ]:
        assert any(expected in p for p in google_claimreview_problems(broken)), expected


def test_review_url_from_template_or_this_service() -> None:
    claim = "Grok is 100% open & free"
    link = "https://desk.example.org/v1/checks/c1abc"
    assert review_url(claim, None, link) == link  # no template: the check's permalink
    templated = review_url(claim, "https://news.example.org/fc/{id}?q={claim}", "http://x/")
    assert re.fullmatch(r"https://news\.example\.org/fc/[0-9a-f]{16}\?q=Grok%20is.*", templated)
    # the id is stable across calls and case, and differs between claims
    assert review_url(claim, "https://n.example/{id}", "") == review_url(
        claim.upper(), "https://n.example/{id}", ""
    )
    assert review_url(claim, "https://n.example/{id}", "") != review_url(
        "Another claim", "https://n.example/{id}", ""
    )


def _records(document: Any) -> list[Any]:
    return [value for _, value in statement_records(document)]


_ORG = {"@type": "Organization", "@id": "#org", "name": "Example FC", "url": "https://fc.example"}
_REVIEW = {
    "@type": "ClaimReview",
    "url": "https://fc.example/grok",
    "claimReviewed": "Grok was released under the MIT license",
    "headline": "No, it is Apache 2.0",
    "author": {"@id": "#org"},
    "datePublished": "2024-03-20T10:00:00+09:00",
    "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A. Poster"},
        "datePublished": "2024-03-18",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
}


def test_a_claimreview_becomes_a_fact_check_statement() -> None:
    [record] = _records({"@context": "https://schema.org", "@graph": [_ORG, _REVIEW]})
    statement = StatementIn.model_validate(record)
    assert statement.kind == "fact_check"
    assert statement.text == "Grok was released under the MIT license"
    assert statement.rating is not None
    assert (statement.rating.label, statement.rating.value) == ("False", 1.0)
    assert (statement.rating.best, statement.rating.worst) == (5.0, 1.0)
    assert str(statement.source.url) == "https://fc.example/grok"
    assert statement.source.publisher == "Example FC"  # followed the @id reference
    assert statement.source.title == "No, it is Apache 2.0"
    assert statement.source.published_at == dt.date(2024, 3, 20)
    assert statement.claimant == "A. Poster"
    assert statement.claim_date == dt.date(2024, 3, 18)
    assert statement.language == "en"
    assert record["id"].startswith("cr-")


@pytest.mark.parametrize(
    "document",
    [
        _REVIEW,
        [_REVIEW],
        {"@context": "https://schema.org", "@graph": [_ORG, _REVIEW]},
        # nested in a page, with schema.org's full IRI as the type
        {"@type": "WebPage", "mainEntity": {**_REVIEW, "@type": "http://schema.org/ClaimReview"}},
        # a typed reference to a node defined in the graph counts once
        {
            "@graph": [
                {"@type": "WebPage", "about": {"@id": "#r", "@type": "ClaimReview"}},
                {**_REVIEW, "@id": "#r"},
            ]
        },
    ],
    ids=["object", "array", "graph", "nested", "reference"],
)
def test_every_shape_yields_the_review_once(document: Any) -> None:
    records = _records(document)
    assert len(records) == 1
    assert records[0]["text"] == "Grok was released under the MIT license"
    assert records[0]["rating"]["label"] == "False"


def test_unusable_reviews_are_reasons_not_records() -> None:
    bad = [
        {**_REVIEW, "claimReviewed": " "},
        {**_REVIEW, "reviewRating": {"@type": "Rating", "ratingValue": 1}},
        {**_REVIEW, "reviewRating": {**_REVIEW["reviewRating"], "ratingValue": "high"}},
        {**_REVIEW, "datePublished": "last Tuesday"},
        {k: v for k, v in _REVIEW.items() if k != "reviewRating"},
    ]
    reasons = [str(r) for r in _records(bad)]
    assert reasons == [
        "ClaimReview has no claimReviewed",
        "reviewRating has no alternateName",
        "reviewRating.ratingValue is not a number: 'high'",
        "datePublished is not an ISO 8601 date: 'last Tuesday'",
        "ClaimReview has no reviewRating",
    ]


def test_rating_name_stands_in_for_a_missing_alternate_name() -> None:
    [record] = _records({**_REVIEW, "reviewRating": {"@type": "Rating", "name": "Pants on fire"}})
    assert record["rating"] == {"label": "Pants on fire"}


def test_reimporting_the_same_review_gives_the_same_id() -> None:
    [first] = _records(_REVIEW)
    [again] = _records({**_REVIEW, "reviewRating": {"@type": "Rating", "alternateName": "True"}})
    [other] = _records({**_REVIEW, "url": "https://fc.example/other"})
    assert first["id"] == again["id"] != other["id"]


def test_ingest_reads_claimreview_and_detects_it() -> None:
    text = (REPO_ROOT / "fixtures" / "claimreviews.jsonld").read_text("utf-8")
    records = list(records_from_text(text, "claimreview"))
    assert len(records) == 11
    assert all(isinstance(v, dict) for _, v in records)
    assert detect_format("reviews.jsonld", "") == "claimreview"
    assert detect_format("page.json", text[:100]) == "claimreview"
    assert detect_format("page.json", '[{"@type": "ClaimReview"') == "claimreview"
    assert detect_format("plain.json", '[{"text": "x"}]') == "json"
    with pytest.raises(MalformedInput, match="no ClaimReview"):
        list(records_from_text(json.dumps({"@type": "WebPage"}), "claimreview"))
    with pytest.raises(MalformedInput, match="not valid JSON-LD"):
        list(records_from_text("{", "claimreview"))


def test_organisation_settings() -> None:
    # docker-compose passes an unset organisation URL as an empty string
    assert Settings(claimreview_org_url="").claimreview_org_url is None
    assert str(Settings(claimreview_org_url="https://news.example.org").claimreview_org_url) == (
        "https://news.example.org/"
    )
    for template in ("https://x.example/{foo}", "/relative/{id}", "https://x.example/{"):
        with pytest.raises(ValidationError, match="claimreview_url_template"):
            Settings(claimreview_url_template=template)
    assert Settings(claimreview_url_template=" ").claimreview_url_template is None


def test_a_source_cited_by_two_statements_is_one_citation() -> None:
    from factdesk.engine.results import Evidence, Scores
    from factdesk.engine.stance import Stance
    from factdesk.models import Source, Statement

    now = dt.datetime(2024, 3, 13, tzinfo=dt.UTC)
    page = Source(url="https://news.example.org/a", title="A", publisher="Example Daily")

    def item(sid: str, source: Source, stance: Stance = Stance.REFUTES) -> Evidence:
        statement = Statement(
            id=sid,
            text=f"Text {sid}.",
            language="en",
            source=source,
            created_at=now,
            updated_at=now,
        )
        scores = Scores(lexical=0, fuzzy=0, semantic=0.9)
        return Evidence(
            statement=statement,
            stance=stance,
            stance_score=0.9,
            relevance=0.9,
            scores=scores,
            reasons=[],
        )

    result = _verification(Verdict.REFUTED).model_copy(
        update={
            "evidence": [
                item("a", page),
                item("b", page),
                item("c", Source(title="Untitled note")),
                item("d", Source(url="https://other.example/", title="Other"), Stance.NEUTRAL),
            ]
        }
    )
    review = claim_review(result, org_name="D", org_url=None, url="https://d.example/x").jsonld()
    assert review["citation"] == [
        {
            "@type": "CreativeWork",
            "url": "https://news.example.org/a",
            "name": "A",
            "publisher": {"@type": "Organization", "name": "Example Daily"},
        },
        {"@type": "CreativeWork", "name": "Untitled note"},
    ]
