"""Google's ClaimReview Markup API (`/v1alpha1/pages`): publish fact-checks as pages of
ClaimReview markup, each markup stored as a `fact_check` statement (`factdesk.pages`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query

from factdesk import pages
from factdesk.deps import SettingsDep, StoreDep, VerifierDep
from factdesk.errors import google_error_responses
from factdesk.examples import example_reply
from factdesk.google_models import ClaimReviewMarkupPage, ListClaimReviewMarkupPagesResponse
from factdesk.routes.google import PREFIX, TAG, standard_parameters
from factdesk.security import google_read_access, google_write_access
from factdesk.statement_examples import DELETED, MARKUP_PAGE, MARKUP_PAGES

router = APIRouter(prefix=PREFIX, tags=[TAG], dependencies=[Depends(standard_parameters)])

PageId = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="The id in the page's `name` (`pages/{id}`).",
        examples=["3f2a9c0d1e4b5a67"],
    ),
]
_EXAMPLE: dict[str, Any] = {
    "pageUrl": "https://news.example.org/checks/grok-founding",
    "publishDate": "2024-03-14",
    "claimReviewAuthor": {"name": "Example News Fact Check"},
    "claimReviewMarkups": [
        {
            "claimReviewed": "xAI launched Grok a year after being founded",
            "claimDate": "2024-03-11",
            "claimAuthor": {"name": "A. Poster", "jobTitle": "Commentator"},
            "claimAppearances": ["https://social.example.net/p/1"],
            "rating": {
                "textualRating": "False",
                "ratingValue": 1,
                "bestRating": 5,
                "worstRating": 1,
                "ratingExplanation": "Grok was announced four months after xAI was founded.",
            },
        }
    ],
}
PageBody = Annotated[ClaimReviewMarkupPage, Body(openapi_examples={"page": {"value": _EXAMPLE}})]


@router.post(
    "/pages",
    summary="Create a ClaimReview markup page",
    response_model=ClaimReviewMarkupPage,
    response_model_exclude_none=True,
    responses={**example_reply(MARKUP_PAGE), **google_error_responses(400, 401, 403, 429, 503)},
    dependencies=[Depends(google_write_access)],
)
def factchecktools_pages_create(verifier: VerifierDep, page: PageBody) -> ClaimReviewMarkupPage:
    """Google's `factchecktools.pages.create`: store a page of ClaimReview markup under a new
    `name` (`pages/{id}`) with a `versionId`. Each markup (`claimReviewed` and
    `rating.textualRating` required) becomes a `fact_check` statement citing `pageUrl`, found
    by `/v1/verify` and `claims:search` at once. Needs a write key."""
    return pages.create(verifier, page)


@router.get(
    "/pages/{page_id}",
    summary="Get a ClaimReview markup page",
    response_model=ClaimReviewMarkupPage,
    response_model_exclude_none=True,
    responses={**example_reply(MARKUP_PAGE), **google_error_responses(401, 404, 429, 503)},
    dependencies=[Depends(google_read_access)],
)
def factchecktools_pages_get(store: StoreDep, page_id: PageId) -> ClaimReviewMarkupPage:
    """Google's `factchecktools.pages.get`: the page as it was last written."""
    return pages.get(store, page_id)


@router.get(
    "/pages",
    summary="List ClaimReview markup pages",
    response_model=ListClaimReviewMarkupPagesResponse,
    response_model_exclude_none=True,
    responses={**example_reply(MARKUP_PAGES), **google_error_responses(400, 401, 429, 503)},
    dependencies=[Depends(google_read_access)],
)
def factchecktools_pages_list(
    store: StoreDep,
    settings: SettingsDep,
    url: Annotated[
        str | None,
        Query(max_length=2000, description="The page with this exact `pageUrl`."),
    ] = None,
    organization: Annotated[
        str | None,
        Query(
            max_length=253,
            description="Pages on this site or its subdomains (e.g. `example.org`); not with "
            "`url`.",
        ),
    ] = None,
    pageSize: Annotated[
        int, Query(ge=1, description="Pages per reply; larger values are clamped.")
    ] = 10,
    pageToken: Annotated[
        str | None, Query(max_length=400, description="`nextPageToken` of the previous reply.")
    ] = None,
    offset: Annotated[
        int, Query(ge=0, le=10_000, description="Start position; ignored with `pageToken`.")
    ] = 0,
) -> ListClaimReviewMarkupPagesResponse:
    """Google's `factchecktools.pages.list`: pages by `url` or `organization` (all pages with
    neither), in a stable order, `pageSize` at a time."""
    return pages.list_pages(
        store,
        url=url,
        organization=organization,
        page_size=min(pageSize, settings.max_page_size),
        page_token=pageToken,
        offset=offset,
    )


@router.put(
    "/pages/{page_id}",
    summary="Update a ClaimReview markup page",
    response_model=ClaimReviewMarkupPage,
    response_model_exclude_none=True,
    responses={
        **example_reply(MARKUP_PAGE),
        **google_error_responses(400, 401, 403, 404, 409, 429, 503),
    },
    dependencies=[Depends(google_write_access)],
)
def factchecktools_pages_update(
    verifier: VerifierDep, page_id: PageId, page: PageBody
) -> ClaimReviewMarkupPage:
    """Google's `factchecktools.pages.update`: replace the page and its statements (a markup
    left out is no longer matched) in one write. With the `versionId` of the page read, the
    update is refused with 409 `ABORTED` when the page was changed since; the reply carries
    the new `versionId`. Needs a write key."""
    return pages.update(verifier, page_id, page)


@router.delete(
    "/pages/{page_id}",
    summary="Delete a ClaimReview markup page",
    response_model=dict[str, Any],
    responses={**example_reply(DELETED), **google_error_responses(401, 403, 404, 429, 503)},
    dependencies=[Depends(google_write_access)],
)
def factchecktools_pages_delete(store: StoreDep, page_id: PageId) -> dict[str, Any]:
    """Google's `factchecktools.pages.delete`: the page and its statements, in one write;
    answers `{}` (Google's `Empty`). Needs a write key."""
    pages.delete(store, page_id)
    return {}
