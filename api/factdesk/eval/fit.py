"""Fit the re-ranker on the CLEF-2020 train split and write `factdesk/engine/weights/reranker.json`.

    python -m factdesk.eval.fit --data ../shared/data/clef2020-checkthat-task2 \
        [--db clef.db] [--fusion 0.5,0.5] [--write]

Each of the re-ranker's same-language models (`factdesk.engine.rerank.SAME_LANGUAGE`) that the
store's embedders give features for is a logistic regression over its subset of the features
of every candidate the retrieval signals propose for each training tweet; the label is 1 for the
gold verified claim. Under `FACTDESK_EMBEDDER=e5-small+use-m3` those are the `*-multilingual`
models, otherwise `english` and `full`; the other models in the file are kept as they are
(the cross-language ones are `fit_crosslingual.py`'s). Fitted listwise (softmax over a tweet's
candidates, L2, full-batch gradient descent on standardised features, numpy only), then
Platt-calibrated.
The db must hold English (MiniLM) vectors: one built by this version (or `factdesk reindex`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.rerank import (
    FEATURES,
    MODEL_FEATURES,
    SAME_LANGUAGE,
    LogisticModel,
    Model,
    Reranker,
)
from factdesk.engine.retrieve import ENGLISH, features, scoring_model
from factdesk.engine.service import Verifier
from factdesk.eval.data import clef_queries, clef_statements, loaded_verifier
from factdesk.eval.metrics import ranking_metrics
from factdesk.models import StatementKind
from factdesk.store.base import StatementFilter
from factdesk.text import normalize_text

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Split:
    """Every candidate of every query of one split, in query order."""

    x: Matrix  # features, `FEATURES` order
    y: Matrix  # 1.0 for the gold statement
    models: list[Model]  # the model the search path scores each candidate with
    ids: list[list[str]]  # candidate ids per query
    gold: list[str]

    @property
    def sizes(self) -> list[int]:
        return [len(ids) for ids in self.ids]


def collect(verifier: Verifier, queries: list[tuple[str, str, str]]) -> Split:
    """Features and labels of every candidate, per query, exactly as `Verifier.search` sees
    them (same normalisation, language detection and per-candidate model)."""
    rows: list[list[float]] = []
    labels: list[float] = []
    models: list[Model] = []
    ids: list[list[str]] = []
    flt = StatementFilter(kind=StatementKind.FACT_CHECK)
    for _tid, tweet, gold in queries:
        text = normalize_text(tweet)
        language = detect_language(text)
        english = (
            verifier.embed_query(text, verifier.english)
            if verifier.english is not None and language == ENGLISH
            else None
        )
        pool = verifier.retriever.candidates(
            lexical_tokens(text, language), verifier.embed_query(text), flt, english
        )
        ids.append([c.id for c in pool.candidates])
        for cand in pool.candidates:
            rows.append(features(cand, pool))
            labels.append(1.0 if cand.id == gold else 0.0)
            models.append(scoring_model(cand, language))
    return Split(np.array(rows), np.array(labels), models, ids, [q[2] for q in queries])


def fit_listwise(
    x: Matrix, y: Matrix, sizes: list[int], l2: float = 1e-3, steps: int = 3000
) -> Matrix:
    """Softmax over each query's candidates, maximising the gold candidate's share: fits the
    ranking itself rather than each candidate's label in isolation. Features are standardised
    for the descent (raw cosines live in a narrow band, so unscaled steps barely move their
    weights); the weights returned apply to the raw features, up to a per-query constant."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    bounds = np.cumsum([0, *sizes])
    groups = [(int(a), int(b)) for a, b in itertools.pairwise(bounds) if y[a:b].sum() > 0]
    rows = np.concatenate([np.arange(a, b) for a, b in groups])
    segment = np.concatenate([np.full(b - a, i) for i, (a, b) in enumerate(groups)])
    zs, ys, n = z[rows], y[rows], len(groups)
    w = np.zeros(x.shape[1])
    lr = 0.5
    for _ in range(steps):
        s = zs @ w
        top = np.full(n, -np.inf)
        np.maximum.at(top, segment, s)
        e = np.exp(s - top[segment])
        p = e / np.bincount(segment, e, n)[segment]
        w -= lr * (zs.T @ (p - ys) / n + l2 * w)
    result: Matrix = w / scale
    return result


