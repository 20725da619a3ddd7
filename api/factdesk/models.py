"""Domain models of sourced statements, shared by the store, the engine and the wire schemas.

These are pydantic models (validation is the point of them) but know nothing of HTTP.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from factdesk.text import normalize_text

MAX_TEXT_CHARS = 2000
# A BCP-47 language tag ("en", "ko", "en-US", "zh-Hant-TW"): the one pattern every field, query
# parameter and importer that takes a language checks against.
LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class StatementKind(StrEnum):
    """`fact`: a sourced factual sentence. `fact_check`: a published fact-check's claim + rating."""

    FACT = "fact"
    FACT_CHECK = "fact_check"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(_Strict):
    """Where a statement comes from. At least a `url` or a `title` is required."""

    url: HttpUrl | None = None
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    publisher: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    author: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    published_at: dt.date | None = None

    @model_validator(mode="after")
    def _url_or_title(self) -> Source:
        if self.url is None and self.title is None:
            raise ValueError("source needs at least a url or a title")
        return self


class Rating(_Strict):
    """A published fact-check's verdict on the claim in the statement's text."""

    label: Annotated[str, Field(min_length=1, max_length=100)]
    # JSON has no infinity, but Python's parser reads 1e999 as one; it would be stored and then
    # answered as null.
    value: Annotated[float, Field(allow_inf_nan=False)] | None = None
    best: Annotated[float, Field(allow_inf_nan=False)] | None = None
    worst: Annotated[float, Field(allow_inf_nan=False)] | None = None


class StatementIn(_Strict):
    """A statement as clients write it (API body, NDJSON line, fixture)."""

    id: (
        Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:~-]+$")] | None
    ) = None
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = None
    kind: StatementKind = StatementKind.FACT
    quote: Annotated[str, Field(min_length=1, max_length=5000)] | None = None
    source: Source
    rating: Rating | None = None
    claimant: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Who made the claim a fact-check reviews (fact_check only)."
    )
    claim_date: dt.date | None = Field(
        default=None, description="When the reviewed claim was made (fact_check only)."
    )
    tags: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100)]], Field(max_length=50)
    ] = []

    @field_validator("text")
    @classmethod
    def _normalise_text(cls, value: str) -> str:
        cleaned = normalize_text(value)
        if not cleaned:
            raise ValueError("text is empty after normalisation")
        if not any(ch.isalnum() for ch in cleaned):
            # Nothing a claim could be checked against ("🙂", "!!!", invisible joiners).
            raise ValueError("text has no letters or digits")
        return cleaned

    @field_validator("language")
    @classmethod
    def _lower_language(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @model_validator(mode="after")
    def _rating_only_for_fact_checks(self) -> StatementIn:
        if self.kind is not StatementKind.FACT_CHECK:
            for name in ("rating", "claimant", "claim_date"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name} is only allowed on statements of kind fact_check")
        return self


class Statement(StatementIn):
    """A stored statement: an id, a language and the store's timestamps are always present."""

    id: str
    language: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def wire(self) -> dict[str, Any]:
        """JSON-ready dict without unset optional fields."""
        return self.model_dump(mode="json", exclude_none=True)
