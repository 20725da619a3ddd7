"""Reading the vectors in parts: the same rows and deletions as one read, one generation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from factdesk.models import Source, StatementIn
from factdesk.store.base import PreparedStatement
from factdesk.store.sqlite import SqliteStore


def prepared(i: int) -> PreparedStatement:
    vector = np.zeros(8, dtype=np.float32)
    vector[i % 8] = 1.0
    return PreparedStatement(
        id=f"s{i}",
        language="en",
        statement=StatementIn(text=f"statement {i}", source=Source(title="t")),
        lexical=f"statement {i}",
        parsed={},
        vector=vector,
        english_vector=vector if i % 2 else None,
    )


def test_batches_add_up_to_one_read(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "b.db")
    store.write([prepared(i) for i in range(7)])
    g1 = store.generation()
    store.delete("s1")
    store.write([prepared(i) for i in range(7, 10)])

    whole = store.vectors_since(0)
    parts = list(store.vector_batches_since(0, batch=3))
    assert [len(p.ids) for p in parts] == [3, 3, 3]
    assert [i for p in parts for i in p.ids] == whole.ids
    assert np.array_equal(np.concatenate([p.vectors for p in parts]), whole.vectors)
    assert {p.generation for p in parts} == {whole.generation}
    english = [p.english_delta() for p in parts]
    assert [i for e in english for i in e.ids] == whole.english_delta().ids

    since = list(store.vector_batches_since(g1, batch=2))
    assert since[0].deleted == ["s1"] and all(not p.deleted for p in since[1:])
    assert [i for p in since for i in p.ids] == ["s7", "s8", "s9"]

    nothing = list(store.vector_batches_since(store.generation(), batch=2))
    assert len(nothing) == 1 and nothing[0].ids == [] and nothing[0].deleted == []
    store.close()
