"""A typed Python client for the FactDesk API, synchronous and asynchronous, on httpx.

    with FactDeskClient("https://factdesk.example.org", api_key="...") as fd:
        result = fd.verify("xAI launched Grok a year after being founded")

    async with AsyncFactDeskClient("https://factdesk.example.org") as fd:
        result = await fd.verify("...")

Answers 429 and 503 are retried (`retries` times) after the `Retry-After` the server sends (or a
short back-off when it sends none); a connection that cannot be made is retried the same way.
A wait longer than `max_retry_wait` is not slept through: the error is raised at once. Other
errors are raised as exceptions built from the problem+json body::

    ClientError                      everything this module raises
    ├── TransportError               no answer: connection refused, timeout (httpx's error is
    │                                the __cause__)
    └── ApiError                     an error answer: .status .title .detail .errors .problem
        ├── BadRequest               400 (malformed body)
        ├── AuthenticationError      401 (missing or wrong API key)
        ├── PermissionDenied         403 (the key's role does not allow the route)
        ├── NotFoundError            404
        ├── PayloadTooLarge          413
        ├── ValidationFailed         422 (.errors: JSON pointer + message per bad field)
        ├── RateLimited              429 once retries are spent (.retry_after)
        ├── ServiceUnavailable       503 once retries are spent (.retry_after)
        └── ServerError              any other 5xx
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from factdesk import __version__
from factdesk.engine.results import SearchHit, Verification
from factdesk.models import Statement, StatementIn, StatementKind
from factdesk.problems import FieldError
from factdesk.schemas import (
    ArticleCheckResponse,
    BatchVerifyResponse,
    ClaimSearchResponse,
    ImportReport,
    SearchResponse,
)

M = TypeVar("M", bound=BaseModel)
RETRIED = frozenset({429, 503})
ImportFormat = Literal["ndjson", "claimreview"]
RetryHook = Callable[[int, float, "httpx.Response | httpx.TransportError"], None]
__all__ = [
    "ApiError",
    "AsyncFactDeskClient",
    "AuthenticationError",
    "BadRequest",
    "ClientError",
    "FactDeskClient",
    "NotFoundError",
    "PayloadTooLarge",
    "PermissionDenied",
    "RateLimited",
    "SearchHit",
    "ServerError",
    "ServiceUnavailable",
    "TransportError",
    "ValidationFailed",
]


class ClientError(Exception):
    """Base of every error this client raises."""


class TransportError(ClientError):
    """The request got no answer (connection refused or reset, timeout)."""


class ApiError(ClientError):
    """The server answered with an error; the fields come from its problem+json body."""

    def __init__(self, status: int, problem: Mapping[str, Any], headers: httpx.Headers) -> None:
        self.status = status
        self.problem = dict(problem)
        self.title = str(problem.get("title") or f"HTTP {status}")
        detail = problem.get("detail")
        self.detail = str(detail) if detail is not None else None
        self.errors = [FieldError.model_validate(e) for e in problem.get("errors") or []]
        self.retry_after = _retry_after(headers.get("retry-after"))
        super().__init__(f"{status} {self.title}" + (f": {self.detail}" if self.detail else ""))


class BadRequest(ApiError):
    """400: the body could not be parsed."""


class AuthenticationError(ApiError):
    """401: a key is needed, or the key sent is not valid."""


class PermissionDenied(ApiError):
    """403: the key's role does not allow this route."""


class NotFoundError(ApiError):
    """404."""


class PayloadTooLarge(ApiError):
    """413: the body is over the server's limit."""


class ValidationFailed(ApiError):
    """422: the request was understood but invalid; `errors` names each bad field."""


class RateLimited(ApiError):
    """429: over the rate limit, after the client's retries."""


class ServiceUnavailable(ApiError):
    """503: the store (or the service) is unavailable, after the client's retries."""


class ServerError(ApiError):
    """Any other 5xx."""