def calibrate(scores: Matrix, y: Matrix) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a·score + b), so relevance reads as a probability. Fitted on
    the standardised score (raw scores can span hundreds, where the descent would diverge)."""
    mean, scale = float(scores.mean()), float(scores.std()) or 1.0
    a, b = fit_logistic(((scores - mean) / scale).reshape(-1, 1), y, l2=0.0, balanced=False)
    return float(a[0]) / scale, b - float(a[0]) * mean / scale


def fit_logistic(
    x: Matrix, y: Matrix, l2: float = 1e-3, steps: int = 4000, balanced: bool = True
) -> tuple[Matrix, float]:
    w = np.zeros(x.shape[1])
    b = 0.0
    sample_w = np.ones(len(y))
    if balanced:
        # Positives are ~1 in 60 candidates: weight them so negatives do not dominate the fit.
        sample_w = np.where(y > 0, (len(y) - y.sum()) / max(y.sum(), 1.0), 1.0)
        sample_w /= sample_w.mean()
    lr = 0.5
    for _ in range(steps):
        z = np.clip(x @ w + b, -40, 40)
        p = 1.0 / (1.0 + np.exp(-z))
        g = (p - y) * sample_w
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, float(b)


def fit_model(train: Split, model: Model) -> LogisticModel:
    """One calibrated model over its feature subset, on every training candidate."""
    x = train.x[:, list(MODEL_FEATURES[model])]
    w = fit_listwise(x, train.y, train.sizes)
    a, b = calibrate(x @ w, train.y)
    return LogisticModel(tuple(round(float(v), 5) for v in w * a), round(b, 5))


def evaluate(reranker: Reranker, split: Split, model: Model | None = None) -> dict[str, float]:
    """Ranking metrics with each candidate scored by `model`, or by the model the search path
    would pick for it (None)."""
    ranks: list[int | None] = []
    offset = 0
    for cand_ids, g in zip(split.ids, split.gold, strict=True):
        scores = [
            reranker.score(list(split.x[i]), model or split.models[i])
            for i in range(offset, offset + len(cand_ids))
        ]
        offset += len(cand_ids)
        order = [cand_ids[i] for i in np.argsort(scores, kind="stable")[::-1]]
        ranks.append(order.index(g) + 1 if g in order else None)
    return ranking_metrics(ranks)


def parse_fusion(text: str | None) -> tuple[float, ...] | None:
    """`--fusion 0.6,0.4`: the weight of each part of a combined embedder in the fused cosine."""
    return tuple(float(w) for w in text.split(",")) if text else None


def no_english(model: Model) -> Model:
    """The model a candidate gets when it has no MiniLM vector."""
    return {
        Model.ENGLISH: Model.FULL,
        Model.ENGLISH_MULTILINGUAL: Model.FULL_MULTILINGUAL,
    }.get(model, model)


def fitted_models(train: Split) -> list[Model]:
    """The same-language models this store's embedders give every feature for: the
    `*-multilingual` ones when the main vector carries USE, `english` and `full` otherwise."""
    multilingual = any(
        m in (Model.ENGLISH_MULTILINGUAL, Model.FULL_MULTILINGUAL) for m in train.models
    )
    english = any(m in (Model.ENGLISH, Model.ENGLISH_MULTILINGUAL) for m in train.models)
    if not english:
        raise SystemExit("no candidate has an English vector: build a new --db with this version")
    if multilingual:
        return [Model.ENGLISH_MULTILINGUAL, Model.FULL_MULTILINGUAL]
    return [Model.ENGLISH, Model.FULL]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument(
        "--fusion", help="weights of a combined embedder's parts in the fused cosine (e.g. 1,1)"
    )
    parser.add_argument("--write", action="store_true", help="overwrite the committed weights")
    parser.add_argument(
        "--weights", type=Path, help="read and write these weights instead of the committed ones"
    )
    args = parser.parse_args()
    with loaded_verifier(clef_statements(args.data), args.db, "clef") as verifier:
        fusion = parse_fusion(args.fusion)
        if fusion is not None:
            verifier.retriever.fusion = fusion
        train = collect(verifier, clef_queries(args.data, "train"))
        dev = collect(verifier, clef_queries(args.data, "dev"))
    try:
        current: Reranker | None = Reranker.load(args.weights)
    except (KeyError, ValueError):  # the file predates this feature set
        current = None
    fitting = fitted_models(train)
    assert set(fitting) <= set(SAME_LANGUAGE)
    new = {m: fit_model(train, m) for m in fitting}
    models = {**(current.models if current is not None else {}), **new}
    if set(models) != set(Model):
        raise SystemExit("the current weights lack models this fit does not make")
    digest = hashlib.sha256(
        repr(sorted((str(m), v.to_dict()) for m, v in models.items())).encode()
    ).hexdigest()[:8]
    fitted = Reranker(
        models,
        source=f"fitted on CLEF-2020 task 2 train (factdesk/eval/fit.py) {digest}"
        + (
            f" {current.source[current.source.index(';') :]}"
            if current and ";" in current.source
            else ""
        ),
    )
    for m, lm in new.items():
        names = [FEATURES[i] for i in MODEL_FEATURES[m]]
        print(
            f"{m}:",
            ", ".join(f"{n}={v:+.3f}" for n, v in zip(names, lm.weights, strict=True)),
            f"bias={lm.bias:+.3f}",
        )
    print("train (fitted):        ", evaluate(fitted, train))
    if current is not None:
        print("dev (current):         ", evaluate(current, dev))
    print("dev (fitted):          ", evaluate(fitted, dev))
    print("dev (fitted, no MiniLM):", evaluate(fitted, dev, no_english(fitting[0])))
    print("dev (fitted, dense):   ", evaluate(fitted, dev, Model.DENSE))
    if args.write:
        target = args.weights or Path(
            str(resources.files("factdesk.engine").joinpath("weights/reranker.json"))
        )
        target.write_text(fitted.to_json() + "\n")
        print("wrote", target)


if __name__ == "__main__":
    main()
