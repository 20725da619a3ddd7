"""Claim verification, claim matching and pairwise stance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from factdesk.deps import ServiceDep, SettingsDep, VerifierDep
from factdesk.engine.results import StanceOutcome, Verification
from factdesk.errors import FieldError, Problem, field_errors, problem_responses
from factdesk.routes.claims import CLAIM_REVIEW_CONTENT, JSONLDResponse, claim_review_response
from factdesk.schemas import (
    BatchItem,
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
CacheControl = Annotated[str | None, Header(description="`no-cache` bypasses the verdict cache.")]


def _use_cache(cache_control: str | None) -> bool:
    return not (cache_control and "no-cache" in cache_control.lower())


def _cached_reply(raw: bytes, timing: ServerTiming) -> Response:
    """A reply straight from the cache, already JSON (no model validation on the way out)."""
    return Response(raw, media_type="application/json", headers={"Server-Timing": timing.header()})


@router.post(
    "/verify",
    summary="Verify a claim",
    response_model=Verification,
    responses={**CLAIM_REVIEW_CONTENT, **problem_responses(400, 401, 413, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def verify(
    body: VerifyRequest,
    service: ServiceDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    cache_control: CacheControl = None,
) -> Verification | JSONLDResponse | Response:
    """Match the claim against stored statements (lexical, fuzzy and semantic, in any of the
    stored languages), judge each match's stance, and return a verdict — `supported`, `refuted`,
    `conflicting` or `not_enough_evidence` — with a confidence, a one-sentence summary and the
    evidence, each citing its source and giving its reasons. Evidence is ordered by how much it
    weighs in the verdict; neutral evidence is shown only when nothing decisive is found.
    `language` is a hint about the claim, not a filter: a Korean claim is checked against English
    statements too. With `"format": "claimreview"` the verdict comes as schema.org ClaimReview
    JSON-LD (`application/ld+json`, as from `GET /v1/claimreview`). The `Server-Timing` header
    gives the time of each pipeline stage and whether the reply came from the cache."""
    timing = ServerTiming()
    use_cache = _use_cache(cache_control)
    if body.format is not ResponseFormat.CLAIMREVIEW:
        raw = await service.cached_json(body, use_cache, timing)
        if raw is not None:
            return _cached_reply(raw, timing)
    result = await service.verify(body, use_cache=use_cache, timing=timing)
    if body.format is ResponseFormat.CLAIMREVIEW:
        return claim_review_response(
            result, settings, request, body.appearance, {"Server-Timing": timing.header()}
        )
    response.headers["Server-Timing"] = timing.header()
    return result


@router.post(
    "/verify/batch",
    summary="Verify many claims",
    response_model=BatchVerifyResponse,
    responses=problem_responses(400, 401, 413, 422, 429, 503),
    dependencies=[Depends(read_access)],
)
async def verify_batch(
    body: BatchVerifyRequest,
    service: ServiceDep,
    response: Response,
    cache_control: CacheControl = None,
) -> BatchVerifyResponse:
    """Verify a batch of claims; results come back in request order. A claim that fails
    validation gets its own problem entry and does not fail the batch. `Server-Timing` sums the
    pipeline stages over the claims that were computed."""
    timing = ServerTiming()
    results: list[BatchItem] = []
    for index, raw in enumerate(body.claims):
        try:
            req = VerifyRequest.model_validate({"claim": raw} if isinstance(raw, str) else raw)
            only_single = {
                "format": req.format is not ResponseFormat.JSON,
                "appearance": req.appearance is not None,
            }
            errors = [
                FieldError(pointer=f"#/{name}", message="allowed on /v1/verify, not in a batch")
                for name, present in only_single.items()
                if present
            ]
        except ValidationError as exc:
            errors = field_errors(list(exc.errors()))
        if errors:
            problem = Problem(
                type="https://factdesk.dev/problems/validation",
                title="Claim validation failed",
                status=422,
                detail="; ".join(f"{e.pointer}: {e.message}" for e in errors),
                instance=f"/v1/verify/batch#/claims/{index}",
                errors=errors,
            )
            results.append(BatchItem(index=index, error=problem))
            continue
        result = await service.verify(req, use_cache=_use_cache(cache_control), timing=timing)
        results.append(BatchItem(index=index, result=result))
    response.headers["Server-Timing"] = timing.header()
    return BatchVerifyResponse(results=results)


@router.post(
    "/search",
    summary="Find matching statements",
    response_model=SearchResponse,
    responses=problem_responses(400, 401, 413, 422, 429, 503),
    dependencies=[Depends(read_access)],
)
async def search(
    body: SearchRequest, service: ServiceDep, response: Response, cache_control: CacheControl = None
) -> SearchResponse | Response:
    """Claim matching without a verdict — "has this been checked already?". Returns stored
    statements best first with the fused relevance (`score`) and each retrieval signal.
    `language` and `kind` filter the statements. `Server-Timing` tells the search time and
    whether the reply came from the cache."""
    timing = ServerTiming()
    use_cache = _use_cache(cache_control)
    raw = await service.cached_json(body, use_cache, timing)
    if raw is not None:
        return _cached_reply(raw, timing)
    result = await service.search(body, use_cache=use_cache, timing=timing)
    response.headers["Server-Timing"] = timing.header()
    return result


@router.post(
    "/stance",
    summary="Stance of one sentence towards a claim",
    response_model=StanceOutcome,
    responses=problem_responses(400, 401, 413, 422, 429),
    dependencies=[Depends(read_access)],
)
async def stance(body: StanceRequest, verifier: VerifierDep) -> StanceOutcome:
    """Does this evidence sentence support or refute the claim? Compares numbers, dates,
    durations, entities, negation and predicates across English and Korean, and returns the
    reasons."""
    return await run_in_threadpool(verifier.stance, body.claim, body.evidence)
