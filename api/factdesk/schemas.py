"""Wire models: request bodies and response envelopes. Domain shapes come from `factdesk.models`
(statements) and `factdesk.engine.results` (verdicts, evidence), error bodies from
`factdesk.problems`. The HTTP client imports this module: nothing here may import the server."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from factdesk.engine.results import Evidence, EvidenceRole, SearchHit, Verdict, Verification
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

    claim: ClaimText = Field(description="The claim to check, as said or written.")
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None,
        description="Language of the claim (BCP-47); detected when absent. A hint about the "
        "claim, not a filter on the statements.",
    )
    reply_language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None,
        description="Language of the reply's sentences (`summary`, reason texts, labels): `en` "
        "or `ko`. Absent: the claim's language when FactDesk writes in it, else the first such "
        "language of the `Accept-Language` header, else English.",
        examples=["ko"],
    )
    top_k: Annotated[int, Field(ge=1), Limit("max_top_k")] = Field(
        default=5, description="Most statements cited in the reply."
    )
    as_of: dt.date | None = Field(
        default=None, description="Ignore statements published after this date."
    )
    kind: StatementKind | None = Field(default=None, description="Only this kind of statement.")
    claim_date: dt.date | None = Field(
        default=None,
        description='When the claim was made. Relative dates in it ("last year", '
        '"지난달", "11일") resolve against this date; without it they are not compared. In '
        "ClaimReview it is `itemReviewed.datePublished`.",
    )
    claimant: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None,
        description="Who made the claim (a person or an organisation): ClaimReview's "
        "`itemReviewed.author`. Absent: the claimant of a stored fact-check of the same claim "
        "that the verdict cites, when there is one. Does not change the verdict.",
        examples=["Elon Musk"],
    )
    use_cache: bool = Field(
        default=True,
        description="`false`: compute the reply even when a cached one exists "
        "(as `Cache-Control: no-cache`).",
    )
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

    index: int = Field(description="The claim's position in the request, from 0.")
    result: Verification | None = Field(default=None, description="Its verdict, when valid.")
    error: Problem | None = Field(default=None, description="Why it was not verified.")


class BatchVerifyResponse(BaseModel):
    """Each claim's result, in request order."""

    results: list[BatchItem] = Field(description="One item per claim, in request order.")


class SearchRequest(_Request):
    """Claim matching without a verdict: has this been checked already?"""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "Musk sued OpenAI", "top_k": 5}]}
    )

    query: QueryText = Field(description="The text to match stored statements against.")
    top_k: Annotated[int, Field(ge=1), Limit("max_search_top_k")] = Field(
        default=10, description="Most statements returned."
    )
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = Field(
        default=None, description="Only statements in this language."
    )
    kind: StatementKind | None = Field(default=None, description="Only this kind of statement.")
    use_cache: bool = Field(
        default=True, description="`false`: search even when a cached reply exists."
    )


class SearchResponse(BaseModel):
    """Stored statements matching the query, best first."""

    query: str = Field(description="The query as searched (normalised).")
    results: list[SearchHit] = Field(description="Matches, best first.")
    store_generation: int = Field(description="The store generation searched.")
    cached: bool = Field(default=False, description="Whether the reply came from the cache.")


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

    claim: ClaimText = Field(description="The claim.")
    evidence: Annotated[str, Field(min_length=1, max_length=2000)] = Field(
        description="One sentence to judge against the claim."
    )


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

    text: Annotated[str, Field(min_length=1), Limit("max_article_chars")] = Field(
        description="The article's text (English or Korean) as published; sentence offsets "
        "index it exactly as sent."
    )
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

    text: str = Field(description="The sentence as it is in the text.")
    start: int = Field(ge=0, description="Offset of the first character in the submitted text.")
    end: int = Field(ge=0, description="Offset after the last character: `text[start:end]`.")
    checkworthiness: float = Field(
        ge=0, le=1, description="How much the sentence states something checkable (0-1)."
    )
    signals: list[str] = Field(
        description="What made it check-worthy: number, date, entity, attribution, comparison, "
        "statement; or what lowered the score: question, fragment, opinion.",
        examples=[["number", "date", "entity", "statement"]],
    )
    verdict: Verdict | None = Field(
        default=None,
        description="Absent when the sentence was not checked (over the per-article cap).",
    )
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="As a verify reply's (0 for not enough evidence)."
    )
    summary: str | None = Field(
        default=None, description="As a verify reply's: for people, in the sentence's language."
    )
    verdict_label: str | None = Field(
        default=None, description="The verdict's name for people, in the summary's language."
    )
    evidence_role: EvidenceRole | None = Field(
        default=None,
        description="`closest` for not enough evidence: the statements are not evidence.",
    )
    evidence_label: str | None = Field(
        default=None, description="The heading for `evidence`, in the summary's language."
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="As a verify reply's; see `evidence_role`."
    )


