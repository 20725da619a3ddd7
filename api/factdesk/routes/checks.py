"""Checks to publish: the embeddable verdict card, a check's permalink, and oEmbed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import HttpUrl

from factdesk.checks import (
    CheckRef,
    UnknownCheck,
    card_policy,
    check_of_url,
    oembed,
    oembed_url,
    permalink,
    render_card,
)
from factdesk.config import Settings
from factdesk.deps import ReaderLanguagesDep, ServiceDep, SettingsDep
from factdesk.engine.results import Verification
from factdesk.errors import NotFound, NotImplementedHere, problem_responses
from factdesk.examples import OEMBED, VERIFICATION, example_reply
from factdesk.limits import Limit
from factdesk.models import LANGUAGE_TAG
from factdesk.routes.claims import JSONLDResponse, build_claim_review, verify_request_of_query
from factdesk.schemas import OEmbed, VerifyRequest
from factdesk.security import read_access
from factdesk.verification import VerificationService

router = APIRouter(prefix="/v1", tags=["checks"])

HTML = "text/html"
_CARD_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The verdict card: a self-contained HTML page with the ClaimReview "
        "JSON-LD inside, framable by the pages `FACTDESK_EMBED_FRAME_ANCESTORS` allows.",
        "content": {HTML: {"schema": {"type": "string"}}},
    }
}


class CheckFormat(StrEnum):
    """`html`: the card. `json`: the `Verification`. `claimreview`: ClaimReview JSON-LD."""

    HTML = "html"
    JSON = "json"
    CLAIMREVIEW = "claimreview"


def _headers(settings: Settings, link: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": card_policy(settings.embed_frame_ancestors),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Link": f'<{link}>; rel="canonical"',
        "Cache-Control": "public, max-age=300",
    }


async def _verdict(
    service: VerificationService, check: CheckRef, readers: tuple[str, ...]
) -> tuple[VerifyRequest, Verification]:
    req = check.request()
    return req, await service.verify(req, accepted=readers)


async def _card(
    service: VerificationService,
    settings: Settings,
    request: Request,
    check: CheckRef,
    readers: tuple[str, ...],
) -> HTMLResponse:
    req, result = await _verdict(service, check, readers)
    review = await build_claim_review(service, result, settings, request, req)
    base = str(request.base_url)
    link = permalink(base, check)
    page = render_card(
        result,
        review,
        link=link,
        oembed=oembed_url(base, check),
        org_name=settings.claimreview_org_name,
    )
    return HTMLResponse(page, headers=_headers(settings, link))


@router.get(
    "/embed",
    summary="An embeddable verdict card",
    response_class=HTMLResponse,
    responses={**_CARD_CONTENT, **problem_responses(401, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def embed(
    request: Request,
    service: ServiceDep,
    settings: SettingsDep,
    readers: ReaderLanguagesDep,
    claim: Annotated[
        Annotated[str, Limit("max_claim_chars")],
        Query(min_length=1, examples=["xAI launched Grok a year after being founded"]),
    ],
    language: Annotated[
        str | None, Query(pattern=LANGUAGE_TAG, description="BCP-47 hint about the claim.")
    ] = None,
    claim_date: Annotated[dt.date | None, Query(description="When the claim was made.")] = None,
    claimant: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Who made the claim.")
    ] = None,
    reply_language: Annotated[
        str | None, Query(pattern=LANGUAGE_TAG, description="Language of the card (en, ko).")
    ] = None,
    appearance: Annotated[
        list[HttpUrl] | None,
        Query(max_length=10, description="Pages where the claim appeared (repeatable)."),
    ] = None,
) -> HTMLResponse:
    """The verdict on the claim as a small self-contained HTML card for a CMS page's
    `<iframe>`: the claim, the verdict in words, the summary, the deciding sources (or, for
    `not_enough_evidence`, the closest statements, labelled as not evidence), who checked it,
    the permalink, and the ClaimReview JSON-LD in a `<script type="application/ld+json">`.
    Its `Content-Security-Policy` allows framing by `FACTDESK_EMBED_FRAME_ANCESTORS`; its
    `Link: rel="canonical"` is the check's permalink (`GET /v1/checks/{check_id}`)."""
    req = verify_request_of_query(
        claim=claim,
        language=language,
        claim_date=claim_date,
        claimant=claimant,
        reply_language=reply_language,
        appearance=appearance,
    )
    return await _card(service, settings, request, CheckRef.of(req), readers)


