"""Errors as RFC 9457 problem details (`application/problem+json`).

Hierarchy::

    FactDeskError                 status, title, type; rendered as problem+json
    ├── Unauthorized              401 (missing or wrong API key; `WWW-Authenticate: ApiKey`)
    ├── Forbidden                 403 (the key's role does not allow the route)
    ├── NotFound                  404
    ├── Conflict                  409 (a stale `versionId` on a ClaimReview markup page)
    ├── PayloadTooLarge           413
    ├── UnprocessableContent      422 (body parsed but unusable, e.g. malformed NDJSON)
    │   └── InvalidClaim          one claim of a batch: its problem goes in the batch's reply
    ├── TooManyRequests           429 (over the rate limit; `Retry-After`)
    ├── NotImplementedHere        501 (a Google route FactDesk has no engine for: image search)
    └── ServiceUnavailable        503 (store unreachable)

Request validation failures (pydantic) become 422 with `errors[]`, each naming the offending
field as a JSON pointer. Unexpected exceptions are logged with the request id and answered 500.
The wire shapes (`Problem`, `FieldError`) live in `factdesk.problems`.

Under `/v1alpha1/` (the routes shaped like Google's Fact Check Tools API) the same errors are
answered in Google's JSON error shape instead, `{"error": {"code", "message", "status"}}`, so
that Google's client libraries raise their usual errors; `_reply` is the one place that chooses.
A validation failure there is a 400 `INVALID_ARGUMENT`, as Google answers it.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from factdesk.google_models import GoogleError, GoogleErrorResponse, GoogleStatus
from factdesk.problems import (
    PROBLEM_JSON,
    PROBLEM_TYPE_BASE,
    FieldError,
    Problem,
    field_errors,
    summary,
)
from factdesk.store.base import StoreError

log = logging.getLogger(__name__)
# The routes shaped like Google's Fact Check Tools API, whose errors take Google's shape.
GOOGLE_PREFIX = "/v1alpha1/"
_GOOGLE_STATUS = {
    400: GoogleStatus.INVALID_ARGUMENT,
    401: GoogleStatus.UNAUTHENTICATED,
    403: GoogleStatus.PERMISSION_DENIED,
    404: GoogleStatus.NOT_FOUND,
    405: GoogleStatus.UNIMPLEMENTED,
    409: GoogleStatus.ABORTED,
    413: GoogleStatus.INVALID_ARGUMENT,
    422: GoogleStatus.INVALID_ARGUMENT,
    429: GoogleStatus.RESOURCE_EXHAUSTED,
    500: GoogleStatus.INTERNAL,
    501: GoogleStatus.UNIMPLEMENTED,
    503: GoogleStatus.UNAVAILABLE,
}


class FactDeskError(Exception):
    """Base of every error the API answers deliberately."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"

    def __init__(
        self,
        detail: str,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers

    def problem(self, instance: str) -> Problem:
        """This error as problem details about `instance` (a path, or a pointer into a body)."""
        return Problem(
            type=PROBLEM_TYPE_BASE + self.slug,
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            errors=self.errors,
        )


class Unauthorized(FactDeskError):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "ApiKey"})


