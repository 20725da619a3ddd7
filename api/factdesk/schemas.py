"""Wire models: request bodies and response envelopes. Domain shapes come from `factdesk.models`
(statements) and `factdesk.engine.results` (verdicts, evidence), error bodies from
`factdesk.problems`. The HTTP client imports this module: nothing here may import the server."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

from factdesk.engine.results import Evidence, SearchHit, Verdict, Verification
from factdesk.limits import Limit
from factdesk.models import LANGUAGE_TAG, Statement, StatementIn, StatementKind
from factdesk.problems import Problem
from factdesk.seed import SeedStatus

EXAMPLE_STATEMENT = {
    "id": "seed-en-016",
    "text": "xAI unveiled Grok one month after Elon Musk founded xAI.",
    "language": "en",
    "kind": "fact",
    "quote": (
        "머스크는 지난해 오픈AI의 대항마를 만들기 위해 xAI를 설립하고, 한 달 뒤에 그록을 선보였다."
    ),
    "source": {
        "title": "오픈AI 압박 수위 올리는 일론 머스크, ‘그록’ 오픈소스 공개 의도는?",
        "published_at": "2024-03-13",
    },
    "tags": ["grok", "xai"],
}


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


ClaimText = Annotated[str, Field(min_length=1), Limit("max_claim_chars")]
QueryText = Annotated[str, Field(min_length=1), Limit("max_query_chars")]


class ResponseFormat(StrEnum):
    """`json`: a `Verification`. `claimreview`: schema.org ClaimReview JSON-LD."""

    JSON = "json"
    CLAIMREVIEW = "claimreview"


Appearances = Annotated[list[HttpUrl], Field(max_length=10)]


class VerifyRequest(_Request):
    """A claim to verify."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"claim": "xAI launched Grok a month after being founded"},
                {"claim": "xAI는 설립 1년 뒤에 그록을 출시했다", "top_k": 3},
                {
                    "claim": "xAI launched Grok a year after being founded",
                    "format": "claimreview",
                    "appearance": ["https://example.org/post/1"],
                },
            ]
        }
    )

    claim: ClaimText
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None, description="Language of the claim (BCP-47); detected when absent."
    )
    top_k: Annotated[int, Field(ge=1), Limit("max_top_k")] = 5
    as_of: dt.date | None = Field(
        default=None, description="Ignore statements published after this date."
    )
    kind: StatementKind | None = Field(default=None, description="Only this kind of statement.")
    claim_date: dt.date | None = Field(
        default=None,
        description='When the claim was made. Relative dates in it ("last year", '
        '"지난달", "11일") resolve against this date; without it they are not compared.',
    )
    use_cache: bool = True
    format: ResponseFormat = Field(
        default=ResponseFormat.JSON,
        description="`claimreview`: answer with the verdict as schema.org ClaimReview JSON-LD "
        "(`application/ld+json`); not allowed in a batch.",
    )
    appearance: Appearances | None = Field(
        default=None,
        description="With `claimreview`: pages where the claim appeared "
        "(`itemReviewed.appearance`).",
    )


class BatchVerifyRequest(_Request):
    """Claims verified in order: at most `FACTDESK_MAX_BATCH_CLAIMS` (`maxItems`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "claims": [
                        {"claim": "ChatGPT was launched in November 2022"},
                        {"claim": "Musk did not sue OpenAI"},
                    ]
                }
            ]
        }
    )

    claims: Annotated[
        list[str | dict[str, object]], Field(min_length=1), Limit("max_batch_claims")
    ] = Field(description="Claim strings or verify-request objects; each is validated on its own.")


class BatchItem(BaseModel):
    """One claim's result or its own error."""

    index: int
    result: Verification | None = None
    error: Problem | None = None


class BatchVerifyResponse(BaseModel):
    results: list[BatchItem]


class SearchRequest(_Request):
    """Claim matching without a verdict: has this been checked already?"""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "Musk sued OpenAI", "top_k": 5}]}
    )

    query: QueryText
    top_k: Annotated[int, Field(ge=1), Limit("max_search_top_k")] = 10
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None, description="Only statements in this language."
    )
    kind: StatementKind | None = None
    use_cache: bool = True


class SearchResponse(BaseModel):
    query: str
    results: list[SearchHit]
    store_generation: int
    cached: bool = False