@router.get(
    "/checks/{check_id}",
    summary="A check's permalink",
    response_model=Verification,
    responses={
        200: {
            "description": "The card (`format=html`, the default), the `Verification` "
            "(`format=json`) or ClaimReview JSON-LD (`format=claimreview`).",
            "content": {
                # The verify example's claim: its first evidence item shown.
                "application/json": {"example": VERIFICATION},
                HTML: {"schema": {"type": "string"}},
                "application/ld+json": {"schema": {"$ref": "#/components/schemas/ClaimReview"}},
            },
        },
        **problem_responses(401, 404, 422, 429, 503),
    },
    dependencies=[Depends(read_access)],
)
async def check(
    request: Request,
    service: ServiceDep,
    settings: SettingsDep,
    readers: ReaderLanguagesDep,
    check_id: Annotated[
        str,
        Path(
            min_length=3,
            max_length=8000,
            description="The check's id, as in the `Link` of `GET /v1/embed` or the `url` of "
            "its ClaimReview: the same request always has the same id.",
        ),
    ],
    format: Annotated[CheckFormat, Query(description="What to answer with.")] = CheckFormat.HTML,
) -> Response:
    """A stable, shareable address for one check: the same claim (with its date, claimant,
    appearances and reply language) always has the same id, on every worker and after a
    restart. The verdict is computed anew against the store's current state (cached like
    `POST /v1/verify`)."""
    try:
        ref = CheckRef.decode(check_id)
    except UnknownCheck as exc:
        raise NotFound(str(exc)) from exc
    if format is CheckFormat.HTML:
        return await _card(service, settings, request, ref, readers)
    req, result = await _verdict(service, ref, readers)
    if format is CheckFormat.CLAIMREVIEW:
        review = await build_claim_review(service, result, settings, request, req)
        return JSONLDResponse(review.jsonld())
    return JSONResponse(result.model_dump(mode="json"))


@router.get(
    "/oembed",
    summary="oEmbed for a check's permalink",
    response_model=OEmbed,
    responses={**example_reply(OEMBED), **problem_responses(401, 404, 422, 429, 501, 503)},
    dependencies=[Depends(read_access)],
)
async def oembed_endpoint(
    request: Request,
    service: ServiceDep,
    settings: SettingsDep,
    readers: ReaderLanguagesDep,
    url: Annotated[
        str,
        Query(
            min_length=1,
            max_length=8200,
            description="A check's permalink on this service (`/v1/checks/{check_id}`).",
        ),
    ],
    format: Annotated[
        str, Query(description="`json`; `xml` is answered 501, as oEmbed says.")
    ] = "json",
    maxwidth: Annotated[int | None, Query(ge=50, le=4000)] = None,
    maxheight: Annotated[int | None, Query(ge=50, le=4000)] = None,
) -> OEmbed:
    """The oEmbed 1.0 answer (`type: rich`) for a check's permalink, so that a CMS that
    speaks oEmbed (WordPress does) embeds the verdict card from its URL: `html` is an
    `<iframe>` of the card. The card's page links here (`rel="alternate"
    type="application/json+oembed"`) for discovery."""
    if format != "json":
        raise NotImplementedHere("only format=json is answered")
    base = str(request.base_url)
    try:
        ref = check_of_url(url, base)
    except UnknownCheck as exc:
        raise NotFound(str(exc)) from exc
    _, result = await _verdict(service, ref, readers)
    return OEmbed.model_validate(
        oembed(
            result,
            ref,
            base_url=base,
            provider=settings.claimreview_org_name,
            maxwidth=maxwidth,
            maxheight=maxheight,
        )
    )
