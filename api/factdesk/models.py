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
    # A field's docstring is its description in the OpenAPI document.
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True
    )


class Source(_Strict):
    """Where a statement comes from. At least a `url` or a `title` is required."""

    url: HttpUrl | None = None
    """The page the statement was taken from (cited in verdicts and ClaimReview `citation`)."""
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    """The page's or document's title."""
    publisher: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """Who published it (a newspaper, an agency, a ministry): named in summaries."""
    author: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """Who wrote it, when known."""
    published_at: dt.date | None = None
    """When it was published; relative dates in its text ("11일", "last year") resolve
    against it, and `as_of` searches leave out sources published later."""

    @model_validator(mode="after")
    def _url_or_title(self) -> Source:
        if self.url is None and self.title is None:
            raise ValueError("source needs at least a url or a title")
        return self


class Rating(_Strict):
    """A published fact-check's verdict on the claim in the statement's text."""

    label: Annotated[str, Field(min_length=1, max_length=100)]
    """The fact-checker's own rating words ("False", "Mostly true", "사실 아님")."""
    # JSON has no infinity, but Python's parser reads 1e999 as one; it would be stored and then
    # answered as null.
    value: Annotated[float, Field(allow_inf_nan=False)] | None = None
    """The rating on the fact-checker's numeric scale, when it has one."""
    best: Annotated[float, Field(allow_inf_nan=False)] | None = None
    """The scale's best (most true) value."""
    worst: Annotated[float, Field(allow_inf_nan=False)] | None = None
    """The scale's worst (most false) value."""


class StatementIn(_Strict):
    """A statement as clients write it (API body, NDJSON line, fixture)."""

    id: (
        Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:~-]+$")] | None
    ) = None
    """Your id for the statement (letters, digits and `._:~-`); one is made from the text
    when left out, so the same statement imported twice is stored once."""
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
    """The statement as one sentence a claim is matched against (for a fact-check: the claim
    it reviewed)."""
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = None
    """BCP-47 language of `text` (en, ko, …); detected when left out."""
    kind: StatementKind = StatementKind.FACT
    """`fact` for a sourced statement, `fact_check` for a published fact-check's claim with
    its `rating`."""
    quote: Annotated[str, Field(min_length=1, max_length=5000)] | None = None
    """The source's original words, when `text` is a restatement of them."""
    source: Source
    """Where the statement comes from."""
    rating: Rating | None = None
    """The fact-check's verdict (`fact_check` statements only)."""
    claimant: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Who made the claim a fact-check reviews (fact_check only)."
    )
    claim_date: dt.date | None = Field(
        default=None, description="When the reviewed claim was made (fact_check only)."
    )
    tags: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100)]], Field(max_length=50)
    ] = []
    """Free labels for your own use (topic, desk, batch); stored and returned as given."""

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
    """The statement's id in the store."""
    language: str
    """The language of `text`, as given or detected."""
    created_at: dt.datetime
    """When the store first held it (UTC)."""
    updated_at: dt.datetime
    """When it was last written (UTC)."""

    def wire(self) -> dict[str, Any]:
        """JSON-ready dict without unset optional fields."""
        return self.model_dump(mode="json", exclude_none=True)
