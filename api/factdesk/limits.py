"""The configurable bounds of request fields (claim length, batch size, top_k, …). Body sizes are
limited while the body streams in, in `factdesk.bodylimit`.

A field bound comes from the settings of the app serving the request, yet FastAPI validates
request bodies before any route code runs and passes no context to the validators. So `Limit`
reads the settings from a context variable that `FieldLimits` sets for each request (and that
`openapi_with_limits` sets while the OpenAPI document is generated, so the document shows the
configured bounds). Outside both, the settings' defaults apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

if TYPE_CHECKING:  # the wire schemas use `Limit`, and the HTTP client imports them
    from starlette.types import ASGIApp, Receive, Scope, Send

    from factdesk.config import Settings

_active: ContextVar[Settings | None] = ContextVar("factdesk_limits", default=None)


@contextmanager
def limits_of(settings: Settings) -> Iterator[None]:
    """Field bounds come from `settings` inside this block."""
    token = _active.set(settings)
    try:
        yield
    finally:
        _active.reset(token)


def current_limit(setting: str) -> int:
    """The value of an integer setting for the request being served (else its default)."""
    settings = _active.get()
    if settings is None:
        # Imported here: the settings module loads the index backends (numpy), which the HTTP
        # client, importing the wire schemas and so this module, must not.
        from factdesk.config import Settings

        return int(Settings.model_fields[setting].default)
    return int(getattr(settings, setting))


# How a bound is broken, per kind of value, in the words pydantic uses for its own bounds.
_ERRORS: dict[str, tuple[str, str]] = {
    "str": ("string_too_long", "String should have at most {max_length} characters"),
    "list": ("too_long", "List should have at most {max_length} items, not {actual}"),
    "int": ("less_than_equal", "Input should be less than or equal to {max_length}"),
}
_KEYWORDS = {"string": "maxLength", "array": "maxItems", "integer": "maximum"}


@dataclass(frozen=True)
class Limit:
    """`Annotated[str, Limit("max_claim_chars")]`: the value may be at most as long (a string or
    list) or as large (an integer) as the named setting says. The OpenAPI schema shows the bound
    (`maxLength`, `maxItems` or `maximum`) and names its setting in `x-factdesk-setting`.

    `clamped=True` documents a bound the route applies itself by clamping (a page size): larger
    values are not refused."""

    setting: str
    clamped: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        inner = handler(source)
        kind = inner["type"]
        if kind not in _ERRORS:
            raise TypeError(f"Limit applies to str, list or int, not {kind}")
        if self.clamped:
            return inner
        error_type, message = _ERRORS[kind]

        def check(value: Any) -> Any:
            bound = current_limit(self.setting)
            size = value if kind == "int" else len(value)
            if size > bound:
                raise PydanticCustomError(
                    error_type, message, {"max_length": bound, "actual": size}
                )
            return value

        return core_schema.no_info_after_validator_function(check, inner)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema[_KEYWORDS[json_schema["type"]]] = current_limit(self.setting)
        json_schema["x-factdesk-setting"] = f"FACTDESK_{self.setting.upper()}"
        return json_schema


class FieldLimits:
    """Makes the app's settings the source of `Limit` bounds while it serves a request."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with limits_of(self.settings):
            await self.app(scope, receive, send)


def openapi_with_limits(
    generate: Callable[[], dict[str, Any]], settings: Settings
) -> Callable[[], dict[str, Any]]:
    """Wrap an app's `openapi` so the document shows the bounds configured in `settings`."""

    def openapi() -> dict[str, Any]:
        with limits_of(settings):
            return generate()

    return openapi
