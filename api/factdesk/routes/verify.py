"""Claim verification, claim matching and pairwise stance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from factdesk.deps import ReaderLanguagesDep, ServiceDep, SettingsDep, UseCacheDep
from factdesk.engine.results import StanceOutcome, Verification
from factdesk.errors import problem_responses
from factdesk.examples import BATCH_VERIFICATION, SEARCH, STANCE, VERIFICATION, example_reply
from factdesk.routes.claims import CLAIM_REVIEW_CONTENT, JSONLDResponse, claim_review_response
from factdesk.schemas import (
    BatchVerifyRequest,
    BatchVerifyResponse,
    ResponseFormat,
    SearchRequest,
    SearchResponse,
    StanceRequest,
    VerifyRequest,
)
from factdesk.security import read_access
from factdesk.timing import ServerTiming

router = APIRouter(prefix="/v1", tags=["verify"])

# The verdict as JSON (a real reply as its example) or, with `format: claimreview`, as JSON-LD.
_VERIFY_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": CLAIM_REVIEW_CONTENT[200]["description"],
        "content": {
            "application/json": {"example": VERIFICATION},
            **CLAIM_REVIEW_CONTENT[200]["content"],
        },
    }
}


def _cached_reply(raw: bytes, timing: ServerTiming) -> Response:
    """A reply straight from the cache, already JSON (no model validation on the way out)."""
    return Response(raw, media_type="application/json", headers={"Server-Timing": timing.header()})


@router.post(
    "/verify",
    summary="Verify a claim",
    response_model=Verification,
    responses={**_VERIFY_CONTENT, **problem_responses(400, 401, 413, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def verify(
    body: VerifyRequest,
    service: ServiceDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    use_cache: UseCacheDep,
    readers: ReaderLanguagesDep,
) -> Verification | JSONLDResponse | Response:
    """Match the claim against stored statements (lexical, fuzzy and semantic, in any of the
    stored languages), judge each match's stance, and return a verdict — `supported`, `refuted`,
    `conflicting` or `not_enough_evidence` — with a confidence, a one-sentence summary and the
    evidence, each citing its source and giving its reasons. Evidence is ordered by how much it
    weighs in the verdict; neutral evidence is shown only when nothing decisive is found.
    `language` is a hint about the claim, not a filter: a Korean claim is checked against English
    statements too. With `"format": "claimreview"` the verdict comes as schema.org ClaimReview
    JSON-LD (`application/ld+json`, as from `GET /v1/claimreview`). The `Server-Timing` header
    gives the time of each pipeline stage and whether the reply came from the cache.

    The summary and each reason's `text` are sentences for people, in the claim's language (or
    `reply_language`, or `Accept-Language`'s); the engine's numbers stay in `confidence`,
    `stance_score`, `relevance`, `scores` and a reason's `detail`. For `not_enough_evidence`
    the listed statements are the closest found (`evidence_role: closest`), not evidence, and
    `confidence` is 0."""
    timing = ServerTiming()
    result = await service.verify_reply(body, use_cache, timing, readers)
    if isinstance(result, bytes):
        return _cached_reply(result, timing)
    if body.format is ResponseFormat.CLAIMREVIEW:
        return await claim_review_response(
            service, result, settings, request, body, {"Server-Timing": timing.header()}
        )
    response.headers["Server-Timing"] = timing.header()
    return result


@router.post(
    "/verify/batch",
    summary="Verify many claims",
    response_model=BatchVerifyResponse,
    responses={
        **example_reply(BATCH_VERIFICATION),
        **problem_responses(400, 401, 413, 422, 429, 503),
    },
    dependencies=[Depends(read_access)],
)
async def verify_batch(
    body: BatchVerifyRequest,
    service: ServiceDep,
    response: Response,
    use_cache: UseCacheDep,
    readers: ReaderLanguagesDep,
) -> BatchVerifyResponse:
    """Verify a batch of claims; results come back in request order. A claim that fails
    validation gets its own problem entry and does not fail the batch. `Server-Timing` sums the
    pipeline stages over the claims that were computed."""
    timing = ServerTiming()
    result = await service.verify_batch(body, use_cache, timing, readers)
    response.headers["Server-Timing"] = timing.header()
    return result


@router.post(
    "/search",
    summary="Find matching statements",
    response_model=SearchResponse,
    responses={**example_reply(SEARCH), **problem_responses(400, 401, 413, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def search(
    body: SearchRequest, service: ServiceDep, response: Response, use_cache: UseCacheDep
) -> SearchResponse | Response:
    """Claim matching without a verdict — "has this been checked already?". Returns stored
    statements best first with the fused relevance (`score`) and each retrieval signal.
    `language` and `kind` filter the statements. `Server-Timing` tells the search time and
    whether the reply came from the cache."""
    timing = ServerTiming()
    result = await service.search_reply(body, use_cache, timing)
    if isinstance(result, bytes):
        return _cached_reply(result, timing)
    response.headers["Server-Timing"] = timing.header()
    return result


@router.post(
    "/stance",
    summary="Stance of one sentence towards a claim",
    response_model=StanceOutcome,
    responses={**example_reply(STANCE), **problem_responses(400, 401, 413, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def stance(body: StanceRequest, service: ServiceDep) -> StanceOutcome:
    """Does this evidence sentence support or refute the claim? Compares numbers, dates,
    durations, entities, negation and predicates across English and Korean, and returns the
    reasons."""
    return await service.stance(body.claim, body.evidence)