class Forbidden(FactDeskError):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(FactDeskError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(FactDeskError):
    status, title, slug = 409, "Conflict", "conflict"


class PayloadTooLarge(FactDeskError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnprocessableContent(FactDeskError):
    status, title, slug = 422, "Unprocessable content", "unprocessable"


class InvalidClaim(UnprocessableContent):
    """One claim of a batch failed validation; answered inside the batch's 200, not raised."""

    title, slug = "Claim validation failed", "validation"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(summary(errors), errors=errors)


class TooManyRequests(FactDeskError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class NotImplementedHere(FactDeskError):
    status, title, slug = 501, "Not implemented", "not-implemented"


class ServiceUnavailable(FactDeskError):
    status, title, slug = 503, "Service unavailable", "unavailable"


def error_response(exc: FactDeskError, instance: str) -> JSONResponse:
    """`exc` answered as problem+json about `instance` (the request path)."""
    return _render(exc.problem(instance), exc.headers)


def _render(body: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one place that picks the error shape: Google's under `GOOGLE_PREFIX` (`instance` is
    the request path), problem+json everywhere else."""
    if body.instance is not None and body.instance.startswith(GOOGLE_PREFIX):
        return google_error(body, headers)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=body.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def google_error(body: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    """`body` in Google's JSON error shape. A validation failure is Google's 400
    `INVALID_ARGUMENT`, with the fields in a `google.rpc.BadRequest` detail."""
    code = 400 if body.status == 422 else body.status
    details: list[dict[str, object]] | None = None
    if body.errors:
        violations = [
            {"field": e.pointer.split(":", 1)[-1], "description": e.message} for e in body.errors
        ]
        details = [
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations}
        ]
    if headers and "WWW-Authenticate" in headers:
        # httplib2 (under Google's Python client) refuses a challenge without parameters and
        # raises instead of returning the 401; with a realm it parses it and answers as usual.
        headers = {**headers, "WWW-Authenticate": 'ApiKey realm="FactDesk"'}
    error = GoogleError(
        code=code,
        message=body.detail or body.title,
        status=_GOOGLE_STATUS.get(body.status, GoogleStatus.UNKNOWN),
        details=details,
    )
    return JSONResponse(
        GoogleErrorResponse(error=error).model_dump(mode="json", exclude_none=True),
        status_code=code,
        headers=headers,
    )


def problem_response(
    status: int,
    title: str,
    slug: str,
    detail: str | None,
    instance: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_BASE + slug,
        title=title,
        status=status,
        detail=detail,
        instance=instance,
        errors=errors,
    )
    return _render(body, headers)


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}}


_RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": _header("Requests allowed per rate-limit period."),
    "RateLimit-Remaining": _header("Requests left now."),
    "RateLimit-Reset": _header("Seconds until the full allowance is back."),
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": _header("`ApiKey`: send a key in the `X-API-Key` header.")},
    429: {
        "Retry-After": _header("Seconds to wait before the next request is allowed."),
        **_RATE_LIMIT_HEADERS,
    },
}


def _example(status: int, title: str, slug: str, detail: str, **extra: Any) -> dict[str, Any]:
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/v1/verify",
    }
    return {**body, **extra}


# What each error status answers, as the handlers write it: one real body per status.
PROBLEM_EXAMPLES: dict[int, dict[str, Any]] = {
    400: _example(
        400, "Malformed JSON", "malformed-json", "Expecting ',' delimiter: line 1 column 12"
    ),
    401: _example(
        401, Unauthorized.title, Unauthorized.slug, "this route needs an API key in X-API-Key"
    ),
    403: _example(
        403, Forbidden.title, Forbidden.slug, "the key's role (read) does not allow writes"
    ),
    404: _example(404, NotFound.title, NotFound.slug, "not a check id of this service"),
    413: _example(
        413, PayloadTooLarge.title, PayloadTooLarge.slug, "request body exceeds 1048576 bytes"
    ),
    422: _example(
        422,
        "Request validation failed",
        "validation",
        "#/claim: String should have at least 1 character",
        errors=[{"pointer": "#/claim", "message": "String should have at least 1 character"}],
    ),
    429: _example(
        429,
        TooManyRequests.title,
        TooManyRequests.slug,
        "over the rate limit of 600/minute; retry in 12 s",
    ),
    501: _example(
        501, NotImplementedHere.title, NotImplementedHere.slug, "only format=json is answered"
    ),
    503: _example(
        503,
        "Store unavailable",
        "store-unavailable",
        "The statement store could not complete the request; retry.",
    ),
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given error statuses. The schema is given on the
    problem+json media type the API answers with (`model` alone would attach it only to
    `application/json`, and clients and validators would see an untyped error body)."""
    described = {
        400: "Malformed request",
        401: "Missing or wrong API key",
        403: "The API key's role does not allow this route",
        404: "Not found",
        413: "Body too large",
        422: "Validation failed",
        429: "Rate limit exceeded",
        501: "Not implemented",
        503: "Store unavailable",
    }
    responses: dict[int | str, dict[str, Any]] = {
        s: {
            "model": Problem,
            "description": described.get(s, "Error"),
            "content": {
                PROBLEM_JSON: {
                    "schema": {"$ref": "#/components/schemas/Problem"},
                    **({"example": PROBLEM_EXAMPLES[s]} if s in PROBLEM_EXAMPLES else {}),
                }
            },
        }
        for s in statuses
    }
    for s in statuses:
        if s in _HEADERS:
            responses[s]["headers"] = dict(_HEADERS[s])
    return responses


_GOOGLE_MESSAGES = {
    400: "query:pageSize: Input should be greater than or equal to 1",
    409: "the page changed since versionId 3; read it again",
}


def _google_example(status: int) -> dict[str, Any]:
    """The body Google's shape gives for `status`, from the same example as problem+json."""
    problem = PROBLEM_EXAMPLES.get(status)
    message = _GOOGLE_MESSAGES.get(status) or (problem["detail"] if problem else "Error")
    google = _GOOGLE_STATUS.get(status, GoogleStatus.UNKNOWN)
    return {"error": {"code": status, "message": message, "status": google.value}}


def google_error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the `/v1alpha1` routes: Google's JSON error shape."""
    described = {
        400: "Invalid argument (`INVALID_ARGUMENT`)",
        401: "Missing or wrong API key (`UNAUTHENTICATED`)",
        403: "The API key's role does not allow this route (`PERMISSION_DENIED`)",
        404: "Not found (`NOT_FOUND`)",
        409: "Stale `versionId` (`ABORTED`)",
        429: "Rate limit exceeded (`RESOURCE_EXHAUSTED`)",
        501: "Not implemented here (`UNIMPLEMENTED`)",
        503: "Store unavailable (`UNAVAILABLE`)",
    }
    # 400 on every route (a bad standard parameter), and the whole 4XX range in Google's shape:
    # this also keeps FastAPI from documenting its 422, which these routes answer as 400.
    statuses = tuple(sorted({400, *statuses}))
    responses: dict[int | str, dict[str, Any]] = {
        s: {
            "model": GoogleErrorResponse,
            "description": described.get(s, "Error"),
            "content": {"application/json": {"example": _google_example(s)}},
        }
        for s in statuses
    }
    responses["4XX"] = {"model": GoogleErrorResponse, "description": "Client error"}
    for s in statuses:
        if s in _HEADERS:
            responses[s]["headers"] = dict(_HEADERS[s])
    return responses


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through problem+json."""

    @app.exception_handler(FactDeskError)
    async def _factdesk(request: Request, exc: FactDeskError) -> JSONResponse:
        return error_response(exc, request.url.path)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, exc)
        return problem_response(
            503,
            "Store unavailable",
            "store-unavailable",
            "The statement store could not complete the request; retry.",
            request.url.path,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = list(exc.errors())
        malformed = next((e for e in raw if e.get("type") == "json_invalid"), None)
        if malformed is not None:
            position = malformed.get("loc", ("body", "?"))[-1]
            detail = f"the body is not valid JSON (error near character {position})"
            return problem_response(
                400, "Malformed JSON", "malformed-json", detail, request.url.path
            )
        errors = field_errors(raw)
        detail = summary(errors[:5])
        return problem_response(
            422, "Request validation failed", "validation", detail, request.url.path, errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 400: "Malformed body"}
        title, slug = titles.get(exc.status_code, "HTTP error"), f"http-{exc.status_code}"
        if exc.status_code == PayloadTooLarge.status:  # the body limit, met while reading it
            title, slug = PayloadTooLarge.title, PayloadTooLarge.slug
        return problem_response(
            exc.status_code,
            title,
            slug,
            str(exc.detail),
            request.url.path,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "-")
        # This handler runs outside the middleware that sets the request-id context, so the id
        # is passed along explicitly (to the log line and the reply).
        log.exception(
            "unhandled error (request %s) on %s",
            request_id,
            request.url.path,
            extra={"request_id": request_id},
        )
        return problem_response(
            500,
            "Internal error",
            "internal",
            f"Unexpected error; quote request id {request_id}.",
            request.url.path,
            headers={"X-Request-ID": request_id},
        )
