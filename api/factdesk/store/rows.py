"""What the SQL stores share between their rows and the models: a statement read back from its
stored JSON body, the write timestamp, and the SQL of a `StatementFilter`."""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from factdesk.models import Statement
from factdesk.store.base import StatementFilter


def write_time() -> dt.datetime:
    """The time a write is stamped with: now in UTC at millisecond precision, as both stores
    keep it, so they put the same timestamps on the wire."""
    current = dt.datetime.now(dt.UTC)
    return current.replace(microsecond=current.microsecond // 1000 * 1000)


def statement_from_row(
    body: str, created_at: str | dt.datetime, updated_at: str | dt.datetime
) -> Statement:
    """The statement stored as `body` (its wire JSON), with its timestamps."""
    data = json.loads(body)
    data["created_at"] = created_at
    data["updated_at"] = updated_at
    return Statement.model_validate(data)


class FilterTerm(NamedTuple):
    """One restriction of a filter: `condition` names the statements table as `{s}` and holds
    `{p}` where the parameter `name`, of value `value`, goes."""

    name: str
    condition: str
    value: object


def filter_terms(flt: StatementFilter) -> list[FilterTerm]:
    """The restrictions `flt` sets, in a fixed order (dates as `datetime.date`)."""
    terms: list[FilterTerm] = []
    if flt.language:
        terms.append(FilterTerm("language", "{s}.language = {p}", flt.language))
    if flt.kind:
        terms.append(FilterTerm("kind", "{s}.kind = {p}", str(flt.kind)))
    if flt.source_url:
        terms.append(FilterTerm("source_url", "{s}.source_url = {p}", flt.source_url))
    if flt.published_after:
        terms.append(FilterTerm("after", "{s}.published_at >= {p}", flt.published_after))
    if flt.published_before:
        terms.append(FilterTerm("before", "{s}.published_at <= {p}", flt.published_before))
    if flt.as_of:
        # Undated statements pass an as-of filter: nothing says they came later.
        as_of = "({s}.published_at IS NULL OR {s}.published_at <= {p})"
        terms.append(FilterTerm("as_of", as_of, flt.as_of))
    return terms
