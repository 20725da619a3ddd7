"""Each route as a `Call`: the request to send and how to read its answer, shared by the
synchronous and the asynchronous client (which only differ in how they send), and the retry
rule both follow."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from factdesk import __version__
from factdesk.client.errors import raise_for_problem, retry_after
from factdesk.engine.results import StanceOutcome, Verification
from factdesk.google_models import (
    ClaimReviewMarkupPage,
    ClaimSearchResponse,
    ListClaimReviewMarkupPagesResponse,
)
from factdesk.models import Statement, StatementIn, StatementKind
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

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
RETRIED = frozenset({429, 503})
ImportFormat = Literal["ndjson", "claimreview"]
ResponseFormat = Literal["json", "claimreview"]
DateLike = dt.date | str
StatementLike = StatementIn | Mapping[str, Any]
PageLike = ClaimReviewMarkupPage | Mapping[str, Any]
RetryHook = Callable[[int, float, "httpx.Response | httpx.TransportError"], None]


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request and the reading of its answer; `retry=False` sends it once."""

    method: str
    path: str
    read: Callable[[httpx.Response], T]
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    retry: bool = True

    def kwargs(self) -> dict[str, Any]:
        sent: dict[str, Any] = {"params": self.params, "headers": dict(self.headers)}
        if self.json is not None:
            sent["json"] = self.json
        if self.content is not None:
            sent["content"] = self.content
        return sent


