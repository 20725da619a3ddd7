"""Copying every statement from one store to another, analysis and vectors included, and the
ClaimReview markup pages that own some of them.

Moving from the embedded SQLite store to PostgreSQL (or back) needs no re-embedding: the rows
are read through the `StatementStore` interface and written in batches, as prepared.
"""

from __future__ import annotations

from collections.abc import Callable

from factdesk.models import StatementIn
from factdesk.store.base import PreparedStatement, StatementStore


def copy_statements(
    source: StatementStore,
    target: StatementStore,
    *,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every statement of `source` into `target` (insert or update by id) with its stored
    analysis, vector and English vector; return how many were copied. Each batch is one
    transaction of `target`; the store timestamps are those of the copy."""
    delta = source.vectors_since(0)
    row = {sid: i for i, sid in enumerate(delta.ids)}
    english = {delta.ids[i]: n for n, i in enumerate(delta.english_rows)}
    copied = 0
    for start in range(0, len(delta.ids), batch):
        ids = delta.ids[start : start + batch]
        statements = source.get_many(ids)
        analyses = source.get_analysis(ids)
        items = []
        for sid in ids:
            statement, analysis = statements.get(sid), analyses.get(sid)
            if statement is None or analysis is None:  # deleted since the vectors were read
                continue
            n = english.get(sid)
            items.append(
                PreparedStatement(
                    id=sid,
                    language=analysis.language,
                    statement=StatementIn.model_validate(
                        statement.model_dump(exclude={"created_at", "updated_at"})
                    ),
                    lexical=analysis.lexical,
                    parsed=analysis.parsed,
                    vector=delta.vectors[row[sid]],
                    english_vector=delta.english_vectors[n] if n is not None else None,
                )
            )
        target.write(items)
        copied += len(items)
        if progress is not None:
            progress(len(ids))
    copy_pages(source, target)
    return copied


def copy_pages(source: StatementStore, target: StatementStore, *, batch: int = 500) -> int:
    """Write every page of `source` into `target` as it is (version included), after its
    statements were copied; return how many. A page already in `target` is replaced."""
    copied, after = 0, None
    while pages := source.list_pages(after=after, limit=batch):
        for page in pages:
            target.put_page(page, [], create=target.get_page(page.id) is None)
        copied += len(pages)
        after = pages[-1].id
    return copied