_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFoundError,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
    503: ServiceUnavailable,
}


def _retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header: delay-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def raise_for_problem(response: httpx.Response) -> None:
    """Raise the `ApiError` subclass for an error answer; nothing for a success."""
    if response.is_success:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    problem = body if isinstance(body, dict) else {"detail": response.text[:500] or None}
    kind = _ERRORS.get(response.status_code)
    if kind is None:
        kind = ServerError if response.status_code >= 500 else ApiError
    raise kind(response.status_code, problem, response.headers)


def _ndjson(records: Iterable[StatementIn | Mapping[str, Any]]) -> bytes:
    lines = []
    for record in records:
        if isinstance(record, BaseModel):
            lines.append(record.model_dump_json(exclude_none=True))
        else:
            lines.append(json.dumps(record, ensure_ascii=False, default=str))
    return ("\n".join(lines) + "\n").encode()


class _Requests:
    """What the two clients share: building requests, the retry rule, reading answers."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        retries: int,
        backoff: float,
        max_retry_wait: float,
        on_retry: RetryHook | None,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.on_retry = on_retry
        self.headers = {"User-Agent": f"factdesk-client/{__version__}"}
        if api_key:
            self.headers["X-API-Key"] = api_key

    def delay(self, attempt: int, outcome: httpx.Response | httpx.TransportError) -> float | None:
        """Seconds to wait before trying again, or None to give up now."""
        if attempt >= self.retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in RETRIED:
                return None
            wait = _retry_after(outcome.headers.get("retry-after"))
        elif isinstance(outcome, (httpx.ConnectError, httpx.ConnectTimeout)):
            wait = None  # never reached the server: safe to send again
        else:
            return None
        if wait is None:
            wait = self.backoff * 2**attempt
        if wait > self.max_retry_wait:
            return None
        if self.on_retry is not None:
            self.on_retry(attempt + 1, wait, outcome)
        return wait

    @staticmethod
    def parse(response: httpx.Response, model: type[M]) -> M:
        raise_for_problem(response)
        return model.model_validate_json(response.content)

    @staticmethod
    def verify_body(
        claim: str,
        language: str | None,
        top_k: int | None,
        as_of: dt.date | None,
        kind: StatementKind | str | None,
        use_cache: bool,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"claim": claim}
        extras = {"language": language, "top_k": top_k, "kind": kind}
        body.update({k: v for k, v in extras.items() if v is not None})
        if as_of is not None:
            body["as_of"] = as_of.isoformat()
        if not use_cache:
            body["use_cache"] = False
        return body

    @staticmethod
    def import_request(
        data: str | bytes | Iterable[StatementIn | Mapping[str, Any]] | Mapping[str, Any],
        fmt: ImportFormat,
    ) -> tuple[bytes, str]:
        if fmt == "claimreview":
            if isinstance(data, (str, bytes)):
                raw = data.encode() if isinstance(data, str) else data
            elif isinstance(data, Mapping):
                raw = json.dumps(data, ensure_ascii=False).encode()
            else:
                raw = json.dumps(list(data), ensure_ascii=False, default=str).encode()
            return raw, "application/ld+json"
        if isinstance(data, (str, bytes)):
            return (data.encode() if isinstance(data, str) else data), "application/x-ndjson"
        if isinstance(data, Mapping):
            raise TypeError("NDJSON import takes an iterable of statements, not one mapping")
        return _ndjson(data), "application/x-ndjson"

    @staticmethod
    def claims_params(query: str | None, **google: Any) -> dict[str, Any]:
        params = {"query": query, **google}
        return {k: v for k, v in params.items() if v is not None}


class FactDeskClient:
    """Synchronous client. Use as a context manager, or call `close()`."""

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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._r = _Requests(base_url, api_key, retries, backoff, max_retry_wait, on_retry)
        self._http = httpx.Client(
            base_url=self._r.base_url,
            headers=self._r.headers,
            timeout=timeout,
            transport=transport,
        )

    def __enter__(self) -> FactDeskClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request, retrying as the class docstring says; transport failures are raised
        as `TransportError`. The answer is returned whatever its status."""
        attempt = 0
        while True:
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                wait = self._r.delay(attempt, exc)
                if wait is None:
                    raise TransportError(f"{method} {path}: {exc!r}") from exc
            else:
                wait = self._r.delay(attempt, response)
                if wait is None:
                    return response
            time.sleep(wait)
            attempt += 1

    def verify(
        self,
        claim: str,
        *,
        language: str | None = None,
        top_k: int | None = None,
        as_of: dt.date | None = None,
        kind: StatementKind | str | None = None,
        use_cache: bool = True,
    ) -> Verification:
        """The verdict on one claim with its evidence."""
        body = self._r.verify_body(claim, language, top_k, as_of, kind, use_cache)
        return self._r.parse(self.request("POST", "/v1/verify", json=body), Verification)

    def verify_batch(self, claims: Iterable[str | Mapping[str, Any]]) -> BatchVerifyResponse:
        """Verdicts on many claims, in order; an invalid claim has its own `error`."""
        body = {"claims": [c if isinstance(c, str) else dict(c) for c in claims]}
        response = self.request("POST", "/v1/verify/batch", json=body)
        return self._r.parse(response, BatchVerifyResponse)

    def search(
        self,
        query: str,
        *,
        top_k: int | None = None,
        language: str | None = None,
        kind: StatementKind | str | None = None,
    ) -> SearchResponse:
        """Stored statements matching a query, best first."""
        body = {"query": query, "top_k": top_k, "language": language, "kind": kind}
        payload = {k: v for k, v in body.items() if v is not None}
        return self._r.parse(self.request("POST", "/v1/search", json=payload), SearchResponse)

    def claimreview(
        self, claim: str, *, language: str | None = None, appearance: Iterable[str] = ()
    ) -> dict[str, Any]:
        """The verdict on a claim as schema.org ClaimReview JSON-LD."""
        params: dict[str, Any] = {"claim": claim, "appearance": list(appearance)}
        if language:
            params["language"] = language
        response = self.request("GET", "/v1/claimreview", params=params)
        raise_for_problem(response)
        document: dict[str, Any] = response.json()
        return document

    def import_statements(
        self,
        data: str | bytes | Iterable[StatementIn | Mapping[str, Any]] | Mapping[str, Any],
        *,
        format: ImportFormat = "ndjson",
    ) -> ImportReport:
        """Bulk import: NDJSON text, or statements (models or dicts) sent as NDJSON; with
        `format="claimreview"`, ClaimReview JSON-LD (text, or a JSON-LD object or list)."""
        content, media_type = self._r.import_request(data, format)
        response = self.request(
            "POST", "/v1/statements:import", content=content, headers={"content-type": media_type}
        )
        return self._r.parse(response, ImportReport)

    def get_statement(self, statement_id: str) -> Statement:
        """One stored statement (`NotFoundError` when there is none)."""
        response = self.request("GET", f"/v1/statements/{quote(statement_id, safe='')}")
        return self._r.parse(response, Statement)

    def check_article(self, text: str, *, language: str | None = None) -> ArticleCheckResponse:
        """The article's check-worthy sentences with offsets and verdicts."""
        body: dict[str, Any] = {"text": text}
        if language:
            body["language"] = language
        response = self.request("POST", "/v1/articles:check", json=body)
        return self._r.parse(response, ArticleCheckResponse)

    def search_claims(self, query: str | None = None, **google: Any) -> ClaimSearchResponse:
        """Google Fact Check Tools–style search; keyword arguments are Google's parameter
        names (`languageCode`, `reviewPublisherSiteFilter`, `maxAgeDays`, `pageSize`,
        `pageToken`, `offset`)."""
        params = self._r.claims_params(query, **google)
        response = self.request("GET", "/v1/claims:search", params=params)
        return self._r.parse(response, ClaimSearchResponse)


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
        self._r = _Requests(base_url, api_key, retries, backoff, max_retry_wait, on_retry)
        self._http = httpx.AsyncClient(
            base_url=self._r.base_url,
            headers=self._r.headers,
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
        attempt = 0
        while True:
            try:
                response = await self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                wait = self._r.delay(attempt, exc)
                if wait is None:
                    raise TransportError(f"{method} {path}: {exc!r}") from exc
            else:
                wait = self._r.delay(attempt, response)
                if wait is None:
                    return response
            await asyncio.sleep(wait)
            attempt += 1

    async def verify(
        self,
        claim: str,
        *,
        language: str | None = None,
        top_k: int | None = None,
        as_of: dt.date | None = None,
        kind: StatementKind | str | None = None,
        use_cache: bool = True,
    ) -> Verification:
        """The verdict on one claim with its evidence."""
        body = self._r.verify_body(claim, language, top_k, as_of, kind, use_cache)
        return self._r.parse(await self.request("POST", "/v1/verify", json=body), Verification)

    async def verify_batch(self, claims: Iterable[str | Mapping[str, Any]]) -> BatchVerifyResponse:
        """Verdicts on many claims, in order; an invalid claim has its own `error`."""
        body = {"claims": [c if isinstance(c, str) else dict(c) for c in claims]}
        response = await self.request("POST", "/v1/verify/batch", json=body)
        return self._r.parse(response, BatchVerifyResponse)

    async def search(
        self,
        query: str,
        *,
        top_k: int | None = None,
        language: str | None = None,
        kind: StatementKind | str | None = None,
    ) -> SearchResponse:
        """Stored statements matching a query, best first."""
        body = {"query": query, "top_k": top_k, "language": language, "kind": kind}
        payload = {k: v for k, v in body.items() if v is not None}
        response = await self.request("POST", "/v1/search", json=payload)
        return self._r.parse(response, SearchResponse)

    async def claimreview(
        self, claim: str, *, language: str | None = None, appearance: Iterable[str] = ()
    ) -> dict[str, Any]:
        """The verdict on a claim as schema.org ClaimReview JSON-LD."""
        params: dict[str, Any] = {"claim": claim, "appearance": list(appearance)}
        if language:
            params["language"] = language
        response = await self.request("GET", "/v1/claimreview", params=params)
        raise_for_problem(response)
        document: dict[str, Any] = response.json()
        return document

    async def import_statements(
        self,
        data: str | bytes | Iterable[StatementIn | Mapping[str, Any]] | Mapping[str, Any],
        *,
        format: ImportFormat = "ndjson",
    ) -> ImportReport:
        """Bulk import, as `FactDeskClient.import_statements`."""
        content, media_type = self._r.import_request(data, format)
        response = await self.request(
            "POST", "/v1/statements:import", content=content, headers={"content-type": media_type}
        )
        return self._r.parse(response, ImportReport)

    async def get_statement(self, statement_id: str) -> Statement:
        """One stored statement (`NotFoundError` when there is none)."""
        response = await self.request("GET", f"/v1/statements/{quote(statement_id, safe='')}")
        return self._r.parse(response, Statement)

    async def check_article(
        self, text: str, *, language: str | None = None
    ) -> ArticleCheckResponse:
        """The article's check-worthy sentences with offsets and verdicts."""
        body: dict[str, Any] = {"text": text}
        if language:
            body["language"] = language
        response = await self.request("POST", "/v1/articles:check", json=body)
        return self._r.parse(response, ArticleCheckResponse)

    async def search_claims(self, query: str | None = None, **google: Any) -> ClaimSearchResponse:
        """Google Fact Check Tools–style search (see `FactDeskClient.search_claims`)."""
        params = self._r.claims_params(query, **google)
        response = await self.request("GET", "/v1/claims:search", params=params)
        return self._r.parse(response, ClaimSearchResponse)
