"""ClaimReview (schema.org) JSON-LD: verdicts out, published fact-checks in.

Out: `claim_review()` renders a `Verification` as the ClaimReview Google documents for fact-check
rich results (`claimReviewed`, `reviewRating.alternateName` and `url` required; `author`,
`datePublished` and `itemReviewed` with the claim's `author`, `datePublished` and `appearance`
recommended), on the rating scale of `RATINGS` (documented in docs/INTEGRATION.md).

In: `statement_records()` finds every ClaimReview in a JSON-LD document — one object, an array,
a page's `@graph`, or nested in another node — and maps each to a `fact_check` statement record
(`StatementIn` fields), or to the reason it cannot be one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from factdesk.engine.results import Verdict, Verification
from factdesk.models import LANGUAGE_TAG, Statement, StatementKind

SCHEMA_ORG = "https://schema.org"
JSON_LD = "application/ld+json"
BEST_RATING = 5
WORST_RATING = 1
RATINGS: dict[Verdict, tuple[int | None, str]] = {
    Verdict.SUPPORTED: (5, "True"),
    Verdict.CONFLICTING: (3, "Mixed"),
    Verdict.REFUTED: (1, "False"),
    # No number: placing an unchecked claim on the true-false scale would be a rating.
    Verdict.NOT_ENOUGH_EVIDENCE: (None, "Unverified"),
}
_LANG = re.compile(LANGUAGE_TAG)
_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")


class _LD(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class Organization(_LD):
    """An organisation: the fact-checker (`author`) or a cited source's publisher."""

    type: Literal["Organization"] = Field(
        default="Organization", alias="@type", description="The schema.org type."
    )
    name: str = Field(description="Its name.")
    url: str | None = Field(default=None, description="Its web site.")


class Person(_LD):
    """Who made the claim (`itemReviewed.author`)."""

    type: Literal["Person"] = Field(
        default="Person", alias="@type", description="The schema.org type."
    )
    name: str = Field(description="The claimant's name, as the request or the fact-check gives it.")


class CreativeWork(_LD):
    """A page: where the claim appeared, or a source the verdict cites."""

    type: Literal["CreativeWork"] = Field(
        default="CreativeWork", alias="@type", description="The schema.org type."
    )
    url: str | None = Field(default=None, description="The page's address.")
    name: str | None = Field(default=None, description="Its title.")
    publisher: Organization | None = Field(default=None, description="Who published it.")
    datePublished: str | None = Field(default=None, description="When (ISO 8601 date).")


class ClaimItem(_LD):
    """The claim reviewed: who made it, when, where it appeared, in which language."""

    type: Literal["Claim"] = Field(
        default="Claim", alias="@type", description="The schema.org type."
    )
    author: Person | None = Field(
        default=None, description="Who made the claim (the request's `claimant`)."
    )
    datePublished: str | None = Field(
        default=None, description="When the claim was made (the request's `claim_date`)."
    )
    appearance: list[CreativeWork] | None = Field(
        default=None, description="Pages where the claim appeared (the request's `appearance`)."
    )
    firstAppearance: CreativeWork | None = Field(
        default=None, description="The first of `appearance`."
    )
    inLanguage: str | None = Field(default=None, description="The claim's language (BCP-47).")


class ReviewRating(_LD):
    """The verdict on FactDesk's 1-5 scale, with its label."""

    type: Literal["Rating"] = Field(
        default="Rating", alias="@type", description="The schema.org type."
    )
    ratingValue: int | None = Field(
        default=None, description="1 False, 3 Mixed, 5 True; none when unverified.", examples=[1]
    )
    bestRating: int | None = Field(
        default=None, description="5, with a `ratingValue`.", examples=[BEST_RATING]
    )
    worstRating: int | None = Field(
        default=None, description="1, with a `ratingValue`.", examples=[WORST_RATING]
    )
    alternateName: str = Field(
        description="The label shown in search results: True, Mixed, False or Unverified.",
        examples=["False"],
    )
    name: str | None = Field(default=None, description="The same label.", examples=["False"])


