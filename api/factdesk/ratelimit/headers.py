"""`RateLimit-*` headers on every answer of a counted request, whatever produced the answer.

The access check (`factdesk.security`) leaves the request's `Quota` in the request state; this
middleware copies it into the response headers. Done here rather than on the route's `Response`
so that error answers (401, 403, 422, 429) and routes that return their own `Response` carry them
too.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factdesk.ratelimit.base import Quota

QUOTA_STATE_KEY = "ratelimit_quota"


class QuotaHeaders:
    """Adds the request's quota headers (those the answer does not set itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # `request.state` writes into this dict; make sure it exists before anyone reads it.
        state: dict[str, object] = scope.setdefault("state", {})

        async def send_with_quota(message: Message) -> None:
            quota = state.get(QUOTA_STATE_KEY)
            if message["type"] == "http.response.start" and isinstance(quota, Quota):
                headers = MutableHeaders(scope=message)
                for name, value in quota.headers().items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_quota)
