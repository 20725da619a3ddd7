"""The statement routes' work: writing and answering with what was stored, paging with opaque
cursors, and importing a body of NDJSON or ClaimReview JSON-LD."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool

from factdesk.engine.analysis.tokens import lexical_tokens
from factdesk.engine.service import Verifier
from factdesk.errors import UnprocessableContent
from factdesk.ingest import MalformedInput, import_records, records_from_text
from factdesk.models import StatementIn
from factdesk.schemas import ImportReport, RejectedLine, StatementPage, StatementWriteResponse
from factdesk.store.base import StatementFilter, StatementStore


def write(verifier: Verifier, items: Sequence[StatementIn]) -> StatementWriteResponse:
    """Store `items` in one transaction; the reply holds them as stored."""
    result = verifier.write(items)
    stored = verifier.store.get_many(result.created + result.updated)
    return StatementWriteResponse(
        created=result.created,
        updated=result.updated,
        statements=[stored[i] for i in result.created + result.updated if i in stored],
        store_generation=result.generation,
    )


def _encode_cursor(statement_id: str) -> str:
    return base64.urlsafe_b64encode(statement_id.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        padded = cursor.encode() + b"=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnprocessableContent("cursor is not one this API issued") from exc


def page(
    store: StatementStore, flt: StatementFilter, q: str | None, cursor: str | None, limit: int
) -> StatementPage:
    """One page of statements in id order after `cursor`, matching `flt` and the words of `q`."""
    tokens = lexical_tokens(q) if q else []
    if q and not tokens:
        return StatementPage(items=[])  # only stop words or punctuation: nothing can match
    items = store.page(flt, match_tokens=tokens, after=_decode_cursor(cursor), limit=limit + 1)
    if len(items) <= limit:
        return StatementPage(items=items)
    items = items[:limit]
    return StatementPage(items=items, next_cursor=_encode_cursor(items[-1].id))


async def import_text(verifier: Verifier, text: str, *, claimreview: bool) -> ImportReport:
    """Import a decoded body: NDJSON, or ClaimReview JSON-LD when `claimreview`. Valid records
    are stored even when others are rejected; a body with none stores nothing (422)."""
    if "\x00" in text:
        raise UnprocessableContent("body contains NUL bytes; nothing stored")
    if claimreview:
        try:
            records = list(records_from_text(text, "claimreview"))
        except MalformedInput as exc:
            raise UnprocessableContent(f"{exc}; nothing stored") from exc
    else:
        records = list(records_from_text(text, "ndjson"))
    if not records:
        raise UnprocessableContent("body holds no NDJSON lines; nothing stored")
    outcome = await run_in_threadpool(import_records, verifier, records)
    return ImportReport(
        created=outcome.created,
        updated=outcome.updated,
        rejected=len(outcome.rejected),
        errors=[RejectedLine(line=r.line, reason=r.reason) for r in outcome.rejected],
        store_generation=outcome.generation,
    )
