"""Per-request bookkeeping: the request id, the access log line and the request metrics.

The outermost middleware of the app, so that every answer — a 413 from the body limit or a 404
as much as a verdict — gets an `X-Request-ID`, one access-log line and a count in `/metrics`.
Requests are labelled by route template (`/v1/statements/{statement_id}`), never by raw path,
which would make one time series per statement id.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from fastapi import FastAPI
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factdesk.logs import request_id_var
from factdesk.metrics import Metrics

log = logging.getLogger("factdesk.access")
UNMATCHED = "unmatched"
# A caller's id is kept when it is short and plain; anything else gets a fresh one (it is echoed
# in a header and written to logs).
_CALLER_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,64}")


def request_id_from(scope: Scope) -> str:
    """The caller's `X-Request-ID` when acceptable, else a new random id."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if _CALLER_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RouteTemplates:
    """Path templates of an app's routes, for requests answered before routing."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._compiled: list[tuple[re.Pattern[str], str]] | None = None

    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        if self._compiled is None:
            # The OpenAPI document lists every API route with its full template, however the
            # routers were nested; plain routes (docs, metrics) carry their own path.
            paths = list(self.app.openapi().get("paths", {}))
            paths += [p for r in self.app.routes if isinstance(p := getattr(r, "path", None), str)]
            self._compiled = [(compile_path(p)[0], p) for p in dict.fromkeys(paths)]
        return self._compiled

    def template(self, scope: Scope) -> str:
        """The template of the route that handled (or would have handled) the request."""
        path = getattr(scope.get("route"), "path_format", None)
        if isinstance(path, str):
            return path
        for pattern, template in self._patterns():
            if pattern.match(scope["path"]):
                return template
        return UNMATCHED


class RequestObserver:
    """Request id (contextvar, `request.state.request_id`, `X-Request-ID`), access log, metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: RouteTemplates) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        status = 500

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        failed = False
        try:
            await self.app(scope, receive, observed_send)
        except BaseException:
            failed = True
            raise
        finally:
            elapsed = time.perf_counter() - started
            route = self.routes.template(scope)
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route, str(status)).observe(elapsed)
            client = scope.get("client")
            log.info(
                "%s %s %d",
                method,
                scope["path"],
                status,
                extra={
                    "method": method,
                    "route": route,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            if not failed:
                # Left set after an exception so that the server's own report of it (logged
                # further out, in this request's task) carries the id too.
                request_id_var.reset(token)