class ArticleCheckResponse(BaseModel):
    """The article's check-worthy sentences in text order."""

    sentences: list[CheckedSentence] = Field(
        description="Every sentence in text order: check-worthiness, offsets and, for the "
        "verified ones, the verdict."
    )
    sentence_count: int = Field(description="Sentences found in the text, check-worthy or not.")
    checked: int = Field(description="Sentences verified.")
    unchecked: int = Field(
        description="Check-worthy sentences left unverified: over `FACTDESK_MAX_ARTICLE_CHECKS` "
        "(the most check-worthy are verified first)."
    )


class StatementWriteResponse(BaseModel):
    """Which statements were created and which updated, and the new store generation."""

    created: list[str] = Field(description="Ids of the statements this write created.")
    updated: list[str] = Field(description="Ids of the statements this write replaced.")
    statements: list[Statement] = Field(description="The statements as stored.")
    store_generation: int = Field(
        description="The store's generation after the write (it rises with every write)."
    )


class StatementPage(BaseModel):
    items: list[Statement] = Field(description="The statements of this page, in id order.")
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; absent on the last."
    )


class RejectedLine(BaseModel):
    line: int = Field(
        description="1-based line number in the NDJSON body (position of the ClaimReview in "
        "a JSON-LD body)."
    )
    reason: str = Field(description="Why the line was not imported.")


class ImportReport(BaseModel):
    created: int = Field(description="Statements created.")
    updated: int = Field(description="Statements replaced.")
    rejected: int = Field(description="Lines not imported (see `errors`).")
    errors: list[RejectedLine] = Field(description="Each rejected line and why.")
    store_generation: int = Field(description="The store's generation after the import.")


class OEmbed(BaseModel):
    """An oEmbed 1.0 `rich` answer: the verdict card as an `<iframe>`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": "1.0",
                    "type": "rich",
                    "title": "Refuted: xAI launched Grok a year after being founded",
                    "provider_name": "FactDesk",
                    "provider_url": "https://factdesk.example.org/",
                    "cache_age": 3600,
                    "width": 520,
                    "height": 420,
                    "html": '<iframe src="https://factdesk.example.org/v1/checks/c1eNq…'
                    '?format=html" width="520" height="420" title="Refuted: …" loading="lazy" '
                    'style="border:0;max-width:100%" sandbox="allow-popups '
                    'allow-popups-to-escape-sandbox"></iframe>',
                }
            ]
        }
    )

    version: Literal["1.0"] = Field(description="The oEmbed version.")
    type: Literal["rich"] = Field(description="Always `rich`: HTML to put in the page.")
    title: str = Field(description="The verdict and the claim.")
    provider_name: str = Field(description="The checking organisation.")
    provider_url: str = Field(description="This service.")
    cache_age: int = Field(description="Seconds the consumer may keep this answer.")
    width: int = Field(description="The iframe's width in pixels.")
    height: int = Field(description="The iframe's height in pixels.")
    html: str = Field(description="The `<iframe>` of the verdict card.")


class Health(BaseModel):
    status: Literal["ok"] = Field(default="ok", description="Always `ok` when the process answers.")


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
    slots: int = Field(
        description="Engine computations this worker runs at once (`FACTDESK_ENGINE_SLOTS`)."
    )
    running: int = Field(description="Computations running now.")
    queued: int = Field(description="Computations waiting for a slot.")
    queue_limit: int = Field(
        description="Waiting computations allowed before new ones are shed "
        "(`FACTDESK_ENGINE_QUEUE`)."
    )
    shed: int = Field(description="Requests refused with 503 or 429 by admission control.")


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"] = Field(
        description="`ready` when the store answers and the embedding model is loaded."
    )
    store: Literal["ok", "unavailable"] = Field(description="Whether the store answers.")
    models: Literal["loaded", "missing"] = Field(description="Whether the embedder is loaded.")
    cache: Literal["ok", "degraded"] = Field(
        description="`degraded`: the shared cache is unreachable; replies are computed anyway."
    )
    cache_backend: str = Field(description="`memory` or `redis`.")
    statements: int | None = Field(
        default=None, description="Statements in the store; none when it is unavailable."
    )
    store_generation: int | None = Field(
        default=None, description="The store generation; none when it is unavailable."
    )
    seed: SeedReport = Field(description="What this start did with the seed statements.")
    warnings: list[str] = Field(
        default_factory=list,
        description="Settings that work but leave output unpublishable, e.g. no "
        "`FACTDESK_CLAIMREVIEW_URL_TEMPLATE` (ClaimReview `url` is then not your page). "
        "They do not make the service not ready.",
    )
    engine: EngineReport | None = Field(
        default=None,
        description="This worker's engine admission: slots, running and queued computations, "
        "and requests shed since it started.",
    )


class Stats(BaseModel):
    total: int = Field(description="Statements in the store.")
    by_kind: dict[str, int] = Field(description="Statements per kind (`fact`, `fact_check`).")
    by_language: dict[str, int] = Field(description="Statements per language.")
    store_generation: int = Field(description="The store's generation (it rises with every write).")


StatementBody = StatementIn | list[StatementIn]