class RetryPolicy:
    """When to send again: 429 and 503 after their `Retry-After` (or a doubling back-off), and a
    connection that could not be made; never a wait longer than `max_retry_wait`."""

    def __init__(
        self, retries: int, backoff: float, max_retry_wait: float, on_retry: RetryHook | None
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.retries = retries
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.on_retry = on_retry

    def delay(self, attempt: int, outcome: httpx.Response | httpx.TransportError) -> float | None:
        """Seconds to wait before trying again, or None to give up now."""
        if attempt >= self.retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in RETRIED:
                return None
            wait = retry_after(outcome.headers.get("retry-after"))
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


def client_headers(api_key: str | None) -> dict[str, str]:
    headers = {"User-Agent": f"factdesk-client/{__version__}"}
    if api_key:
        headers["X-API-Key"] = api_key
    return headers


def model(kind: type[M]) -> Callable[[httpx.Response], M]:
    def read(response: httpx.Response) -> M:
        raise_for_problem(response)
        return kind.model_validate_json(response.content)

    return read


def document(response: httpx.Response) -> dict[str, Any]:
    raise_for_problem(response)
    found: dict[str, Any] = response.json()
    return found


def nothing(response: httpx.Response) -> None:
    raise_for_problem(response)


def readiness(response: httpx.Response) -> Readiness:
    # 503 is an answer here (not ready, and why), not an error to retry.
    if response.status_code != 503:
        raise_for_problem(response)
    return Readiness.model_validate_json(response.content)


def _day(value: DateLike | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _given(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _segment(value: str) -> str:
    return quote(value, safe="")


def _no_cache(use_cache: bool) -> dict[str, str]:
    return {} if use_cache else {"Cache-Control": "no-cache"}


def verify_body(
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
) -> dict[str, Any]:
    """A `POST /v1/verify` body with only the fields given (the server's defaults otherwise)."""
    body = _given(
        claim=claim,
        language=language,
        top_k=top_k,
        as_of=_day(as_of),
        kind=kind,
        claim_date=_day(claim_date),
        claimant=claimant,
        reply_language=reply_language,
    )
    pages = [str(url) for url in appearance]
    if pages:
        body["appearance"] = pages
    if format != "json":
        body["format"] = format
    if not use_cache:
        body["use_cache"] = False
    return body


def verify(body: dict[str, Any]) -> Call[Any]:
    read = document if body.get("format") == "claimreview" else model(Verification)
    return Call("POST", "/v1/verify", read, json=body)


def verify_batch(claims: Iterable[str | Mapping[str, Any]]) -> Call[BatchVerifyResponse]:
    body = {"claims": [c if isinstance(c, str) else dict(c) for c in claims]}
    return Call("POST", "/v1/verify/batch", model(BatchVerifyResponse), json=body)


def search(
    query: str,
    top_k: int | None,
    language: str | None,
    kind: StatementKind | str | None,
    use_cache: bool,
) -> Call[SearchResponse]:
    body = _given(query=query, top_k=top_k, language=language, kind=kind)
    if not use_cache:
        body["use_cache"] = False
    return Call("POST", "/v1/search", model(SearchResponse), json=body)


def stance(claim: str, evidence: str) -> Call[StanceOutcome]:
    body = {"claim": claim, "evidence": evidence}
    return Call("POST", "/v1/stance", model(StanceOutcome), json=body)


def claimreview(
    claim: str,
    language: str | None,
    appearance: Iterable[str],
    claim_date: DateLike | None,
    claimant: str | None,
) -> Call[Any]:
    params = {
        "claim": claim,
        "appearance": [str(u) for u in appearance],
        **_given(language=language, claim_date=_day(claim_date), claimant=claimant),
    }
    return Call("GET", "/v1/claimreview", document, params=params)


@dataclass(frozen=True, slots=True)
class Card:
    """The embeddable verdict card: its HTML and its permalink (`GET /v1/checks/{id}`)."""

    html: str
    permalink: str | None

    @property
    def check_id(self) -> str | None:
        """The check's id, the last segment of its permalink."""
        return self.permalink.rstrip("/").rsplit("/", 1)[-1] if self.permalink else None


def card(response: httpx.Response) -> Card:
    raise_for_problem(response)
    canonical = response.links.get("canonical", {}).get("url")
    return Card(response.text, canonical)


def embed(
    claim: str,
    language: str | None,
    appearance: Iterable[str],
    claim_date: DateLike | None,
    claimant: str | None,
    reply_language: str | None,
) -> Call[Card]:
    params = {
        "claim": claim,
        "appearance": [str(u) for u in appearance],
        **_given(
            language=language,
            claim_date=_day(claim_date),
            claimant=claimant,
            reply_language=reply_language,
        ),
    }
    return Call("GET", "/v1/embed", card, params=params)


CheckFormat = Literal["json", "claimreview"]


def get_check(check_id: str, format: CheckFormat) -> Call[Verification | dict[str, Any]]:
    read: Callable[[httpx.Response], Verification | dict[str, Any]] = (
        model(Verification) if format == "json" else document
    )
    path = f"/v1/checks/{_segment(check_id)}"
    return Call("GET", path, read, params={"format": format})


def oembed(url: str, maxwidth: int | None, maxheight: int | None) -> Call[OEmbed]:
    params = {"url": url, **_given(maxwidth=maxwidth, maxheight=maxheight)}
    return Call("GET", "/v1/oembed", model(OEmbed), params=params)


def check_article(
    text: str, language: str | None, published_at: DateLike | None, use_cache: bool
) -> Call[ArticleCheckResponse]:
    body = {"text": text, **_given(language=language, published_at=_day(published_at))}
    return Call(
        "POST",
        "/v1/articles:check",
        model(ArticleCheckResponse),
        json=body,
        headers=_no_cache(use_cache),
    )


def _statement_json(item: StatementLike) -> Any:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json", exclude_none=True)
    return json.loads(json.dumps(item, ensure_ascii=False, default=str))


def create_statements(
    items: StatementLike | Iterable[StatementLike],
) -> Call[StatementWriteResponse]:
    if isinstance(items, (BaseModel, Mapping)):
        body: Any = _statement_json(items)
    else:
        body = [_statement_json(i) for i in items]
    return Call("POST", "/v1/statements", model(StatementWriteResponse), json=body)


def get_statement(statement_id: str) -> Call[Statement]:
    return Call("GET", f"/v1/statements/{_segment(statement_id)}", model(Statement))


def replace_statement(statement_id: str, item: StatementLike) -> Call[Statement]:
    path = f"/v1/statements/{_segment(statement_id)}"
    return Call("PUT", path, model(Statement), json=_statement_json(item))


def delete_statement(statement_id: str) -> Call[None]:
    return Call("DELETE", f"/v1/statements/{_segment(statement_id)}", nothing)


def list_statements(
    q: str | None = None,
    *,
    language: str | None = None,
    kind: StatementKind | str | None = None,
    source_url: str | None = None,
    published_after: DateLike | None = None,
    published_before: DateLike | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> Call[StatementPage]:
    params = _given(
        q=q,
        language=language,
        kind=kind,
        source_url=source_url,
        published_after=_day(published_after),
        published_before=_day(published_before),
        cursor=cursor,
        limit=limit,
    )
    return Call("GET", "/v1/statements", model(StatementPage), params=params)


def ndjson(records: Iterable[StatementLike]) -> bytes:
    lines = []
    for record in records:
        if isinstance(record, BaseModel):
            lines.append(record.model_dump_json(exclude_none=True))
        else:
            lines.append(json.dumps(record, ensure_ascii=False, default=str))
    return ("\n".join(lines) + "\n").encode()


def import_statements(
    data: str | bytes | Iterable[StatementLike] | Mapping[str, Any], fmt: ImportFormat
) -> Call[ImportReport]:
    if fmt == "claimreview":
        if isinstance(data, (str, bytes)):
            raw = data.encode() if isinstance(data, str) else data
        elif isinstance(data, Mapping):
            raw = json.dumps(data, ensure_ascii=False).encode()
        else:
            raw = json.dumps(list(data), ensure_ascii=False, default=str).encode()
        media_type = "application/ld+json"
    else:
        if isinstance(data, Mapping):
            raise TypeError("NDJSON import takes an iterable of statements, not one mapping")
        if isinstance(data, (str, bytes)):
            raw = data.encode() if isinstance(data, str) else data
        else:
            raw = ndjson(data)
        media_type = "application/x-ndjson"
    return Call(
        "POST",
        "/v1/statements:import",
        model(ImportReport),
        content=raw,
        headers={"content-type": media_type},
    )


def search_claims(query: str | None, google: Mapping[str, Any]) -> Call[ClaimSearchResponse]:
    params = _given(query=query, **google)
    return Call("GET", "/v1/claims:search", model(ClaimSearchResponse), params=params)


def _page_path(page_id: str | None = None) -> str:
    if page_id is None:
        return "/v1alpha1/pages"
    return "/v1alpha1/pages/" + _segment(page_id.removeprefix("pages/"))


def _page_json(page: PageLike) -> Any:
    if isinstance(page, BaseModel):
        return page.model_dump(mode="json", exclude_none=True)
    return dict(page)


def create_page(page: PageLike) -> Call[ClaimReviewMarkupPage]:
    return Call("POST", _page_path(), model(ClaimReviewMarkupPage), json=_page_json(page))


def get_page(page_id: str) -> Call[ClaimReviewMarkupPage]:
    return Call("GET", _page_path(page_id), model(ClaimReviewMarkupPage))


def update_page(page_id: str, page: PageLike) -> Call[ClaimReviewMarkupPage]:
    return Call("PUT", _page_path(page_id), model(ClaimReviewMarkupPage), json=_page_json(page))


def delete_page(page_id: str) -> Call[None]:
    return Call("DELETE", _page_path(page_id), nothing)


def list_pages(
    url: str | None, organization: str | None, page_size: int | None, page_token: str | None
) -> Call[ListClaimReviewMarkupPagesResponse]:
    params = _given(url=url, organization=organization, pageSize=page_size, pageToken=page_token)
    return Call("GET", _page_path(), model(ListClaimReviewMarkupPagesResponse), params=params)


def stats() -> Call[Stats]:
    return Call("GET", "/v1/stats", model(Stats))


def health() -> Call[Health]:
    return Call("GET", "/healthz", model(Health), retry=False)


def ready() -> Call[Readiness]:
    return Call("GET", "/readyz", readiness, retry=False)
