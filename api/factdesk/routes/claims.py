"""Fact-check interchange: verdicts as ClaimReview JSON-LD, and a search over stored fact-checks
shaped like Google's Fact Check Tools `claims:search`: at `/v1` with FactDesk's conventions, and at
`/v1alpha1` as Google's API itself (the `key` parameter, Google's error shape) with
`claims:imageSearch` beside it (501). The Markup API's `pages` are in `routes/pages.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import HttpUrl, ValidationError

from factdesk.checks import CheckRef, permalink
from factdesk.claimreview import JSON_LD, ClaimReview, claim_review, review_url
from factdesk.claimsearch import PageToken, search_claims
from factdesk.config import Settings
from factdesk.deps import ReaderLanguagesDep, ServiceDep, SettingsDep
from factdesk.engine.results import Verification
from factdesk.errors import (
    NotImplementedHere,
    UnprocessableContent,
    google_error_responses,
    problem_responses,
)
from factdesk.examples import example_reply
from factdesk.google_models import ClaimSearchResponse, FactCheckedClaimImageSearchResponse
from factdesk.limits import Limit
from factdesk.models import LANGUAGE_TAG
from factdesk.problems import FieldError, field_errors
from factdesk.routes.google import PREFIX, TAG, standard_parameters
from factdesk.schemas import VerifyRequest
from factdesk.security import google_read_access, read_access
from factdesk.statement_examples import CLAIM_SEARCH
from factdesk.timing import ServerTiming
from factdesk.verification import VerificationService

router = APIRouter(prefix="/v1", tags=["claims"])
google = APIRouter(prefix=PREFIX, tags=[TAG], dependencies=[Depends(standard_parameters)])


class JSONLDResponse(JSONResponse):
    media_type = JSON_LD


def verify_request_of_query(**fields: Any) -> VerifyRequest:
    """A `VerifyRequest` from a GET route's query parameters (already checked one by one); what
    only the whole request rejects (a claim of blanks only) is a 422 on `query:claim`."""
    try:
        return VerifyRequest(**fields)
    except ValidationError as exc:
        errors = [
            FieldError(pointer="query:claim", message=e.message)
            for e in field_errors(list(exc.errors()))
        ]
        raise UnprocessableContent(errors[0].message, errors=errors) from exc


async def build_claim_review(
    service: VerificationService,
    result: Verification,
    settings: Settings,
    request: Request,
    req: VerifyRequest,
) -> ClaimReview:
    """The verdict as a ClaimReview authored by the configured organisation, dated the day
    the verdict was first reached, at the configured page (else this check's permalink)."""
    check = CheckRef.of(req)
    return claim_review(
        result,
        org_name=settings.claimreview_org_name,
        org_url=str(settings.claimreview_org_url) if settings.claimreview_org_url else None,
        url=review_url(
            result.claim,
            settings.claimreview_url_template,
            permalink(str(request.base_url), check),
        ),
        appearance=list(check.appearance),
        claimant=req.claimant,
        claim_date=req.claim_date,
        published=await service.first_reached(req, result),
    )


async def claim_review_response(
    service: VerificationService,
    result: Verification,
    settings: Settings,
    request: Request,
    req: VerifyRequest,
    headers: dict[str, str] | None = None,
) -> JSONLDResponse:
    """The verdict as ClaimReview JSON-LD (`build_claim_review`)."""
    review = await build_claim_review(service, result, settings, request, req)
    return JSONLDResponse(review.jsonld(), headers=headers)


CLAIM_REVIEW_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The verdict; schema.org ClaimReview JSON-LD with `format: claimreview`.",
        "content": {JSON_LD: {"schema": {"$ref": "#/components/schemas/ClaimReview"}}},
    }
}


