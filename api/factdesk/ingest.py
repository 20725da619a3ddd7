"""Reading statements from files and bodies: NDJSON, CSV with a header, a JSON array, or
ClaimReview JSON-LD (see `factdesk.claimreview`).

Every record is validated on its own: valid ones are written in batches (each batch one
transaction), invalid ones are reported with their line (or record) number and reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from factdesk.claimreview import statement_records
from factdesk.engine.service import Verifier
from factdesk.models import StatementIn
from factdesk.problems import field_errors, summary

BATCH_SIZE = 256
_JSON_LD_HEAD = re.compile(r'\s*\[?\s*\{\s*"@(context|type|graph|id)"')
# The json module raises RecursionError, not a decode error, on input nested past the
# interpreter's recursion limit (about a thousand levels of `[`).
_TOO_DEEP = "JSON nested too deeply"


@dataclass(slots=True)
class Rejection:
    line: int
    reason: str


@dataclass(slots=True)
class ImportOutcome:
    created: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    generation: int = 0


class MalformedInput(ValueError):
    """The input as a whole cannot be read (not UTF-8, not a JSON array, no CSV header)."""


def validation_reason(exc: ValidationError) -> str:
    return summary(field_errors(list(exc.errors())))


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    # Flat CSV columns: text, language, kind, quote, source_url, source_title, source_publisher,
    # source_author, source_published_at, rating_label, rating_value, rating_best, rating_worst,
    # tags (separated by "|"); source.url style dotted names are accepted too.
    record: dict[str, Any] = {}
    for raw_key, value in row.items():
        if raw_key is None or value is None or value == "":
            continue
        key = raw_key.strip().replace(".", "_")
        if key.startswith("source_"):
            record.setdefault("source", {})[key.removeprefix("source_")] = value
        elif key.startswith("rating_"):
            sub = key.removeprefix("rating_")
            record.setdefault("rating", {})[sub] = value if sub == "label" else float(value)
        elif key == "tags":
            record["tags"] = [t.strip() for t in value.split("|") if t.strip()]
        else:
            record[key] = value
    return record


def _whole_document(text: str, what: str) -> Any:
    """One JSON document, or `MalformedInput` naming what it should have been."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInput(f"not valid {what}: {exc}") from exc
    except RecursionError as exc:
        raise MalformedInput(_TOO_DEEP) from exc


def records_from_text(text: str, fmt: str) -> Iterator[tuple[int, Any]]:
    """(line or record number, decoded value or a `json.JSONDecodeError`) for each record."""
    if fmt == "ndjson":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, exc
                except RecursionError:
                    yield number, ValueError(_TOO_DEEP)
    elif fmt == "json":
        data = _whole_document(text, "JSON")
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise MalformedInput("a JSON file must hold an array of statements")
        yield from enumerate(data, start=1)
    elif fmt == "claimreview":
        found = list(statement_records(_whole_document(text, "JSON-LD")))
        if not found:
            raise MalformedInput("the JSON-LD holds no ClaimReview")
        yield from found
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "text" not in [f.strip() for f in reader.fieldnames]:
            raise MalformedInput("a CSV file needs a header row with at least a `text` column")
        for row in reader:
            try:
                yield reader.line_num, _csv_record(row)
            except ValueError as exc:
                yield reader.line_num, exc
    else:
        raise MalformedInput(f"unknown format {fmt!r}")


def detect_format(name: str, head: str) -> str:
    """The format of a file from its name and its first characters: a `.jsonld` file, or JSON
    that starts with JSON-LD keywords, is ClaimReview."""
    lowered = name.lower()
    if lowered.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".jsonld") or _JSON_LD_HEAD.match(head):
        return "claimreview"
    if lowered.endswith(".json"):
        return "json"
    return "json" if head.lstrip().startswith("[") else "ndjson"


def import_records(
    verifier: Verifier,
    records: Iterable[tuple[int, Any]],
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Validate records one by one and write the valid ones in batches."""
    outcome = ImportOutcome(generation=verifier.store.generation())
    batch: list[StatementIn] = []

    def flush() -> None:
        if not batch:
            return
        result = verifier.write(batch)
        outcome.created += len(result.created)
        outcome.updated += len(result.updated)
        outcome.generation = result.generation
        if progress is not None:
            progress(len(batch))
        batch.clear()

    for number, value in records:
        if isinstance(value, Exception):
            outcome.rejected.append(Rejection(number, f"invalid record: {value}"))
            continue
        if not isinstance(value, dict):
            outcome.rejected.append(Rejection(number, "a statement must be a JSON object"))
            continue
        try:
            batch.append(StatementIn.model_validate(value))
        except ValidationError as exc:
            outcome.rejected.append(Rejection(number, validation_reason(exc)))
            continue
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    return outcome
