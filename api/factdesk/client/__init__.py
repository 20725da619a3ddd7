"""A typed Python client for the FactDesk API, synchronous and asynchronous, on httpx: every
route of `/v1` (verify, batch, search, stance, ClaimReview, the embeddable card with its
permalink and oEmbed, articles, statements and their import, Google-style claim search),
Google's ClaimReview Markup pages under `/v1alpha1`, and the health routes.

    with FactDeskClient("https://factdesk.example.org", api_key="...") as fd:
        result = fd.verify("xAI launched Grok a year after being founded")

    async with AsyncFactDeskClient("https://factdesk.example.org") as fd:
        result = await fd.verify("...")

Answers 429 and 503 are retried (`retries` times) after the `Retry-After` the server sends (or a
short back-off when it sends none); a connection that cannot be made is retried the same way.
A wait longer than `max_retry_wait` is not slept through: the error is raised at once. Other
errors are raised as exceptions built from the problem+json body (`factdesk.client.errors`
draws their hierarchy).

Layout: `errors` (the exceptions), `calls` (each route as a request and the reading of its
answer, and the retry rule), `sync` and `aio` (the two clients, which differ only in how they
send). Only httpx, pydantic and the wire models are imported: never the server.
"""

from __future__ import annotations

from factdesk.client.aio import AsyncFactDeskClient
from factdesk.client.errors import (
    ApiError,
    AuthenticationError,
    BadRequest,
    ClientError,
    Conflict,
    NotFoundError,
    PayloadTooLarge,
    PermissionDenied,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    TransportError,
    ValidationFailed,
    raise_for_problem,
)
from factdesk.client.sync import FactDeskClient
from factdesk.engine.results import SearchHit

__all__ = [
    "ApiError",
    "AsyncFactDeskClient",
    "AuthenticationError",
    "BadRequest",
    "ClientError",
    "Conflict",
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
    "raise_for_problem",
]
