"""Google's ClaimReview Markup API (`/v1alpha1/pages`) over the statement store.

A `ClaimReviewMarkupPage` is kept whole (its wire JSON, so every field Google defines comes
back as it was sent) and each of its markups becomes one `fact_check` statement owned by the
page, so that `/v1/verify` and `claims:search` match a published fact-check the moment its page
is written. The mapping goes through the ClaimReview JSON-LD importer (`claimreview.py`): a
markup is first written as the ClaimReview node Google's Markup Tool would publish for it, then
mapped as an imported ClaimReview is, so both ways in give the same statements:

    Markup API                          ClaimReview JSON-LD              statement
    pageUrl (or markup url)             url                              source.url
    publishDate                         datePublished                    source.published_at
    claimReviewAuthor.name              author.name                      source.publisher
    claimReviewed                       claimReviewed                    text
    rating.textualRating                reviewRating.alternateName       rating.label
    rating.ratingValue/best/worst       reviewRating.ratingValue/...     rating.value/best/worst
    claimAuthor.name                    itemReviewed.author.name         claimant
    claimDate                           itemReviewed.datePublished       claim_date

The page, its statements and the removal of statements an update drops are one store
transaction (`StatementStore.put_page`). Statement ids are `pg-{page id}-{n}`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any

from pydantic import ValidationError

from factdesk.claimreview import SCHEMA_ORG, statement_records
from factdesk.claimsearch import site_of
from factdesk.engine.service import Verifier
from factdesk.errors import Conflict, NotFound, UnprocessableContent
from factdesk.google_models import (
    ClaimReviewMarkup,
    ClaimReviewMarkupPage,
    ListClaimReviewMarkupPagesResponse,
)
from factdesk.models import StatementIn
from factdesk.problems import FieldError, field_errors
from factdesk.store.base import PageRecord, StatementStore, VersionConflict

NAME_PREFIX = "pages/"


def _invalid(pointer: str, message: str) -> UnprocessableContent:
    return UnprocessableContent(
        f"{pointer}: {message}", errors=[FieldError(pointer=pointer, message=message)]
    )


def claim_review_node(page: ClaimReviewMarkupPage, markup: ClaimReviewMarkup) -> dict[str, Any]:
    """One markup of the page as the schema.org ClaimReview a fact-check page would carry."""
    rating = markup.rating
    author = page.claimReviewAuthor
    claimant = markup.claimAuthor
    item: dict[str, Any] = {
        "@type": "Claim",
        "datePublished": markup.claimDate,
        "author": {
            "@type": "Person",
            "name": claimant.name,
            "jobTitle": claimant.jobTitle,
            "image": claimant.imageUrl,
            "sameAs": claimant.sameAs,
        }
        if claimant and claimant.name
        else None,
        "appearance": [{"@type": "CreativeWork", "url": u} for u in markup.claimAppearances or []]
        or None,
        "firstAppearance": {"@type": "CreativeWork", "url": markup.claimFirstAppearance}
        if markup.claimFirstAppearance
        else None,
        "contentLocation": {"@type": "Place", "name": markup.claimLocation}
        if markup.claimLocation
        else None,
    }
    node: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": markup.url or page.pageUrl,
        "claimReviewed": markup.claimReviewed,
        "datePublished": page.publishDate,
        "author": {"@type": "Organization", "name": author.name, "image": author.imageUrl}
        if author and author.name
        else None,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating.textualRating,
            "ratingValue": rating.ratingValue,
            "bestRating": rating.bestRating,
            "worstRating": rating.worstRating,
            "ratingExplanation": rating.ratingExplanation,
            "image": rating.imageUrl,
        }
        if rating
        else None,
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
    }
    return {k: v for k, v in node.items() if v is not None}


def statements_of(page_id: str, page: ClaimReviewMarkupPage) -> list[StatementIn]:
    """The `fact_check` statements of a page's markups. Raises `UnprocessableContent` naming
    the markup field (Google's name) that stops one from being a statement."""
    if not page.pageUrl:
        raise _invalid("pageUrl", "a page needs its pageUrl")
    out: list[StatementIn] = []
    for n, markup in enumerate(page.claimReviewMarkups or []):
        where = f"claimReviewMarkups[{n}]"
        if not (markup.claimReviewed or "").strip():
            raise _invalid(f"{where}.claimReviewed", "each markup needs the claim it reviews")
        if markup.rating is None or not (markup.rating.textualRating or "").strip():
            raise _invalid(f"{where}.rating.textualRating", "each markup needs a textual rating")
        [(_, record)] = list(statement_records(claim_review_node(page, markup)))
        if isinstance(record, ValueError):
            raise _invalid(where, str(record))
        record["id"] = f"pg-{page_id}-{n}"
        try:
            out.append(StatementIn.model_validate(record))
        except ValidationError as exc:
            errors = field_errors(list(exc.errors()))
            raise UnprocessableContent(
                f"{where}: " + "; ".join(f"{e.pointer}: {e.message}" for e in errors),
                errors=[FieldError(pointer=where, message=e.message) for e in errors],
            ) from exc
    return out


def _wire(record: PageRecord) -> ClaimReviewMarkupPage:
    return ClaimReviewMarkupPage.model_validate_json(record.body)


def _save(
    verifier: Verifier,
    page_id: str,
    page: ClaimReviewMarkupPage,
    *,
    create: bool,
    expected_version: str | None,
) -> ClaimReviewMarkupPage:
    items = statements_of(page_id, page)
    stored = page.model_copy(
        update={"name": NAME_PREFIX + page_id, "versionId": secrets.token_hex(8)}
    )
    record = PageRecord(
        id=page_id,
        url=page.pageUrl,
        site=site_of(page.pageUrl),
        body=stored.model_dump_json(exclude_none=True),
        version=str(stored.versionId),
        statement_ids=tuple(str(item.id) for item in items),
    )
    try:
        written = verifier.store.put_page(
            record, verifier.prepare(items), create=create, expected_version=expected_version
        )
    except VersionConflict as exc:
        raise Conflict(f"{exc}; read the page again and send its current versionId") from exc
    if written is None:
        raise NotFound(f"no page named {NAME_PREFIX}{page_id}")
    return stored


def page_id_of(name: str) -> str:
    """The id in a page's name (`pages/{id}`, or the bare id)."""
    page_id = name.removeprefix(NAME_PREFIX)
    if not page_id or len(page_id) > 64 or not all(c.isalnum() or c in "_-" for c in page_id):
        raise NotFound(f"no page named {name!r}")
    return page_id


def create(verifier: Verifier, page: ClaimReviewMarkupPage) -> ClaimReviewMarkupPage:
    """Store a new page (a fresh id; `name` and `versionId` in the body are ignored)."""
    return _save(verifier, secrets.token_hex(8), page, create=True, expected_version=None)


def update(verifier: Verifier, name: str, page: ClaimReviewMarkupPage) -> ClaimReviewMarkupPage:
    """Replace a page and its statements; with `versionId`, only if it is still current."""
    page_id = page_id_of(name)
    if page.name and page_id_of(page.name) != page_id:
        raise _invalid("name", f"the body names {page.name!r}, the path {NAME_PREFIX}{page_id}")
    return _save(verifier, page_id, page, create=False, expected_version=page.versionId)


def get(store: StatementStore, name: str) -> ClaimReviewMarkupPage:
    record = store.get_page(page_id_of(name))
    if record is None:
        raise NotFound(f"no page named {name!r}")
    return _wire(record)


def delete(store: StatementStore, name: str) -> None:
    """Delete a page and its statements."""
    if store.delete_page(page_id_of(name)) is None:
        raise NotFound(f"no page named {name!r}")


def _digest(url: str | None, site: str | None) -> str:
    return hashlib.sha256(json.dumps([url, site]).encode()).hexdigest()[:16]


def list_pages(
    store: StatementStore,
    *,
    url: str | None,
    organization: str | None,
    page_size: int,
    page_token: str | None,
    offset: int,
) -> ListClaimReviewMarkupPagesResponse:
    """Pages of `url`, or of `organization`'s site (and its subdomains), or all, in id order;
    `pageToken` (from the same filter) or `offset` says where to start."""
    if url and organization:
        raise _invalid("organization", "give url or organization, not both")
    site = None
    if organization:
        site = site_of(organization.strip())
        if site is None:
            raise _invalid("organization", f"{organization!r} is not a site such as example.org")
    after = None
    if page_token:
        try:
            raw = base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4))
            body = json.loads(raw)
            after, digest = str(body["a"]), body["p"]
        except (ValueError, TypeError, KeyError, binascii.Error) as exc:
            raise _invalid("pageToken", "not a pageToken this API issued") from exc
        if digest != _digest(url, site):
            raise _invalid("pageToken", "it belongs to a listing with another url/organization")
        offset = 0
    found = store.list_pages(url=url, site=site, after=after, limit=offset + page_size + 1)
    chosen = found[offset : offset + page_size]
    token = None
    if len(found) > offset + page_size and chosen:
        raw = json.dumps({"a": chosen[-1].id, "p": _digest(url, site)}).encode()
        token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return ListClaimReviewMarkupPagesResponse(
        claimReviewMarkupPages=[_wire(r) for r in chosen], nextPageToken=token
    )
