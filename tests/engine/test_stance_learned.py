"""The learned stance judge: the shipped weights, the way the service feeds them the stored
vectors, the two ways it joins the rules, and the fitting code. Real e5 vectors, a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from factdesk.config import Settings
from factdesk.embed import create_embedder
from factdesk.embed.base import Embedder
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.service import Verifier
from factdesk.engine.stance import Stance, StanceJudge
from factdesk.engine.stance.learned import (
    FEATURES,
    STANCES,
    LearnedStanceJudge,
    PairSignals,
    StanceModel,
    create_judge,
)
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.eval.fit_stance import fit_logistic, fold
from factdesk.models import Source, StatementIn
from factdesk.store.base import StatementFilter
from factdesk.store.sqlite import SqliteStore

# (claim, evidence, stance, probabilities in STANCES order) recorded with the shipped weights
# (`python -m factdesk.eval.fit_stance … --write`); refitting changes them, and this test says so.
RECORDED: list[tuple[str, str, str, tuple[float, float, float]]] = [
    (
        "Sea levels rose during the twentieth century.",
        "Global mean sea level rose by about 20 centimetres over the twentieth century.",
        "supports",
        (0.70, 0.22, 0.08),
    ),
    (
        "Arctic sea ice has not declined.",
        "Arctic sea ice extent has declined sharply since satellite records began in 1979.",
        "refutes",
        (0.16, 0.81, 0.03),
    ),
    (
        "The volcano erupted in 1883.",
        "The island is home to several species of rare orchids.",
        "neutral",
        (0.08, 0.21, 0.71),
    ),
    (
        "The orchestra gave its first concert in spring.",
        "The orchestra's first concert took place in the spring of that year.",
        "supports",
        (0.69, 0.09, 0.22),
    ),
    (
        "그 선수는 결승전에서 골을 넣지 못했다.",
        "그 선수는 결승전에서 두 골을 넣었다.",
        "refutes",
        (0.15, 0.64, 0.21),
    ),
    (
        "그 회사는 올해 새 공장을 지었다.",
        "그 지역에는 오래된 시장이 있다.",
        "neutral",
        (0.10, 0.24, 0.66),
    ),
]


@pytest.fixture(scope="module")
def e5() -> Embedder:
    return create_embedder("e5-small")


def _judge_directly(
    judge: LearnedStanceJudge, e5: Embedder, claim: str, evidence: str
) -> tuple[Stance, tuple[float, ...], str]:
    """The judge on one pair with vectors embedded here, not read from a store."""
    u = e5.embed_queries([claim])[0]
    v = e5.embed_passages([evidence])[0]
    side = judge.claim_side(u)
    d0, d1, d2 = (side.directions @ v).tolist()
    parsed_claim, parsed_evidence = parse(claim), parse(evidence)
    claim_tokens = set(lexical_tokens(claim, detect_language(claim)))
    evidence_tokens = set(lexical_tokens(evidence, detect_language(evidence)))
    coverage = len(claim_tokens & evidence_tokens) / len(claim_tokens)
    result = judge.judge_with(
        parsed_claim, parsed_evidence, float(u @ v), side, PairSignals((d0, d1, d2), coverage)
    )
    learned = next(r for r in result.reasons if r.type == "learned")
    assert learned.detail is not None
    probs = tuple(float(part.split("=")[1]) for part in learned.detail.split(": ")[1].split())
    return result.stance, probs, learned.detail


def test_shipped_weights_load_and_match_the_features() -> None:
    model = StanceModel.load()
    assert model.features == FEATURES
    dim = create_embedder("e5-small").dim
    assert model.claim.shape == model.evidence.shape == model.product.shape == (3, dim)
    assert model.scalar.shape == (3, len(FEATURES))
    assert model.embedder == "e5-small"
    fitted_on = model.meta["fitted_on"]
    assert isinstance(fitted_on, list) and fitted_on


@pytest.mark.parametrize(("claim", "evidence", "stance", "probs"), RECORDED)
def test_shipped_weights_reproduce_recorded_predictions(
    e5: Embedder, claim: str, evidence: str, stance: str, probs: tuple[float, float, float]
) -> None:
    got, got_probs, _ = _judge_directly(LearnedStanceJudge(mode="learned"), e5, claim, evidence)
    assert got.value == stance
    assert got_probs == pytest.approx(probs, abs=0.02)


def test_recorded_pairs_cover_each_stance_and_both_languages() -> None:
    assert {stance for _, _, stance, _ in RECORDED} == {s.value for s in STANCES}
    assert any(any("가" <= ch <= "힣" for ch in claim) for claim, _, _, _ in RECORDED)


def test_learned_judge_is_a_stance_judge_and_without_vectors_answers_as_the_rules() -> None:
    judge: StanceJudge = create_judge("learned")
    assert isinstance(judge, LearnedStanceJudge)
    claim = parse("The bridge opened in 1998.")
    evidence = parse("The bridge opened to traffic in 2004.")
    assert judge.judge(claim, evidence, 0.9) == RuleStanceJudge().judge(claim, evidence, 0.9)
    assert judge.name.startswith("learned-") and judge.name != create_judge("hybrid").name


def test_create_judge_knows_the_settings_names() -> None:
    assert isinstance(create_judge("rules"), RuleStanceJudge)
    assert isinstance(create_judge("hybrid"), LearnedStanceJudge)
    with pytest.raises(ValueError, match="unknown stance judge"):
        create_judge("nli")
    assert Settings().stance_judge == "rules"
    with pytest.raises(ValueError):
        Settings(stance_judge="nli")  # type: ignore[arg-type]


def test_hybrid_keeps_a_mismatch_the_rules_find(e5: Embedder) -> None:
    claim = "The museum received 2.4 million visitors in 2019."
    evidence = "The museum received 1.1 million visitors in 2019."
    ruled = RuleStanceJudge().judge(parse(claim), parse(evidence), 0.95)
    assert ruled.stance is Stance.REFUTES
    u, v = e5.embed_queries([claim])[0], e5.embed_passages([evidence])[0]
    hybrid = LearnedStanceJudge(mode="hybrid")
    side = hybrid.claim_side(u)
    d0, d1, d2 = (side.directions @ v).tolist()
    result = hybrid.judge_with(
        parse(claim), parse(evidence), float(u @ v), side, PairSignals((d0, d1, d2), 1.0)
    )
    assert result == RuleStanceJudge().judge(parse(claim), parse(evidence), float(u @ v))


_SOURCE = Source(title="test")
STATEMENTS = [
    StatementIn(
        id="lib",
        text="The city library reopened in May after a two-year renovation.",
        source=_SOURCE,
    ),
    StatementIn(id="rain", text="Heavy rain closed the coastal road on Tuesday.", source=_SOURCE),
    StatementIn(
        id="ko-lib",
        text="시립 도서관은 2년간의 보수 공사를 마치고 5월에 다시 문을 열었다.",
        source=_SOURCE,
    ),
]


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory, e5: Embedder) -> Iterator[Verifier]:
    store = SqliteStore(Path(tmp_path_factory.mktemp("learned")) / "l.db")
    made = Verifier(store, e5, LearnedStanceJudge(mode="learned"))
    made.write(STATEMENTS)
    yield made
    store.close()


def test_the_service_feeds_the_model_the_stored_vectors(verifier: Verifier, e5: Embedder) -> None:
    claim = "The city library reopened in May."
    _, _, judged, _ = verifier.judge(claim)
    by_id = {e.statement.id: e for e in judged}
    assert {"lib", "ko-lib"} <= set(by_id)
    judge = verifier.stance_judge
    assert isinstance(judge, LearnedStanceJudge)
    for sid in ("lib", "ko-lib"):
        evidence = by_id[sid]
        learned = [r for r in evidence.reasons if r.type == "learned"]
        assert learned, f"{sid} was not judged by the model"
        # The same pair with the statement embedded again here: the index's inner products
        # are the stored vectors', so the probabilities agree.
        text = next(s.text for s in STATEMENTS if s.id == sid)
        u = e5.embed_queries([claim])[0]
        v = e5.embed_passages([text])[0]
        side = judge.claim_side(u)
        d0, d1, d2 = (side.directions @ v).tolist()
        cand_cov = _coverage_of(verifier, claim, sid)
        direct = judge.judge_with(
            parse(claim), parse(text), float(u @ v), side, PairSignals((d0, d1, d2), cand_cov)
        )
        assert evidence.stance is direct.stance
        assert evidence.stance_score == pytest.approx(direct.score, abs=1e-3)


def _coverage_of(verifier: Verifier, claim: str, sid: str) -> float:
    cands, _ = verifier._candidates(claim, "en", _no_filter(), 10)
    return next(c.coverage for c in cands if c.id == sid)


def _no_filter() -> StatementFilter:
    return StatementFilter()


def test_stance_endpoint_path_uses_the_model(verifier: Verifier) -> None:
    outcome = verifier.stance("The city library reopened in May.", STATEMENTS[0].text)
    assert outcome.reasons[0].type == "learned"


def test_fitting_recovers_a_separable_rule_and_folding_keeps_the_logits() -> None:
    rng = np.random.default_rng(7)
    dim = 4
    u = rng.normal(size=(300, dim))
    v = rng.normal(size=(300, dim))
    s = rng.normal(size=(300, len(FEATURES)))
    x = np.hstack([u, v, u * v, s])
    y = np.where(x[:, 0] + x[:, dim] > 0.5, 0, np.where(x[:, 2 * dim] < -0.5, 1, 2))
    mean, std = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / std
    w, b = fit_logistic(z, y, np.ones(len(y)), 1e-3, steps=800)
    accuracy = float(np.mean(np.argmax(z @ w.T + b, axis=1) == y))
    assert accuracy > 0.9
    model = fold(w, b, mean, std, dim, {})
    for row in range(5):
        side = model.claim_logits(u[row]) + model.directions(u[row]) @ v[row]
        direct = side + model.scalar @ s[row]
        assert np.allclose(direct, z[row] @ w.T + b)


def test_with_both_embedders_the_model_reads_the_e5_part(
    tmp_path: Path, e5: Embedder, verifier: Verifier
) -> None:
    combined = create_embedder("e5-small+use-m3")
    store = SqliteStore(tmp_path / "c.db")
    made = Verifier(store, combined, LearnedStanceJudge(mode="learned"))
    try:
        made.write(STATEMENTS)
        claim = "The city library reopened in May."
        _, _, judged, _ = made.judge(claim)
        _, _, alone, _ = verifier.judge(claim)
        scores = {e.statement.id: (e.stance, e.stance_score) for e in alone}
        for evidence in judged:
            assert evidence.reasons[0].type == "learned"
            stance, score = scores[evidence.statement.id]
            assert evidence.stance is stance
            assert evidence.stance_score == pytest.approx(score, abs=0.02)
    finally:
        store.close()
