"""The seed fixtures' passage vectors shipped beside them: a new store's first start embeds
none of them, stores what the models would have computed, and a table from another model is
not used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factdesk.config import Settings
from factdesk.embed import create_embedder
from factdesk.embed.precomputed import (
    Precomputed,
    load_table,
    shipped_vectors,
    table_path,
    text_key,
    write_table,
)
from factdesk.engine.service import index_text
from factdesk.ingest import import_records, records_from_text
from factdesk.main import build_verifier
from factdesk.models import StatementIn

from tests.paths import SEED_STATEMENTS

SEED = SEED_STATEMENTS
REGENERATE = "run `factdesk vectors write` after changing factdesk/seed/statements.ndjson"


def test_the_seed_import_embeds_nothing_and_stores_the_models_vectors(tmp_path: Path) -> None:
    verifier = build_verifier(
        Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}", seed_fixtures=False)
    )
    real_main, real_english = verifier.embedder, verifier.english
    with shipped_vectors(verifier, SEED):
        assert isinstance(verifier.embedder, Precomputed), REGENERATE
        assert isinstance(verifier.english, Precomputed), REGENERATE
        outcome = import_records(verifier, records_from_text(SEED.read_text("utf-8"), "ndjson"))
        assert verifier.embedder.computed == 0 and verifier.english.computed == 0, REGENERATE
        assert verifier.embedder.served == outcome.created == 67
    assert verifier.embedder is real_main and verifier.english is real_english

    # What was stored is what the model computes now (float16 in the store either way).
    items = [
        StatementIn.model_validate(r) for _, r in records_from_text(SEED.read_text(), "ndjson")
    ]
    fresh = real_main.embed_passages([index_text(item) for item in items[:5]])
    stored = verifier.store.vectors_since(0)
    row = {sid: i for i, sid in enumerate(stored.ids)}
    for item, vector in zip(items[:5], fresh, strict=True):
        assert item.id is not None
        assert float(stored.vectors[row[item.id]] @ vector) > 0.999
    verifier.store.close()


def test_passages_missing_from_the_table_are_embedded() -> None:
    e5 = create_embedder("e5-small")
    texts = ["Grok was released by xAI.", "OpenAI was founded in 2015."]
    table = {text_key(texts[0]): e5.embed_passages(texts[:1])[0].astype(np.float16)}
    wrapped = Precomputed(e5, table)
    out = wrapped.embed_passages(texts)
    assert wrapped.served == 1 and wrapped.computed == 1
    expected = e5.embed_passages(texts)
    assert np.allclose(out, expected, atol=2e-3)
    assert np.array_equal(wrapped.embed_queries(texts[:1]), e5.embed_queries(texts[:1]))


def test_a_table_from_another_model_is_not_used(tmp_path: Path) -> None:
    e5 = create_embedder("e5-small")
    seed = tmp_path / "seed.ndjson"
    seed.write_text("")
    passages = {"e5-small": ["The first passage.", "The second passage."]}
    write_table(table_path(seed), passages, [e5])
    assert load_table(table_path(seed), e5) is not None
    assert load_table(table_path(seed), create_embedder("minilm-l6")) is None  # not in it

    # The same file with the probe's vector from elsewhere: the installed model disagrees.
    with np.load(table_path(seed)) as data:
        arrays = {k: data[k] for k in data}
    arrays["e5-small.vectors"] = arrays["e5-small.vectors"][::-1].copy()
    np.savez(table_path(seed), **arrays)
    assert load_table(table_path(seed), e5) is None


@pytest.mark.parametrize("content", [b"", b"not a zip file"])
def test_an_unreadable_table_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "seed.vectors.npz"
    path.write_bytes(content)
    assert load_table(path, create_embedder("e5-small")) is None
