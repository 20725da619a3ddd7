"""What the client raises: built from the server's problem+json body (or, under `/v1alpha1`,
Google's `{"error": {...}}` body)::

    ClientError                      everything the client raises
    ├── TransportError               no answer: connection refused, timeout (httpx's error is
    │                                the __cause__)
    └── ApiError                     an error answer: .status .title .detail .errors .problem
        ├── BadRequest               400 (malformed body)
        ├── AuthenticationError      401 (missing or wrong API key)
        ├── PermissionDenied         403 (the key's role does not allow the route)
        ├── NotFoundError            404
        ├── Conflict                 409 (a page changed since its `versionId` was read)
        ├── PayloadTooLarge          413
        ├── ValidationFailed         422 (.errors: JSON pointer + message per bad field)
        ├── RateLimited              429 once retries are spent (.retry_after)
        ├── ServiceUnavailable       503 once retries are spent (.retry_after)
        └── ServerError              any other 5xx
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping
from typing import Any

import httpx

from factdesk.problems import FieldError


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
        self.retry_after = retry_after(headers.get("retry-after"))
        super().__init__(f"{status} {self.title}" + (f": {self.detail}" if self.detail else ""))


class BadRequest(ApiError):
    """400: the body could not be parsed."""


class AuthenticationError(ApiError):
    """401: a key is needed, or the key sent is not valid."""


class PermissionDenied(ApiError):
    """403: the key's role does not allow this route."""


class NotFoundError(ApiError):
    """404."""


class Conflict(ApiError):
    """409: the resource changed since it was read (a page's `versionId`)."""


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
    409: Conflict,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
    503: ServiceUnavailable,
}


def retry_after(value: str | None) -> float | None:
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


def _problem(body: object, response: httpx.Response) -> dict[str, Any]:
    if not isinstance(body, dict):
        return {"detail": response.text[:500] or None}
    google = body.get("error")
    if isinstance(google, dict) and "title" not in body:
        # Google's shape (`/v1alpha1`): {"error": {"code", "message", "status"}}.
        return {"title": google.get("status"), "detail": google.get("message"), **body}
    return body


def raise_for_problem(response: httpx.Response) -> None:
    """Raise the `ApiError` subclass for an error answer; nothing for a success."""
    if response.is_success:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    kind = _ERRORS.get(response.status_code)
    if kind is None:
        kind = ServerError if response.status_code >= 500 else ApiError
    raise kind(response.status_code, _problem(body, response), response.headers)