class ClaimReview(_LD):
    """A verdict as schema.org ClaimReview JSON-LD: the fields Google documents for fact-check
    rich results (required: `claimReviewed`, `reviewRating.alternateName`, `url`; recommended:
    `author`, `datePublished`, `itemReviewed` with its `author`, `datePublished` and
    `appearance`), plus `inLanguage`, the summary as `reviewBody` and the deciding sources as
    `citation`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "@context": SCHEMA_ORG,
                    "@type": "ClaimReview",
                    "claimReviewed": "xAI launched Grok a year after being founded",
                    "reviewRating": {
                        "@type": "Rating",
                        "ratingValue": 1,
                        "bestRating": 5,
                        "worstRating": 1,
                        "alternateName": "False",
                        "name": "False",
                    },
                    "itemReviewed": {
                        "@type": "Claim",
                        "author": {"@type": "Person", "name": "A. Commentator"},
                        "datePublished": "2024-03-12",
                        "appearance": [
                            {"@type": "CreativeWork", "url": "https://example.org/post/1"}
                        ],
                        "firstAppearance": {
                            "@type": "CreativeWork",
                            "url": "https://example.org/post/1",
                        },
                        "inLanguage": "en",
                    },
                    "author": {"@type": "Organization", "name": "FactDesk"},
                    "datePublished": "2024-03-14",
                    "url": "https://news.example.org/fact-checks/8d0c0b6a1f2e3d4c",
                    "inLanguage": "en",
                    "reviewBody": "Refuted: The claim says “a year”; the source says “one month”. "
                    "Source: “Example Daily” (2024-03-13), “xAI unveiled Grok one month after "
                    "Elon Musk founded xAI.”.",
                    "citation": [
                        {
                            "@type": "CreativeWork",
                            "url": "https://news.example.org/2024/03/13/grok",
                            "name": "Grok goes open source",
                            "publisher": {"@type": "Organization", "name": "Example Daily"},
                            "datePublished": "2024-03-13",
                        }
                    ],
                }
            ]
        }
    )

    context: Literal["https://schema.org"] = Field(
        default="https://schema.org", alias="@context", description="The JSON-LD vocabulary."
    )
    type: Literal["ClaimReview"] = Field(
        default="ClaimReview", alias="@type", description="The schema.org type."
    )
    claimReviewed: str = Field(description="The claim, as checked.")
    reviewRating: ReviewRating = Field(description="The verdict.")
    itemReviewed: ClaimItem = Field(description="The claim: who made it, when and where.")
    author: Organization = Field(
        description="The deploying organisation (`FACTDESK_CLAIMREVIEW_ORG_NAME`, `_ORG_URL`)."
    )
    datePublished: str = Field(
        description="When this verdict was first reached for the store's current state (ISO "
        "8601 date): the same on every later day until a statement is written or deleted."
    )
    url: str = Field(
        description="The public page of the fact-check: `FACTDESK_CLAIMREVIEW_URL_TEMPLATE` "
        "filled in, else this service's permalink of the check (`/v1/checks/{id}`)."
    )
    inLanguage: str | None = Field(
        default=None, description="The language of `reviewBody` (BCP-47)."
    )
    reviewBody: str | None = Field(
        default=None, description="The summary, for people; it holds no engine score."
    )
    citation: list[CreativeWork] | None = Field(
        default=None, description="The sources that decided the verdict, each once."
    )

    def jsonld(self) -> dict[str, Any]:
        """The JSON-LD object, without absent fields."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def claim_id(claim: str) -> str:
    """A stable id of a claim (for URL templates): the same text gives the same id."""
    return hashlib.sha256(claim.casefold().encode()).hexdigest()[:16]


def review_url(claim: str, template: str | None, permalink: str) -> str:
    """The ClaimReview `url`: the configured template filled in, else `permalink` (this
    service's page of the check)."""
    if template is None:
        return permalink
    return template.format(claim=quote(claim, safe=""), id=claim_id(claim))