class StanceRequest(_Request):
    """Does this evidence sentence support the claim?"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "claim": "xAI launched Grok a year after being founded",
                    "evidence": "xAI unveiled Grok one month after Elon Musk founded xAI.",
                }
            ]
        }
    )

    claim: ClaimText
    evidence: Annotated[str, Field(min_length=1, max_length=2000)]


class ArticleCheckRequest(_Request):
    """An article to check sentence by sentence."""

    # Offsets index the text exactly as sent: no stripping.
    model_config = ConfigDict(
        str_strip_whitespace=False,
        json_schema_extra={
            "examples": [
                {
                    "text": "xAI launched Grok a year after it was founded. The weather was "
                    "nice. ChatGPT was launched in November 2022.",
                    "language": "en",
                }
            ]
        },
    )

    text: Annotated[str, Field(min_length=1), Limit("max_article_chars")]
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None, description="Language of the article (BCP-47); detected per sentence."
    )
    published_at: dt.date | None = Field(
        default=None,
        description='When the article was published: its relative dates ("last year", '
        '"지난달", "11일") resolve against it.',
    )


class CheckedSentence(BaseModel):
    """A check-worthy sentence, where it is in the text, and its verdict when it was checked."""

    text: str
    start: int = Field(ge=0, description="Offset of the first character in the submitted text.")
    end: int = Field(ge=0, description="Offset after the last character: `text[start:end]`.")
    checkworthiness: float = Field(ge=0, le=1)
    signals: list[str] = Field(
        description="What made it check-worthy: number, date, entity, attribution, comparison, "
        "statement; or what lowered the score: question, fragment, opinion.",
        examples=[["number", "date", "entity", "statement"]],
    )
    verdict: Verdict | None = Field(
        default=None,
        description="Absent when the sentence was not checked (over the per-article cap).",
    )
    confidence: float | None = Field(default=None, ge=0, le=1)
    summary: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ArticleCheckResponse(BaseModel):
    """The article's check-worthy sentences in text order."""

    sentences: list[CheckedSentence]
    sentence_count: int = Field(description="Sentences found in the text, check-worthy or not.")
    checked: int = Field(description="Sentences verified.")
    unchecked: int = Field(
        description="Check-worthy sentences left unverified: over `FACTDESK_MAX_ARTICLE_CHECKS` "
        "(the most check-worthy are verified first)."
    )


class Publisher(BaseModel):
    """The organisation that published a review, and its site."""

    name: str | None = Field(default=None, examples=["PolitiFact"])
    site: str | None = Field(default=None, examples=["politifact.com"])


class FactCheckReview(BaseModel):
    """Google's `ClaimReview` message: one published review of a claim."""

    publisher: Publisher
    url: str | None = None
    title: str | None = None
    reviewDate: str | None = Field(default=None, examples=["2024-03-13T00:00:00Z"])
    textualRating: str | None = Field(default=None, examples=["False"])
    languageCode: str | None = Field(default=None, examples=["en"])


class FactCheckedClaim(BaseModel):
    """Google's `Claim` message: a claim and its reviews."""

    text: str
    claimant: str | None = None
    claimDate: str | None = Field(default=None, examples=["2024-03-11T00:00:00Z"])
    claimReview: list[FactCheckReview]


class ClaimSearchResponse(BaseModel):
    """Google's `FactCheckedClaimSearchResponse`."""

    claims: list[FactCheckedClaim] = Field(default_factory=list)
    nextPageToken: str | None = Field(
        default=None, description="Pass as `pageToken` for the next page; absent on the last."
    )


class StatementWriteResponse(BaseModel):
    """Which statements were created and which updated, and the new store generation."""

    created: list[str]
    updated: list[str]
    statements: list[Statement]
    store_generation: int


class StatementPage(BaseModel):
    items: list[Statement]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; absent on the last."
    )


class RejectedLine(BaseModel):
    line: int = Field(
        description="1-based line number in the NDJSON body (position of the ClaimReview in "
        "a JSON-LD body)."
    )
    reason: str


class ImportReport(BaseModel):
    created: int
    updated: int
    rejected: int
    errors: list[RejectedLine]
    store_generation: int


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class SeedReport(BaseModel):
    """What this process's start did with the seed statements."""

    status: SeedStatus = Field(
        description="`loaded`: read into the new store; `skipped_store_not_empty`: the store "
        "held statements already; `disabled`: `FACTDESK_SEED_FIXTURES=false`; `missing` or "
        "`unreadable`: the seed file could not be found or read, and the store started empty. "
        "None of them makes the service not ready."
    )
    path: str | None = Field(
        default=None,
        description="The seed file (`FACTDESK_SEED_PATH`, else the one in the package); "
        "none when seeding is off.",
    )
    statements: int = Field(description="Statements stored from the seed at this start.")
    rejected: int = Field(description="Seed lines that were not valid statements.")