@router.get(
    "/claimreview",
    summary="A verdict as ClaimReview JSON-LD",
    response_model=ClaimReview,
    response_class=JSONLDResponse,
    responses=problem_responses(401, 422, 429, 503),
    dependencies=[Depends(read_access)],
)
async def claimreview(
    request: Request,
    service: ServiceDep,
    settings: SettingsDep,
    claim: Annotated[
        Annotated[str, Limit("max_claim_chars")],
        Query(min_length=1, examples=["xAI launched Grok a year after being founded"]),
    ],
    language: Annotated[
        str | None,
        Query(pattern=LANGUAGE_TAG, description="BCP-47 hint."),
    ] = None,
    appearance: Annotated[
        list[HttpUrl] | None,
        Query(max_length=10, description="Pages where the claim appeared (repeatable)."),
    ] = None,
    claimant: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Who made the claim: `itemReviewed.author`.",
            examples=["Elon Musk"],
        ),
    ] = None,
    claim_date: Annotated[
        dt.date | None,
        Query(
            description="When the claim was made: `itemReviewed.datePublished`; relative "
            "dates in the claim resolve against it."
        ),
    ] = None,
    reply_language: Annotated[
        str | None,
        Query(pattern=LANGUAGE_TAG, description="Language of `reviewBody` (en, ko)."),
    ] = None,
    readers: ReaderLanguagesDep = (),
) -> JSONLDResponse:
    """Verify the claim and answer with schema.org ClaimReview JSON-LD (`application/ld+json`),
    ready to embed in a fact-check page: `claimReviewed`, `reviewRating` on a 1–5 scale with a
    label (`True`, `Mixed`, `False`, or `Unverified` without a number), `itemReviewed` (the
    claimant as `author`, the claim date as `datePublished`, `appearance`, `inLanguage`; the
    claimant and date of the stored fact-check the verdict rests on when none is given), the
    deploying organisation as `author` (`FACTDESK_CLAIMREVIEW_ORG_NAME`, `_ORG_URL`), as
    `datePublished` the day the verdict was first reached for the store's current state, and a
    `url` from `FACTDESK_CLAIMREVIEW_URL_TEMPLATE` (unset: this check's permalink on this
    service, which Google will not accept: `/readyz` warns). The summary is the `reviewBody`
    (no engine scores in it), the sources that decided the verdict the `citation`, each once."""
    req = verify_request_of_query(
        claim=claim,
        language=language,
        appearance=appearance,
        claimant=claimant,
        claim_date=claim_date,
        reply_language=reply_language,
    )
    timing = ServerTiming()
    result = await service.verify(req, timing=timing, accepted=readers)
    return await claim_review_response(
        service, result, settings, request, req, headers={"Server-Timing": timing.header()}
    )


@dataclass(frozen=True, slots=True)
class ClaimSearchQuery:
    """The parameters of `claims:search`, as Google's discovery document names them."""

    query: str | None
    languageCode: str | None
    reviewPublisherSiteFilter: str | None
    maxAgeDays: int | None
    pageSize: int
    pageToken: str | None
    offset: int


def claim_search_query(
    query: Annotated[
        Annotated[str, Limit("max_query_chars")] | None,
        Query(
            min_length=1,
            description="Text query. Required unless `reviewPublisherSiteFilter` is given.",
            examples=["Grok open source"],
        ),
    ] = None,
    languageCode: Annotated[
        str | None,
        Query(
            pattern=LANGUAGE_TAG,
            description='BCP-47 code such as "en-US"; the region is ignored.',
        ),
    ] = None,
    reviewPublisherSiteFilter: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=253,
            description="Only reviews published on this site or its subdomains "
            "(e.g. `politifact.com`).",
        ),
    ] = None,
    maxAgeDays: Annotated[
        int | None,
        Query(
            ge=0,
            le=100_000,
            description="Only claims whose newer date (claim or review) is at most this old.",
        ),
    ] = None,
    pageSize: Annotated[
        int, Query(ge=1, description="Results per page; larger values are clamped.")
    ] = 10,
    pageToken: Annotated[
        str | None, Query(max_length=400, description="`nextPageToken` of the previous page.")
    ] = None,
    offset: Annotated[
        int, Query(ge=0, le=10_000, description="Start position; ignored with `pageToken`.")
    ] = 0,
) -> ClaimSearchQuery:
    return ClaimSearchQuery(
        query, languageCode, reviewPublisherSiteFilter, maxAgeDays, pageSize, pageToken, offset
    )


