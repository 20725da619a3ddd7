"""The asynchronous client (`AsyncFactDeskClient`): the methods of `FactDeskClient`, awaited."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any, Literal, overload

import httpx

import factdesk.client.calls as calls
from factdesk.client.calls import (
    Call,
    Card,
    CheckFormat,
    DateLike,
    ImportFormat,
    PageLike,
    ResponseFormat,
    RetryHook,
    RetryPolicy,
    StatementLike,
    T,
)
from factdesk.client.errors import TransportError
from factdesk.engine.results import StanceOutcome, Verification
from factdesk.google_models import (
    ClaimReviewMarkupPage,
    ClaimSearchResponse,
    ListClaimReviewMarkupPagesResponse,
)
from factdesk.models import Statement, StatementKind
from factdesk.schemas import (
    ArticleCheckResponse,
    BatchVerifyResponse,
    Health,
    ImportReport,
    OEmbed,
    Readiness,
    SearchResponse,
    StatementPage,
    StatementWriteResponse,
    Stats,
)


class AsyncFactDeskClient:
    """Asynchronous client with the methods of `FactDeskClient`, awaited."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float | httpx.Timeout = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_wait: float = 60.0,
        on_retry: RetryHook | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._policy = RetryPolicy(retries, backoff, max_retry_wait, on_retry)
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers=calls.client_headers(api_key),
            timeout=timeout,
            transport=transport,
        )

    async def __aenter__(self) -> AsyncFactDeskClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """As `FactDeskClient.request`, without blocking the event loop while waiting."""
        return await self._request(method, path, True, kwargs)

    async def _request(
        self, method: str, path: str, retry: bool, kwargs: dict[str, Any]
    ) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = await self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                wait = self._policy.delay(attempt, exc) if retry else None
                if wait is None:
                    raise TransportError(f"{method} {path}: {exc!r}") from exc
            else:
                wait = self._policy.delay(attempt, response) if retry else None
                if wait is None:
                    return response
            await asyncio.sleep(wait)
            attempt += 1

    async def _send(self, call: Call[T]) -> T:
        return call.read(await self._request(call.method, call.path, call.retry, call.kwargs()))

    @overload
    async def verify(
        self,
        claim: str,
        *,
        language: str | None = ...,
        top_k: int | None = ...,
        as_of: DateLike | None = ...,
        kind: StatementKind | str | None = ...,
        claim_date: DateLike | None = ...,
        appearance: Iterable[str] = ...,
        claimant: str | None = ...,
        reply_language: str | None = ...,
        format: Literal["json"] = ...,
        use_cache: bool = ...,
    ) -> Verification: ...

    @overload
    async def verify(
        self,
        claim: str,
        *,
        language: str | None = ...,
        top_k: int | None = ...,
        as_of: DateLike | None = ...,
        kind: StatementKind | str | None = ...,
        claim_date: DateLike | None = ...,
        appearance: Iterable[str] = ...,
        claimant: str | None = ...,
        reply_language: str | None = ...,
        format: Literal["claimreview"],
        use_cache: bool = ...,
    ) -> dict[str, Any]: ...

    async def verify(
        self,
        claim: str,
        *,
        language: str | None = None,
        top_k: int | None = None,
        as_of: DateLike | None = None,
        kind: StatementKind | str | None = None,
        claim_date: DateLike | None = None,
        appearance: Iterable[str] = (),
        claimant: str | None = None,
        reply_language: str | None = None,
        format: ResponseFormat = "json",
        use_cache: bool = True,
    ) -> Verification | dict[str, Any]:
        """The verdict on one claim with its evidence; with `format="claimreview"`, the verdict
        as schema.org ClaimReview JSON-LD (a dict). `claim_date` places the claim's relative
        dates ("last year", "11일"); `appearance` lists pages where the claim appeared and
        `claimant` who made it (both for the ClaimReview); `reply_language` asks for the
        summary and reasons in that language. Fields left out are not sent (a server older
        than a field refuses it with `ValidationFailed`)."""
        body = calls.verify_body(
            claim,
            language=language,
            top_k=top_k,
            as_of=as_of,
            kind=kind,
            claim_date=claim_date,
            appearance=appearance,
            claimant=claimant,
            reply_language=reply_language,
            format=format,
            use_cache=use_cache,
        )
        result: Verification | dict[str, Any] = await self._send(calls.verify(body))
        return result

    async def verify_batch(self, claims: Iterable[str | Mapping[str, Any]]) -> BatchVerifyResponse:
        """Verdicts on many claims, in order; an invalid claim has its own `error`. A claim is a
        string or a `verify` body (`calls.verify_body` builds one)."""
        return await self._send(calls.verify_batch(claims))

    async def search(
        self,
        query: str,
        *,
        top_k: int | None = None,
        language: str | None = None,
        kind: StatementKind | str | None = None,
        use_cache: bool = True,
    ) -> SearchResponse:
        """Stored statements matching a query, best first."""
        return await self._send(calls.search(query, top_k, language, kind, use_cache))

    async def stance(self, claim: str, evidence: str) -> StanceOutcome:
        """Whether one evidence sentence supports or refutes the claim, with reasons."""
        return await self._send(calls.stance(claim, evidence))

    async def claimreview(
        self,
        claim: str,
        *,
        language: str | None = None,
        appearance: Iterable[str] = (),
        claim_date: DateLike | None = None,
        claimant: str | None = None,
    ) -> dict[str, Any]:
        """`GET /v1/claimreview`: the verdict as ClaimReview JSON-LD (the fields as
        `verify(..., format="claimreview")` takes them; left out when not given)."""
        call = calls.claimreview(claim, language, appearance, claim_date, claimant)
        return await self._send(call)

    async def embed(
        self,
        claim: str,
        *,
        language: str | None = None,
        appearance: Iterable[str] = (),
        claim_date: DateLike | None = None,
        claimant: str | None = None,
        reply_language: str | None = None,
    ) -> Card:
        """`GET /v1/embed`: the verdict card for a CMS page's iframe, and its permalink."""
        call = calls.embed(claim, language, appearance, claim_date, claimant, reply_language)
        return await self._send(call)

    @overload
    async def get_check(self, check_id: str, *, format: Literal["json"] = ...) -> Verification: ...

    @overload
    async def get_check(
        self, check_id: str, *, format: Literal["claimreview"]
    ) -> dict[str, Any]: ...

    async def get_check(
        self, check_id: str, *, format: CheckFormat = "json"
    ) -> Verification | dict[str, Any]:
        """A check by its permalink id (`Card.check_id`): the verdict, or its ClaimReview."""
        return await self._send(calls.get_check(check_id, format))

    async def oembed(
        self, url: str, *, maxwidth: int | None = None, maxheight: int | None = None
    ) -> OEmbed:
        """The oEmbed answer for a check's permalink (what a CMS asks to embed it)."""
        return await self._send(calls.oembed(url, maxwidth, maxheight))

    async def check_article(
        self,
        text: str,
        *,
        language: str | None = None,
        published_at: DateLike | None = None,
        use_cache: bool = True,
    ) -> ArticleCheckResponse:
        """The article's check-worthy sentences with offsets and verdicts; its relative dates
        resolve against `published_at`."""
        return await self._send(calls.check_article(text, language, published_at, use_cache))

    async def create_statements(
        self, statements: StatementLike | Iterable[StatementLike]
    ) -> StatementWriteResponse:
        """Store one statement or a list, all or none; a stored `id` is replaced."""
        return await self._send(calls.create_statements(statements))

    async def get_statement(self, statement_id: str) -> Statement:
        """One stored statement (`NotFoundError` when there is none)."""
        return await self._send(calls.get_statement(statement_id))

    async def update_statement(self, statement_id: str, statement: StatementLike) -> Statement:
        """Replace the statement with this id (`PUT`; created when absent)."""
        return await self._send(calls.replace_statement(statement_id, statement))

    async def delete_statement(self, statement_id: str) -> None:
        """Remove a statement (`NotFoundError` when there is none)."""
        await self._send(calls.delete_statement(statement_id))

    async def list_statements(
        self,
        q: str | None = None,
        *,
        language: str | None = None,
        kind: StatementKind | str | None = None,
        source_url: str | None = None,
        published_after: DateLike | None = None,
        published_before: DateLike | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> StatementPage:
        """One page of stored statements by id; pass `next_cursor` back as `cursor`."""
        return await self._send(
            calls.list_statements(
                q,
                language=language,
                kind=kind,
                source_url=source_url,
                published_after=published_after,
                published_before=published_before,
                cursor=cursor,
                limit=limit,
            )
        )

    async def import_statements(
        self,
        data: str | bytes | Iterable[StatementLike] | Mapping[str, Any],
        *,
        format: ImportFormat = "ndjson",
    ) -> ImportReport:
        """Bulk import: NDJSON text, or statements (models or dicts) sent as NDJSON; with
        `format="claimreview"`, ClaimReview JSON-LD (text, or a JSON-LD object or list)."""
        return await self._send(calls.import_statements(data, format))

    async def search_claims(self, query: str | None = None, **google: Any) -> ClaimSearchResponse:
        """Google Fact Check Tools–style search; keyword arguments are Google's parameter
        names (`languageCode`, `reviewPublisherSiteFilter`, `maxAgeDays`, `pageSize`,
        `pageToken`, `offset`)."""
        return await self._send(calls.search_claims(query, google))

    async def create_page(self, page: PageLike) -> ClaimReviewMarkupPage:
        """Google's `pages.create`: a page of ClaimReview markup, stored as fact-checks."""
        return await self._send(calls.create_page(page))

    async def get_page(self, page_id: str) -> ClaimReviewMarkupPage:
        """Google's `pages.get`, by id or `pages/{id}` name."""
        return await self._send(calls.get_page(page_id))

    async def update_page(self, page_id: str, page: PageLike) -> ClaimReviewMarkupPage:
        """Google's `pages.update` (`Conflict` when its `versionId` is stale)."""
        return await self._send(calls.update_page(page_id, page))

    async def delete_page(self, page_id: str) -> None:
        """Google's `pages.delete`: the page and its statements."""
        await self._send(calls.delete_page(page_id))

    async def list_pages(
        self,
        *,
        url: str | None = None,
        organization: str | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
    ) -> ListClaimReviewMarkupPagesResponse:
        """Google's `pages.list`, by `url` or `organization` (all pages with neither)."""
        return await self._send(calls.list_pages(url, organization, page_size, page_token))

    async def stats(self) -> Stats:
        """Statement counts by kind and language, and the store generation."""
        return await self._send(calls.stats())

    async def health(self) -> Health:
        """`/healthz`: the process answers."""
        return await self._send(calls.health())

    async def ready(self) -> Readiness:
        """`/readyz`: store, models, cache and seed; a server that is not ready answers too."""
        return await self._send(calls.ready())

    async def iter_statements(
        self, q: str | None = None, *, limit: int | None = None, **filters: Any
    ) -> AsyncIterator[Statement]:
        """Every matching statement, page after page (`list_statements`'s filters)."""
        cursor: str | None = None
        while True:
            page = await self.list_statements(q, cursor=cursor, limit=limit, **filters)
            for item in page.items:
                yield item
            if page.next_cursor is None:
                return
            cursor = page.next_cursor