def _citations(result: Verification) -> list[CreativeWork]:
    """The deciding sources, each once (a source cited by two statements is one citation)."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out: list[CreativeWork] = []
    for item in result.evidence:
        if item.stance == "neutral":
            continue
        src = item.statement.source
        url = str(src.url) if src.url else None
        key = (url, None, None) if url else (None, src.title, src.publisher)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            CreativeWork(
                url=url,
                name=src.title,
                publisher=Organization(name=src.publisher) if src.publisher else None,
                datePublished=src.published_at.isoformat() if src.published_at else None,
            )
        )
    return out


def matched_fact_check(result: Verification) -> Statement | None:
    """The stored fact-check of this claim that decides the verdict, when one does: its
    claimant and claim date describe the claim reviewed."""
    return next(
        (
            e.statement
            for e in result.evidence
            if e.stance != "neutral" and e.statement.kind is StatementKind.FACT_CHECK
        ),
        None,
    )


def claim_review(
    result: Verification,
    *,
    org_name: str,
    org_url: str | None,
    url: str,
    appearance: list[str] | None = None,
    claimant: str | None = None,
    claim_date: dt.date | None = None,
    published: dt.date | None = None,
    today: dt.date | None = None,
) -> ClaimReview:
    """`result` as a ClaimReview by the deploying organisation. `published` is when the verdict
    was first reached (`today`, else the current date, when unknown); `claimant` and
    `claim_date` default to those of the fact-check the verdict rests on."""
    value, label = RATINGS[result.verdict]
    numeric = value is not None
    checked = matched_fact_check(result)
    if checked is not None:
        claimant = claimant or checked.claimant
        claim_date = claim_date or checked.claim_date
    pages = [CreativeWork(url=u) for u in dict.fromkeys(appearance or [])]
    date = published or today or dt.datetime.now(dt.UTC).date()
    return ClaimReview(
        claimReviewed=result.claim,
        reviewRating=ReviewRating(
            ratingValue=value,
            bestRating=BEST_RATING if numeric else None,
            worstRating=WORST_RATING if numeric else None,
            alternateName=label,
            name=label,
        ),
        itemReviewed=ClaimItem(
            author=Person(name=claimant) if claimant else None,
            datePublished=claim_date.isoformat() if claim_date else None,
            appearance=pages or None,
            firstAppearance=pages[0] if pages else None,
            inLanguage=result.language if _LANG.fullmatch(result.language) else None,
        ),
        author=Organization(name=org_name, url=org_url),
        datePublished=date.isoformat(),
        url=url,
        inLanguage=result.reply_language,
        reviewBody=result.summary,
        citation=_citations(result) or None,
    )


# -- in ------------------------------------------------------------------------------------


class NotClaimReview(ValueError):
    """A ClaimReview node that cannot become a statement; the message says why."""


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    out = set()
    for name in names:
        if isinstance(name, str):
            for prefix in _PREFIXES:
                name = name.removeprefix(prefix)
            out.add(name)
    return out


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a document, depth first, in document order."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


class _Graph:
    """A JSON-LD document's nodes by `@id`, to follow references such as `{"@id": "#org"}`."""

    def __init__(self, document: Any) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        for node in _walk(document):
            node_id = node.get("@id")
            if isinstance(node_id, str) and set(node) - {"@id", "@type"}:
                self.nodes.setdefault(node_id, node)

    def one(self, value: Any) -> Any:
        """The first of a list; a reference replaced by the node it names."""
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.nodes.get(value["@id"], value)
        return value

    def text(self, value: Any) -> str | None:
        value = self.one(value)
        if isinstance(value, dict):
            value = value.get("@value", value.get("name"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None
        return value.strip() or None

    def name(self, value: Any) -> str | None:
        node = self.one(value)
        return self.text(node.get("name")) if isinstance(node, dict) else self.text(node)

    def url(self, value: Any) -> str | None:
        node = self.one(value)
        if isinstance(node, dict):
            node = node.get("url", node.get("@id"))
        return self.text(node)


def _number(value: Any, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise NotClaimReview(f"reviewRating.{field} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise NotClaimReview(f"reviewRating.{field} is not a number: {value!r}") from None


def _date(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise NotClaimReview(f"{field} is not an ISO 8601 date: {value!r}") from None


def _language(graph: _Graph, value: Any) -> str | None:
    node = graph.one(value)
    if isinstance(node, dict):
        code = graph.text(node.get("alternateName")) or graph.text(node.get("name"))
    else:
        code = graph.text(node)
    return code.lower() if code and _LANG.fullmatch(code) else None


def statement_id(url: str | None, claim: str) -> str:
    """The id of an imported ClaimReview: re-importing the same review updates it."""
    return "cr-" + hashlib.sha256(f"{url or ''}\x1f{claim}".encode()).hexdigest()[:24]


def _record(graph: _Graph, node: dict[str, Any]) -> dict[str, Any]:
    claim = graph.text(node.get("claimReviewed"))
    if claim is None:
        raise NotClaimReview("ClaimReview has no claimReviewed")
    rating = graph.one(node.get("reviewRating"))
    if not isinstance(rating, dict):
        raise NotClaimReview("ClaimReview has no reviewRating")
    label = graph.text(rating.get("alternateName")) or graph.text(rating.get("name"))
    if label is None:
        raise NotClaimReview("reviewRating has no alternateName")
    url = graph.url(node.get("url")) or graph.url(node.get("@id"))
    author = graph.one(node.get("author"))
    publisher = graph.name(node.get("publisher")) or graph.name(author)
    source: dict[str, Any] = {
        "url": url,
        "title": graph.text(node.get("headline")) or graph.text(node.get("name")),
        "publisher": publisher,
        "author": graph.name(author)
        if isinstance(author, dict) and "Person" in _types(author)
        else None,
        "published_at": _date(graph.text(node.get("datePublished")), "datePublished"),
    }
    item = graph.one(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    record: dict[str, Any] = {
        "id": statement_id(url, claim),
        "kind": "fact_check",
        "text": claim,
        "language": _language(graph, node.get("inLanguage")),
        "rating": {
            "label": label,
            "value": _number(graph.one(rating.get("ratingValue")), "ratingValue"),
            "best": _number(graph.one(rating.get("bestRating")), "bestRating"),
            "worst": _number(graph.one(rating.get("worstRating")), "worstRating"),
        },
        "source": {k: v for k, v in source.items() if v is not None},
        "claimant": graph.name(item.get("author")),
        "claim_date": _date(graph.text(item.get("datePublished")), "itemReviewed.datePublished"),
    }
    record["rating"] = {k: v for k, v in record["rating"].items() if v is not None}
    return {k: v for k, v in record.items() if v is not None}


def statement_records(document: Any) -> Iterator[tuple[int, dict[str, Any] | ValueError]]:
    """(position, `fact_check` statement record or the reason it is not one) for every
    ClaimReview in the document, numbered from 1 in document order."""
    graph = _Graph(document)
    reviews: list[dict[str, Any]] = []
    for found in _walk(document):
        node = graph.one(found)  # a typed reference counts as the node it names, once
        if "ClaimReview" in _types(node) and all(node is not seen for seen in reviews):
            reviews.append(node)
    for number, node in enumerate(reviews, start=1):
        try:
            yield number, _record(graph, node)
        except NotClaimReview as exc:
            yield number, exc
