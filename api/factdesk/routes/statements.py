"""Sourced statements: create, read, list, replace, delete, bulk import."""

from __future__ import annotations

import codecs
import datetime as dt
import tempfile
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response, status

from factdesk import statements
from factdesk.claimreview import JSON_LD
from factdesk.deps import SettingsDep, StoreDep, VerifierDep
from factdesk.errors import NotFound, UnprocessableContent, problem_responses
from factdesk.examples import example_reply
from factdesk.limits import Limit
from factdesk.models import Statement, StatementIn, StatementKind
from factdesk.schemas import (
    EXAMPLE_STATEMENT,
    ImportReport,
    StatementBody,
    StatementPage,
    StatementWriteResponse,
)
from factdesk.security import read_access, write_access
from factdesk.statement_examples import (
    IMPORT_REPORT,
    STATEMENT,
    STATEMENT_CREATED,
    STATEMENT_PAGE,
    STATEMENT_REPLACED,
    STATEMENT_WRITE,
)
from factdesk.store.base import StatementFilter

router = APIRouter(prefix="/v1", tags=["statements"])
StatementId = Annotated[str, Path(min_length=1, max_length=200, examples=["seed-en-016"])]
_NEW = {k: v for k, v in EXAMPLE_STATEMENT.items() if k != "id"}


@router.post(
    "/statements",
    summary="Add statements",
    status_code=status.HTTP_201_CREATED,
    response_model=StatementWriteResponse,
    responses={
        **example_reply(STATEMENT_WRITE, 201),
        **problem_responses(400, 401, 403, 413, 422, 429, 503),
    },
    dependencies=[Depends(write_access)],
)
def create_statements(
    verifier: VerifierDep,
    body: Annotated[
        StatementBody,
        Body(
            openapi_examples={
                "one": {"summary": "One statement", "value": _NEW},
                "many": {"summary": "A list", "value": [_NEW]},
            }
        ),
    ],
) -> StatementWriteResponse:
    """Store one statement or a list, atomically: all are stored or none. A statement with the
    `id` of a stored one replaces it. Statements are parsed and embedded on write."""
    items = body if isinstance(body, list) else [body]
    if not items:
        raise UnprocessableContent("the list of statements is empty")
    return statements.write(verifier, items)


