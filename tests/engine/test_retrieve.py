"""Retrieval with the English second opinion: which candidates get it, and which model scores
them. Real embedders over a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factdesk.embed import create_embedder
from factdesk.engine.rerank import FEATURES, MODEL_FEATURES, Model, Reranker
from factdesk.engine.retrieve import scoring_model
from factdesk.engine.service import Verifier
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.models import Source, StatementIn
from factdesk.store.base import StatementFilter
from factdesk.store.sqlite import SqliteStore

_SOURCE = Source(title="test")
STATEMENTS = [
    StatementIn(id="en-sue", text="Elon Musk sued OpenAI in March 2024.", source=_SOURCE),
    StatementIn(
        id="en-grok", text="xAI unveiled Grok a month after it was founded.", source=_SOURCE
    ),
    StatementIn(id="ko-sue", text="머스크는 2024년 3월 오픈AI를 고소했다.", source=_SOURCE),
]


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Verifier]:
    store = SqliteStore(tmp_path_factory.mktemp("retrieve") / "r.db")
    made = Verifier(
        store,
        create_embedder("e5-small"),
        RuleStanceJudge(),
        english=create_embedder("minilm-l6"),
    )
    made.write(STATEMENTS)
    yield made
    store.close()


def test_english_claim_gets_the_english_signal_on_english_statements(verifier: Verifier) -> None:
    hits, _ = verifier.search("Musk sued OpenAI", top_k=3)
    assert hits[0].statement.id in {"en-sue", "ko-sue"}
    text = "Musk sued OpenAI"
    english = verifier.embed_query(text, verifier.english)
    pool = verifier.retriever.candidates(
        ["musk", "sue", "openai"], verifier.embed_query(text), _no_filter(), english
    )
    by_id = {c.id: c for c in pool.candidates}
    assert by_id["en-sue"].english is not None and by_id["ko-sue"].english is None
    assert scoring_model(by_id["en-sue"], "en") is Model.ENGLISH
    assert scoring_model(by_id["ko-sue"], "en") is Model.DENSE
    assert pool.best_english == max(c.english or 0.0 for c in pool.candidates)


def test_korean_claim_never_uses_it(verifier: Verifier) -> None:
    cands, _ = verifier._candidates("머스크가 오픈AI를 고소했다", "ko", _no_filter(), 3)
    assert all(c.english is None for c in cands)
    assert cands[0].id == "ko-sue"


def test_a_statement_rewritten_in_korean_leaves_the_english_index(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "w.db")
    made = Verifier(
        store, create_embedder("e5-small"), RuleStanceJudge(), english=create_embedder("minilm-l6")
    )
    try:
        made.write(STATEMENTS[:1])
        made.index.refresh()
        assert made.index.english is not None and "en-sue" in made.index.english
        made.write([StatementIn(id="en-sue", text="머스크는 오픈AI를 고소했다.", source=_SOURCE)])
        made.index.refresh()
        assert "en-sue" not in made.index.english and "en-sue" in made.index.index
    finally:
        store.close()


def test_without_an_english_embedder_nothing_changes_shape(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "plain.db")
    made = Verifier(store, create_embedder("e5-small"), RuleStanceJudge())
    try:
        made.write(STATEMENTS)
        hits, _ = made.search("xAI launched Grok", top_k=2)
        assert hits[0].statement.id == "en-grok"
        assert made.index.english is None
    finally:
        store.close()


def test_a_combined_main_vector_splits_back_into_e5_and_use(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "combined.db")
    combined = create_embedder("e5-small+use-m3")
    e5 = create_embedder("e5-small")
    made = Verifier(store, combined, RuleStanceJudge(), english=create_embedder("minilm-l6"))
    try:
        made.write(STATEMENTS)
        text = "머스크가 오픈AI를 고소했다"
        pool = made.retriever.candidates(
            ["머스크", "오픈ai", "고소"], made.embed_query(text), _no_filter()
        )
        by_id = {c.id: c for c in pool.candidates}
        sue = by_id["en-sue"]
        # `semantic` stays the e5 cosine (what the stance judge's thresholds were tuned on).
        expected = float(e5.embed_queries([text])[0] @ e5.embed_passages([STATEMENTS[0].text])[0])
        assert sue.semantic == pytest.approx(expected, abs=2e-3)
        assert sue.multilingual is not None and sue.multilingual > 0.3
        assert scoring_model(sue, "ko") is Model.CROSSLINGUAL
        assert scoring_model(by_id["ko-sue"], "ko") is Model.FULL_MULTILINGUAL
        # Tilting the fused cosine towards USE moves the pool's order, not the parts read back.
        made.retriever.fusion = (1.0, 2.0)
        tilted = made.retriever.candidates(
            ["머스크", "오픈ai", "고소"], made.embed_query(text), _no_filter()
        )
        again = {c.id: c for c in tilted.candidates}["en-sue"]
        assert again.semantic == pytest.approx(sue.semantic, abs=1e-4)
        assert again.multilingual == pytest.approx(sue.multilingual, abs=1e-4)
        made.retriever.fusion = (1.0, 1.0)
        hits, _ = made.search("Musk sued OpenAI", top_k=3, language="ko")
        assert hits[0].statement.id == "ko-sue"
    finally:
        store.close()


def test_committed_weights_cover_every_model() -> None:
    reranker = Reranker.load()
    assert set(reranker.models) == set(Model)
    assert Reranker.from_json(reranker.to_json()) == reranker
    for model, indices in MODEL_FEATURES.items():
        assert len(reranker.models[model].weights) == len(indices) <= len(FEATURES)


def _no_filter() -> StatementFilter:
    return StatementFilter()
