"""Google's Fact Check Tools API (v1alpha1) on the wire: the claim-search messages
(`FactCheckedClaimSearchResponse` and what it holds), Google's error body, and the ClaimReview
Markup API's pages. Field names are Google's (camelCase), so Google's own clients read them
unchanged. The HTTP client imports this module: nothing here may import the server."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# -- Claim search (`claims:search`) ----------------------------------------------------------


class Publisher(BaseModel):
    """The organisation that published a review, and its site."""

    name: str | None = Field(
        description="The publisher's name.", default=None, examples=["PolitiFact"]
    )
    site: str | None = Field(
        description="The publisher's web site (host name).",
        default=None,
        examples=["politifact.com"],
    )


class FactCheckReview(BaseModel):
    """Google's `ClaimReview` message: one published review of a claim."""

    publisher: Publisher
    url: str | None = Field(default=None, description="The published review's page.")
    title: str | None = Field(default=None, description="The review's title.")
    reviewDate: str | None = Field(
        description="When the review was published (RFC 3339).",
        default=None,
        examples=["2024-03-13T00:00:00Z"],
    )
    textualRating: str | None = Field(
        description="The reviewer's rating in its own words.", default=None, examples=["False"]
    )
    languageCode: str | None = Field(
        description="The review's language (BCP-47).", default=None, examples=["en"]
    )


class FactCheckedClaim(BaseModel):
    """Google's `Claim` message: a claim and its reviews."""

    text: str = Field(description="The claim as reviewed.")
    claimant: str | None = Field(default=None, description="Who made the claim, when known.")
    claimDate: str | None = Field(
        description="When the claim was made (RFC 3339), when known.",
        default=None,
        examples=["2024-03-11T00:00:00Z"],
    )
    claimReview: list[FactCheckReview] = Field(description="The published reviews of this claim.")


class ClaimSearchResponse(BaseModel):
    """Google's `FactCheckedClaimSearchResponse`."""

    claims: list[FactCheckedClaim] = Field(
        description="The matching fact-checked claims, best first.", default_factory=list
    )
    nextPageToken: str | None = Field(
        default=None, description="Pass as `pageToken` for the next page; absent on the last."
    )


# -- Google's Fact Check Tools API (`/v1alpha1`): errors and the ClaimReview Markup API -----


class GoogleStatus(StrEnum):
    """The `google.rpc.Code` names FactDesk answers with, by HTTP status."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_FOUND = "NOT_FOUND"
    ABORTED = "ABORTED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    UNIMPLEMENTED = "UNIMPLEMENTED"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"
    UNKNOWN = "UNKNOWN"


class GoogleError(BaseModel):
    """The body of a Google API error: HTTP status, message, `google.rpc.Code` name, and for a
    validation failure a `google.rpc.BadRequest` detail naming the fields."""

    code: int = Field(description="The HTTP status code.", examples=[400])
    message: str = Field(
        description="What went wrong, for a person to read.",
        examples=["query:pageSize: Input should be greater than or equal to 1"],
    )
    status: GoogleStatus
    details: list[dict[str, object]] | None = Field(
        default=None,
        description="For a validation failure, a `google.rpc.BadRequest` naming the fields.",
    )


class GoogleErrorResponse(BaseModel):
    """Google's JSON error shape, answered on every `/v1alpha1/...` route."""

    error: GoogleError


_TIMESTAMP_DOC = "ISO 8601 date or timestamp, e.g. `2024-03-11` or `2024-03-11T00:00:00Z`."


def _iso_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError("not an ISO 8601 date such as 2024-03-11") from None
    return value


GoogleDate = Annotated[str, Field(max_length=40), AfterValidator(_iso_date)]


class _Google(BaseModel):
    # Google's servers ignore fields they do not know; so does this API, for drop-in clients.
    model_config = ConfigDict(extra="ignore")


class ClaimReviewAuthor(_Google):
    """Who wrote the fact-check (the organisation), as Google's `ClaimReviewAuthor`."""

    name: str | None = Field(
        description="The fact-checking organisation's name.",
        default=None,
        max_length=200,
        examples=["FactDesk Newsroom"],
    )
    imageUrl: str | None = Field(description="Its logo.", default=None, max_length=2000)


