"""A search over stored fact-checks in the shape of Google's Fact Check Tools API.

`GET /v1/claims:search` takes Google's parameters and answers Google's
`FactCheckedClaimSearchResponse`: `claims[]` (`text`, `claimant`, `claimDate`, `claimReview[]`)
and `nextPageToken`. Each stored `fact_check` statement is one claim with one review. Page tokens
are opaque to clients: base64 of the position reached and a digest of the other parameters, so
that a token is refused with different parameters, as Google's are.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool

from factdesk.errors import UnprocessableContent
from factdesk.google_models import ClaimSearchResponse, FactCheckedClaim, FactCheckReview, Publisher
from factdesk.models import Statement, StatementKind
from factdesk.schemas import SearchRequest
from factdesk.store.base import StatementFilter
from factdesk.verification import VerificationService

# A match is kept when a query word is in it (keyword queries such as "Musk" have a low fused
# relevance, which estimates whether a statement is about a whole claim) or its relevance
# reaches this (a restatement in other words, or in the other language); unrelated text scores
# near 0.
MIN_RELEVANCE = 0.05
_BROWSE_BATCH = 200
_BROWSE_SCAN = 5000  # most statements read for one page when browsing a site


def _timestamp(day: dt.date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00Z" if day else None


def site_of(url: str | None) -> str | None:
    """The host of a URL without `www.`, lower case."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:  # "[" and other text no URL parser accepts
        return None
    return host.removeprefix("www.") or None


def _on_site(statement: Statement, site: str) -> bool:
    host = site_of(str(statement.source.url) if statement.source.url else None)
    return host is not None and (host == site or host.endswith("." + site))


def _fresh(statement: Statement, max_age_days: int, today: dt.date) -> bool:
    dates = [d for d in (statement.claim_date, statement.source.published_at) if d is not None]
    return bool(dates) and (today - max(dates)).days <= max_age_days


def to_claim(statement: Statement) -> FactCheckedClaim:
    """A stored fact-check as Google's `Claim` with its one review."""
    source = statement.source
    url = str(source.url) if source.url else None
    return FactCheckedClaim(
        text=statement.text,
        claimant=statement.claimant,
        claimDate=_timestamp(statement.claim_date),
        claimReview=[
            FactCheckReview(
                publisher=Publisher(name=source.publisher, site=site_of(url)),
                url=url,
                title=source.title,
                reviewDate=_timestamp(source.published_at),
                textualRating=statement.rating.label if statement.rating else None,
                languageCode=statement.language,
            )
        ],
    )


@dataclass(frozen=True, slots=True)
class PageToken:
    """A search's parameters and how far its pages have got: `offset` into the ranked matches
    (with a query) or the last statement id read (browsing a site)."""

    query: str | None
    language: str | None
    site: str | None
    max_age_days: int | None
    offset: int = 0
    after: str | None = None

    def _digest(self) -> str:
        material = json.dumps(
            [self.query, self.language, self.site, self.max_age_days], ensure_ascii=False
        )
        return hashlib.sha256(material.encode()).hexdigest()[:16]

    def encode(self) -> str:
        body = {"p": self._digest(), "o": self.offset, "a": self.after}
        raw = json.dumps(body, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(
        cls,
        token: str | None,
        *,
        query: str | None,
        language: str | None,
        site: str | None,
        max_age_days: int | None,
        offset: int = 0,
    ) -> PageToken:
        """The search a request asks for; its `pageToken`, when given, must come from a search
        with the same parameters. Raises `UnprocessableContent` otherwise."""
        query = query.strip() if query else None
        language = language.split("-")[0].lower() if language else None
        if site is not None:
            raw_site, site = site, site_of(site.strip())
            if site is None:
                raise UnprocessableContent(
                    f"reviewPublisherSiteFilter {raw_site!r} is not a site such as politifact.com"
                )
        if not query and not site:
            raise UnprocessableContent("query is required unless reviewPublisherSiteFilter is set")
        start = cls(query, language, site, max_age_days, offset=offset)
        if token is None:
            return start
        try:
            body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            position, after = int(body["o"]), body["a"]
            digest = body["p"]
        except (ValueError, TypeError, KeyError) as exc:
            raise UnprocessableContent("pageToken is not one this API issued") from exc
        if digest != start._digest() or not (after is None or isinstance(after, str)):
            raise UnprocessableContent(
                "pageToken belongs to a search with other parameters; repeat them unchanged"
            )
        return replace(start, offset=max(0, position), after=after)


async def search_claims(
    service: VerificationService, token: PageToken, *, page_size: int, pool: int
) -> ClaimSearchResponse:
    """One page of fact-checks matching the search `token` describes. `pool` is how many of the
    best matches of a query are ranked (the same for every page, so pages never overlap)."""
    today = dt.datetime.now(dt.UTC).date()

    def keep(statement: Statement) -> bool:
        if token.language and statement.language.split("-")[0] != token.language:
            return False
        if token.site and not _on_site(statement, token.site):
            return False
        return token.max_age_days is None or _fresh(statement, token.max_age_days, today)

    if token.query:
        found = await service.search(
            SearchRequest(query=token.query, top_k=pool, kind=StatementKind.FACT_CHECK)
        )
        ranked = [
            hit.statement
            for hit in found.results
            if (hit.score >= MIN_RELEVANCE or hit.scores.lexical > 0) and keep(hit.statement)
        ]
        page = ranked[token.offset : token.offset + page_size]
        more = len(ranked) > token.offset + page_size
        next_token = replace(token, offset=token.offset + page_size) if more else None
    else:
        page, next_token = await run_in_threadpool(_browse, service, token, keep, page_size)
    return ClaimSearchResponse(
        claims=[to_claim(s) for s in page],
        nextPageToken=next_token.encode() if next_token else None,
    )


def _browse(
    service: VerificationService,
    token: PageToken,
    keep: Callable[[Statement], bool],
    page_size: int,
) -> tuple[list[Statement], PageToken | None]:
    """Fact-checks in id order after `token.after`, filtered; reads at most `_BROWSE_SCAN`
    statements, so a page may come back short with a token to go on from where it stopped."""
    store = service.verifier.store
    flt = StatementFilter(kind=StatementKind.FACT_CHECK)
    after, scanned = token.after, 0
    page: list[Statement] = []
    while scanned < _BROWSE_SCAN:
        batch = store.page(flt, after=after, limit=_BROWSE_BATCH)
        for statement in batch:
            scanned += 1
            after = statement.id
            if keep(statement):
                page.append(statement)
                if len(page) == page_size:
                    more = len(batch) == _BROWSE_BATCH or statement is not batch[-1]
                    return page, replace(token, after=after) if more else None
        if len(batch) < _BROWSE_BATCH:
            return page, None
    return page, replace(token, after=after)
