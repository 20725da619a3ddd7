"""The request body size limit, enforced while the body streams in (not after buffering it):
413 problem+json, from the declared `Content-Length` or once the bytes received pass it."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factdesk.errors import PayloadTooLarge, error_response


class _TooLarge(HTTPException):
    """Raised from `receive` once the body passes the limit. An HTTPException because FastAPI
    turns any other error met while it reads a JSON body into a 400 "error parsing the body";
    this one it re-raises, and the app's handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body exceeds {limit} bytes")


class BodySizeLimit:
    """413 problem+json for bodies over the limit; `Content-Length` is checked up front."""

    def __init__(self, app: ASGIApp, default_limit: int, path_limits: dict[str, int]) -> None:
        self.app = app
        self.default_limit = default_limit
        self.path_limits = path_limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = self.path_limits.get(path, self.default_limit)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await self._reject(scope, receive, send, limit)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except (_TooLarge, BaseExceptionGroup) as exc:
            # Middleware built on task groups re-raises it wrapped in an exception group.
            too_large = isinstance(exc, _TooLarge) or (
                isinstance(exc, BaseExceptionGroup) and exc.subgroup(_TooLarge) is not None
            )
            if started or not too_large:
                raise
            await self._reject(scope, receive, send, limit)

    @staticmethod
    async def _reject(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = PayloadTooLarge(f"request body exceeds {limit} bytes")
        await error_response(error, scope["path"])(scope, receive, send)