@router.get(
    "/statements/{statement_id}",
    summary="Get a statement",
    response_model=Statement,
    responses={**example_reply(STATEMENT), **problem_responses(401, 404, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
def get_statement(statement_id: StatementId, store: StoreDep) -> Statement:
    """One stored statement with its source and timestamps."""
    found = store.get(statement_id)
    if found is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    return found


@router.get(
    "/statements",
    summary="List statements",
    response_model=StatementPage,
    responses={**example_reply(STATEMENT_PAGE), **problem_responses(401, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
def list_statements(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        Annotated[str, Limit("max_query_chars")] | None, Query(description="Full-text match.")
    ] = None,
    language: Annotated[str | None, Query(max_length=20, examples=["ko"])] = None,
    kind: StatementKind | None = None,
    source_url: Annotated[str | None, Query(max_length=2000)] = None,
    published_after: dt.date | None = None,
    published_before: dt.date | None = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[
        int,
        Query(ge=1, description="Page size; a larger one is clamped to the maximum, not refused."),
        Limit("max_page_size", clamped=True),
    ] = 50,
) -> StatementPage:
    """Statements ordered by id, filtered, one page at a time (`next_cursor`)."""
    flt = StatementFilter(
        language=language,
        kind=kind,
        source_url=source_url,
        published_after=published_after,
        published_before=published_before,
    )
    return statements.page(store, flt, q, cursor, min(limit, settings.max_page_size))


@router.put(
    "/statements/{statement_id}",
    summary="Replace a statement",
    response_model=Statement,
    responses={
        **example_reply(STATEMENT_REPLACED),
        **problem_responses(400, 401, 403, 413, 422, 429, 503),
        201: {
            "model": Statement,
            "description": "Created",
            "content": {"application/json": {"example": STATEMENT_CREATED}},
        },
    },
    dependencies=[Depends(write_access)],
)
def put_statement(
    statement_id: StatementId,
    body: Annotated[StatementIn, Body(openapi_examples={"one": {"value": _NEW}})],
    verifier: VerifierDep,
    response: Response,
) -> Statement:
    """Replace the statement with this id (created when absent: 201). An `id` in the body, if
    given, must equal the one in the path."""
    if body.id is not None and body.id != statement_id:
        raise UnprocessableContent(f"body id {body.id!r} differs from path id {statement_id!r}")
    written = statements.write(verifier, [body.model_copy(update={"id": statement_id})])
    if written.created:
        response.status_code = status.HTTP_201_CREATED
    return written.statements[0]


@router.delete(
    "/statements/{statement_id}",
    summary="Delete a statement",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 422, 429, 503),
    dependencies=[Depends(write_access)],
)
def delete_statement(statement_id: StatementId, store: StoreDep) -> Response:
    """Remove a statement; cached verdicts that cited it are no longer served."""
    if not store.delete(statement_id):
        raise NotFound(f"no statement with id {statement_id!r}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


_CLAIM_REVIEW_EXAMPLE = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/grok-year",
    "claimReviewed": "xAI launched Grok a year after it was founded",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "datePublished": "2024-03-14",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A. Poster"},
        "datePublished": "2024-03-12",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
}

_IMPORT_EXAMPLE = "\n".join(
    [
        '{"id": "ex-1", "text": "ChatGPT was launched in November 2022.", '
        '"source": {"title": "Example", "published_at": "2024-03-13"}}',
        '{"text": "", "source": {"title": "Example"}}',
    ]
)


@router.post(
    "/statements:import",
    summary="Import NDJSON",
    response_model=ImportReport,
    responses={
        **example_reply(IMPORT_REPORT),
        **problem_responses(401, 403, 413, 422, 429, 503),
    },
    dependencies=[Depends(write_access)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {
                    "schema": {"type": "string", "format": "binary"},
                    "example": _IMPORT_EXAMPLE,
                },
                JSON_LD: {
                    "schema": {
                        "description": "ClaimReview JSON-LD: one object, an array, or a "
                        "page's `@graph`.",
                        "anyOf": [{"type": "object"}, {"type": "array", "items": {}}],
                    },
                    "example": _CLAIM_REVIEW_EXAMPLE,
                },
            },
        }
    },
)
async def import_statements(request: Request, verifier: VerifierDep) -> ImportReport:
    """Bulk import: one statement per line (NDJSON), streamed, up to the configured import size
    (100 MB by default). Valid lines are stored — in transactions of a few hundred — even when
    others are rejected; each rejected line is reported with its number and reason. A body that
    is not UTF-8 text, or has no statement line at all, stores nothing (422). Re-importing lines
    with the same ids updates them, so an interrupted import can simply be re-run.

    With `Content-Type: application/ld+json` the body is ClaimReview JSON-LD instead — one
    object, an array, or a page's `@graph` — and each ClaimReview becomes a `fact_check`
    statement with its rating, claimant, dates, URL and publisher; `line` in a rejection is
    then the ClaimReview's position in the document. Re-importing a review updates it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with tempfile.SpooledTemporaryFile(
        max_size=8 * 1024 * 1024, mode="w+", encoding="utf-8"
    ) as buf:
        offset = 0
        try:
            async for chunk in request.stream():
                buf.write(decoder.decode(chunk))
                offset += len(chunk)
            buf.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError as exc:
            raise UnprocessableContent(
                f"body is not UTF-8 (bad byte near offset {offset + exc.start}); nothing stored"
            ) from exc
        buf.seek(0)
        text = buf.read()
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return await statements.import_text(verifier, text, claimreview=media_type == JSON_LD)
