"""A statement as `PostgresStore` writes its row: the column values, the upsert, the halfvec."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from pgvector import HalfVector

from factdesk.store.base import PreparedStatement, StoreError

DIMENSIONS = 384  # the English (MiniLM) column's width
# Main vector widths with an HNSW index (migration 0004): e5-small, use-m3, e5-small+use-m3.
VECTOR_WIDTHS = (384, 512, 896)


def halfvec(vector: Any, what: str, widths: tuple[int, ...] = (DIMENSIONS,)) -> HalfVector:
    array = np.asarray(vector, dtype=np.float32).ravel()
    if array.shape[0] not in widths:
        raise StoreError(
            f"{what} has {array.shape[0]} dimensions; this store holds "
            f"{' or '.join(map(str, widths))}-dimensional ones"
        )
    return HalfVector(array)


_COLUMNS = (
    "id",
    "body",
    "language",
    "kind",
    "source_url",
    "published_at",
    "lexical",
    "lexical_length",
    "parsed",
    "vector",
    "english_vector",
    "seq",
    "created_at",
    "updated_at",
)
UPSERT = (
    f"INSERT INTO statements ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('%s' for _ in _COLUMNS)}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c not in ("id", "created_at"))
)


def statement_row(item: PreparedStatement) -> tuple[Any, ...]:
    """A prepared statement as the values of `UPSERT`'s first 11 columns; raises `StoreError`
    for a vector of the wrong width before any SQL runs."""
    st = item.statement
    body = json.dumps(
        {
            **st.model_dump(mode="json", exclude_none=True),
            "id": item.id,
            "language": item.language,
        },
        ensure_ascii=False,
    )
    english = (
        halfvec(item.english_vector, f"{item.id}: English vector")
        if item.english_vector is not None
        else None
    )
    return (
        item.id,
        body,
        item.language,
        str(st.kind),
        str(st.source.url) if st.source.url else None,
        st.source.published_at,
        item.lexical,
        len(item.lexical.split()),
        json.dumps(item.parsed, ensure_ascii=False),
        halfvec(item.vector, f"{item.id}: vector", VECTOR_WIDTHS),
        english,
    )
