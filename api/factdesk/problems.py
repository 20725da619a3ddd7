"""The wire shape of an error: RFC 9457 problem details, and pydantic's validation errors
translated into JSON pointers. Pydantic only, so that the HTTP client can read error bodies
without importing the server (`factdesk.errors` raises and renders them)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://factdesk.dev/problems/"


class FieldError(BaseModel):
    """One invalid input: where it is (JSON pointer into the body, or a parameter) and why."""

    pointer: str = Field(
        examples=["#/claim"],
        description="A JSON pointer into the body (`#/claim`), or `query:NAME` / `path:NAME` "
        "for a parameter.",
    )
    message: str = Field(
        examples=["String should have at least 1 character"], description="What is wrong there."
    )


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(
        examples=[PROBLEM_TYPE_BASE + "validation"],
        description="A URI naming the kind of problem; the same for every problem of its kind.",
    )
    title: str = Field(
        examples=["Request validation failed"], description="A short summary of the kind."
    )
    status: int = Field(examples=[422], description="The HTTP status code.")
    detail: str | None = Field(
        default=None, description="What went wrong with this request, for a person to read."
    )
    instance: str | None = Field(
        default=None, examples=["/v1/verify"], description="The path of the request."
    )
    errors: list[FieldError] | None = Field(
        default=None, description="Each invalid input, for validation problems."
    )


def _is_union_member(part: int | str) -> bool:
    # pydantic names the branch of a union in the location ("list[...]", "function-after[...]");
    # field names never contain brackets.
    return isinstance(part, str) and ("[" in part or "(" in part)


def pointer(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """Pydantic location → JSON pointer (`("body", "source", "url")` → `#/source/url`)."""
    parts = [p for p in loc if not _is_union_member(p)]
    where = parts[0] if parts else "body"
    rest = parts[1:] if where in ("body", "query", "path", "header") else parts
    path = "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in rest)
    if where in ("query", "path", "header"):
        return f"{where}:{path}"
    return "#/" + path if path else "#"


_BRANCH_TYPE_ERRORS = {"list_type", "model_type", "model_attributes_type", "dict_type"}


def field_errors(raw: list[Any]) -> list[FieldError]:
    """Pydantic errors as pointer + message. For a body that may be one object or a list, the
    complaint of the branch the input plainly is not ("should be a list") is dropped."""
    out = []
    for err in raw:
        loc = list(err.get("loc", ()))
        if err.get("type") in _BRANCH_TYPE_ERRORS and any(_is_union_member(p) for p in loc):
            continue
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            msg = "unknown field"
        out.append(FieldError(pointer=pointer(loc), message=msg))
    return out


def summary(errors: list[FieldError]) -> str:
    """The `detail` of a validation problem: each error as `pointer: message`."""
    return "; ".join(f"{e.pointer}: {e.message}" for e in errors)