class ClaimAuthor(_Google):
    """Who made the claim, as Google's `ClaimAuthor`."""

    name: str | None = Field(
        description="Who made the claim.", default=None, max_length=200, examples=["A. Politician"]
    )
    jobTitle: str | None = Field(description="Their title or role.", default=None, max_length=200)
    imageUrl: str | None = Field(description="Their picture.", default=None, max_length=2000)
    sameAs: str | None = Field(
        description="A page about them (a profile, a Wikipedia article).",
        default=None,
        max_length=2000,
    )


class ClaimRating(_Google):
    """The verdict, as Google's `ClaimRating`; `textualRating` is required here (it is what the
    stored fact-check's rating label becomes)."""

    textualRating: str | None = Field(
        description='The rating in the reviewer\'s words ("False", "사실 아님").',
        default=None,
        max_length=100,
        examples=["False"],
    )
    ratingValue: int | None = Field(
        description="The rating on a numeric scale, when there is one.", default=None, examples=[1]
    )
    bestRating: int | None = Field(
        description="The scale's best (most true) value.", default=None, examples=[5]
    )
    worstRating: int | None = Field(
        description="The scale's worst (most false) value.", default=None, examples=[1]
    )
    ratingExplanation: str | None = Field(
        description="Why the claim got this rating.", default=None, max_length=5000
    )
    imageUrl: str | None = Field(
        description="An image of the rating.", default=None, max_length=2000
    )


class ClaimReviewMarkup(_Google):
    """One reviewed claim of a page, as Google's `ClaimReviewMarkup`."""

    claimReviewed: str | None = Field(
        description="The claim, as the review states it.",
        default=None,
        max_length=2000,
        examples=["xAI launched Grok a year after being founded"],
    )
    claimDate: GoogleDate | None = Field(default=None, description=_TIMESTAMP_DOC)
    claimAppearances: list[Annotated[str, Field(max_length=2000)]] | None = Field(
        description="Pages where the claim appeared.", default=None, max_length=50
    )
    claimAuthor: ClaimAuthor | None = Field(default=None, description="Who made the claim.")
    claimLocation: str | None = Field(
        description="Where the claim was made.", default=None, max_length=200
    )
    claimFirstAppearance: str | None = Field(
        description="The page where the claim first appeared.", default=None, max_length=2000
    )
    rating: ClaimRating | None = Field(default=None, description="The review's verdict.")
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="This review's own URL, when the page holds several (default: `pageUrl`).",
    )


class ClaimReviewMarkupPage(_Google):
    """A page of ClaimReview markup, as Google's `ClaimReviewMarkupPage`. Each markup is stored
    as one `fact_check` statement tied to the page, so `/v1/verify` and `claims:search` find it."""

    name: str | None = Field(
        default=None, description="`pages/{id}`; set by the server.", examples=["pages/abc"]
    )
    pageUrl: str | None = Field(
        description="The fact-check page that carries the markup.",
        default=None,
        max_length=2000,
        examples=["https://news.example.org/checks/grok"],
    )
    publishDate: GoogleDate | None = Field(default=None, description=_TIMESTAMP_DOC)
    claimReviewAuthor: ClaimReviewAuthor | None = Field(
        default=None, description="Who wrote the fact-checks on the page."
    )
    claimReviewMarkups: list[ClaimReviewMarkup] | None = Field(
        description="The claims the page reviews, one markup each.", default=None, max_length=100
    )
    versionId: str | None = Field(
        default=None,
        max_length=100,
        description="Set by the server on every write; send it back on update to be refused "
        "(409 `ABORTED`) when someone else changed the page meanwhile.",
    )


class ListClaimReviewMarkupPagesResponse(BaseModel):
    """Google's `ListClaimReviewMarkupPagesResponse`."""

    claimReviewMarkupPages: list[ClaimReviewMarkupPage] = Field(
        description="The pages of this answer.", default_factory=list
    )
    nextPageToken: str | None = Field(
        default=None, description="Pass as `pageToken` for the next page; absent on the last."
    )


class FactCheckedClaimImageSearchResponse(BaseModel):
    """Google's image-search response: never answered here (the route is 501)."""

    results: list[dict[str, object]] = Field(
        description="Always empty: image search is not offered (501).", default_factory=list
    )
    nextPageToken: str | None = Field(default=None, description="Always absent.")