class EngineReport(BaseModel):
    """This worker's engine admission (`FACTDESK_ENGINE_*`): computations running and waiting,
    and how many requests it has shed since it started."""

    state: Literal["ok", "saturated"] = Field(
        description="`saturated`: every slot busy and the queue full, so new engine work is "
        "answered 503; cached replies and reads are still served, and the service stays ready."
    )
    slots: int
    running: int
    queued: int
    queue_limit: int
    shed: int = Field(description="Requests refused with 503 or 429 by admission control.")


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"] = Field(
        description="`ready` when the store answers and the embedding model is loaded."
    )
    store: Literal["ok", "unavailable"]
    models: Literal["loaded", "missing"]
    cache: Literal["ok", "degraded"] = Field(
        description="`degraded`: the shared cache is unreachable; replies are computed anyway."
    )
    cache_backend: str
    statements: int | None = Field(
        default=None, description="Statements in the store; none when it is unavailable."
    )
    store_generation: int | None = None
    seed: SeedReport
    engine: EngineReport | None = None


class Stats(BaseModel):
    total: int
    by_kind: dict[str, int]
    by_language: dict[str, int]
    store_generation: int


StatementBody = StatementIn | list[StatementIn]


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

    code: int = Field(examples=[400])
    message: str = Field(examples=["query:pageSize: Input should be greater than or equal to 1"])
    status: GoogleStatus
    details: list[dict[str, object]] | None = None


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

    name: str | None = Field(default=None, max_length=200, examples=["FactDesk Newsroom"])
    imageUrl: str | None = Field(default=None, max_length=2000)


class ClaimAuthor(_Google):
    """Who made the claim, as Google's `ClaimAuthor`."""

    name: str | None = Field(default=None, max_length=200, examples=["A. Politician"])
    jobTitle: str | None = Field(default=None, max_length=200)
    imageUrl: str | None = Field(default=None, max_length=2000)
    sameAs: str | None = Field(default=None, max_length=2000)


class ClaimRating(_Google):
    """The verdict, as Google's `ClaimRating`; `textualRating` is required here (it is what the
    stored fact-check's rating label becomes)."""

    textualRating: str | None = Field(default=None, max_length=100, examples=["False"])
    ratingValue: int | None = Field(default=None, examples=[1])
    bestRating: int | None = Field(default=None, examples=[5])
    worstRating: int | None = Field(default=None, examples=[1])
    ratingExplanation: str | None = Field(default=None, max_length=5000)
    imageUrl: str | None = Field(default=None, max_length=2000)


class ClaimReviewMarkup(_Google):
    """One reviewed claim of a page, as Google's `ClaimReviewMarkup`."""

    claimReviewed: str | None = Field(
        default=None, max_length=2000, examples=["xAI launched Grok a year after being founded"]
    )
    claimDate: GoogleDate | None = Field(default=None, description=_TIMESTAMP_DOC)
    claimAppearances: list[Annotated[str, Field(max_length=2000)]] | None = Field(
        default=None, max_length=50
    )
    claimAuthor: ClaimAuthor | None = None
    claimLocation: str | None = Field(default=None, max_length=200)
    claimFirstAppearance: str | None = Field(default=None, max_length=2000)
    rating: ClaimRating | None = None
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
        default=None, max_length=2000, examples=["https://news.example.org/checks/grok"]
    )
    publishDate: GoogleDate | None = Field(default=None, description=_TIMESTAMP_DOC)
    claimReviewAuthor: ClaimReviewAuthor | None = None
    claimReviewMarkups: list[ClaimReviewMarkup] | None = Field(default=None, max_length=100)
    versionId: str | None = Field(
        default=None,
        max_length=100,
        description="Set by the server on every write; send it back on update to be refused "
        "(409 `ABORTED`) when someone else changed the page meanwhile.",
    )


class ListClaimReviewMarkupPagesResponse(BaseModel):
    """Google's `ListClaimReviewMarkupPagesResponse`."""

    claimReviewMarkupPages: list[ClaimReviewMarkupPage] = Field(default_factory=list)
    nextPageToken: str | None = None


class FactCheckedClaimImageSearchResponse(BaseModel):
    """Google's image-search response: never answered here (the route is 501)."""

    results: list[dict[str, object]] = Field(default_factory=list)
    nextPageToken: str | None = None