ClaimSearchQueryDep = Annotated[ClaimSearchQuery, Depends(claim_search_query)]


async def _search(
    service: VerificationService, settings: Settings, q: ClaimSearchQuery
) -> ClaimSearchResponse:
    token = PageToken.decode(
        q.pageToken,
        query=q.query,
        language=q.languageCode,
        site=q.reviewPublisherSiteFilter,
        max_age_days=q.maxAgeDays,
        offset=q.offset,
    )
    return await search_claims(
        service,
        token,
        page_size=min(q.pageSize, settings.max_page_size),
        pool=settings.max_search_top_k,
    )


_SEARCH_DOC = """Search the stored fact-checks (`fact_check` statements, e.g. imported ClaimReview
or pages of the ClaimReview Markup API) with the parameters and the response shape of Google's
Fact Check Tools API `claims:search`. With `query`, results are the best matches (lexical, fuzzy
and semantic, across English and Korean), best first; without it, every review from
`reviewPublisherSiteFilter`'s site. Pass `nextPageToken` as `pageToken` for the next page, with
the other parameters unchanged."""
_V1_DOC = """The same search as `GET /v1alpha1/claims:search`, kept for the tools written against
it before that route existed: the key in `X-API-Key` only, errors as problem+json."""
_GOOGLE_DOC = """Google's `factchecktools.claims.search`, so that a tool written for Google's API
(or Google's own client libraries) works with the base URL changed: the key as `key=` (or
`X-API-Key`), errors in Google's JSON error shape (a bad parameter is 400 `INVALID_ARGUMENT`)."""


@router.get(
    "/claims:search",
    summary="Search fact-checks (Google Fact Check Tools shape, FactDesk errors)",
    response_model=ClaimSearchResponse,
    response_model_exclude_none=True,
    description=_V1_DOC + "\n\n" + _SEARCH_DOC,
    responses={**example_reply(CLAIM_SEARCH), **problem_responses(401, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def claims_search(
    service: ServiceDep, settings: SettingsDep, q: ClaimSearchQueryDep
) -> ClaimSearchResponse:
    """`GET /v1alpha1/claims:search` with FactDesk's key header and problem+json errors."""
    return await _search(service, settings, q)


@google.get(
    "/claims:search",
    summary="Search fact-checks (Google Fact Check Tools API)",
    response_model=ClaimSearchResponse,
    response_model_exclude_none=True,
    description=_GOOGLE_DOC + "\n\n" + _SEARCH_DOC,
    responses={**example_reply(CLAIM_SEARCH), **google_error_responses(400, 401, 429, 503)},
    dependencies=[Depends(google_read_access)],
)
async def factchecktools_claims_search(
    service: ServiceDep, settings: SettingsDep, q: ClaimSearchQueryDep
) -> ClaimSearchResponse:
    """Google's `factchecktools.claims.search`."""
    return await _search(service, settings, q)


@google.get(
    "/claims:imageSearch",
    summary="Search fact-checks by image (not implemented)",
    response_model=FactCheckedClaimImageSearchResponse,
    responses=google_error_responses(401, 429, 501),
    dependencies=[Depends(google_read_access)],
)
async def factchecktools_claims_image_search(
    imageUri: Annotated[str | None, Query(max_length=2000)] = None,
    languageCode: Annotated[str | None, Query(pattern=LANGUAGE_TAG)] = None,
    pageSize: Annotated[int | None, Query(ge=1)] = None,
    pageToken: Annotated[str | None, Query(max_length=400)] = None,
    offset: Annotated[int | None, Query(ge=0)] = None,
) -> FactCheckedClaimImageSearchResponse:
    """Google's `factchecktools.claims.imageSearch`: always 501 `UNIMPLEMENTED`. FactDesk
    matches claims by their text and holds no image matcher; search by the claim's words with
    `claims:search` instead."""
    raise NotImplementedHere(
        "claims:imageSearch is not implemented by FactDesk (it matches claims by text, not "
        "images); use claims:search with the claim's words"
    )
