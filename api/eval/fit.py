"""Fit the re-ranker on the CLEF-2020 train split and write `api/engine/weights/reranker.json`.

    python -m api.eval.fit --data ../shared/data/clef2020-checkthat-task2 [--db clef.db]

Logistic regression (L2, full-batch gradient descent, numpy only) on every candidate the
retrieval signals propose for each training tweet; the label is 1 for the gold verified claim.
"""

from __future__ import annotations

import argparse
import itertools
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from api.engine.normalize import lexical_tokens, normalize_text
from api.engine.rerank import DENSE_FEATURES, FEATURES, LogisticModel, Reranker
from api.engine.retrieve import features
from api.engine.service import Verifier
from api.eval.data import clef_queries, clef_statements, loaded_verifier
from api.eval.metrics import ranking_metrics
from api.models import StatementKind
from api.store.base import StatementFilter

Matrix = npt.NDArray[np.float64]


def collect(
    verifier: Verifier, queries: list[tuple[str, str, str]]
) -> tuple[Matrix, Matrix, list[list[str]], list[str]]:
    """Features and labels of every candidate, per query (ids kept for ranking metrics)."""
    rows: list[list[float]] = []
    labels: list[float] = []
    ids: list[list[str]] = []
    flt = StatementFilter(kind=StatementKind.FACT_CHECK)
    for _tid, tweet, gold in queries:
        text = normalize_text(tweet)
        cands, best = verifier.retriever.candidates(
            lexical_tokens(text, "en"), verifier.embed_query(text), flt
        )
        ids.append([c.id for c in cands])
        for cand in cands:
            rows.append(features(cand, best))
            labels.append(1.0 if cand.id == gold else 0.0)
    return np.array(rows), np.array(labels), ids, [q[2] for q in queries]


def fit_listwise(
    x: Matrix, y: Matrix, sizes: list[int], l2: float = 1e-3, steps: int = 3000
) -> Matrix:
    """Softmax over each query's candidates, maximising the gold candidate's share: fits the
    ranking itself rather than each candidate's label in isolation."""
    w = np.zeros(x.shape[1])
    bounds = np.cumsum([0, *sizes])
    groups = [(int(a), int(b)) for a, b in itertools.pairwise(bounds) if y[a:b].sum() > 0]
    lr = 0.5
    for _ in range(steps):
        s = x @ w
        grad = np.zeros_like(w)
        for a, b in groups:
            z = s[a:b] - s[a:b].max()
            p = np.exp(z) / np.exp(z).sum()
            grad += x[a:b].T @ (p - y[a:b])
        w -= lr * (grad / len(groups) + l2 * w)
    return w


def calibrate(scores: Matrix, y: Matrix) -> tuple[float, float]:
    """Platt scaling: p = sigmoid(a·score + b), so relevance reads as a probability."""
    a, b = fit_logistic(scores.reshape(-1, 1), y, l2=0.0, balanced=False)
    return float(a[0]), b


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


def evaluate(
    reranker: Reranker, x: Matrix, ids: list[list[str]], gold: list[str], cross: bool = False
) -> dict[str, float]:
    ranks: list[int | None] = []
    offset = 0
    for cand_ids, g in zip(ids, gold, strict=True):
        block = x[offset : offset + len(cand_ids)]
        offset += len(cand_ids)
        scores = [reranker.score(list(row), cross) for row in block]
        order = [cand_ids[i] for i in np.argsort(scores)[::-1]]
        ranks.append(order.index(g) + 1 if g in order else None)
    return ranking_metrics(ranks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--write", action="store_true", help="overwrite the committed weights")
    args = parser.parse_args()
    with loaded_verifier(clef_statements(args.data), args.db, "clef") as verifier:
        x_train, y_train, train_ids, train_gold = collect(
            verifier, clef_queries(args.data, "train")
        )
        x_dev, _, dev_ids, dev_gold = collect(verifier, clef_queries(args.data, "dev"))
    sizes = [len(ids) for ids in train_ids]
    dense_x = x_train[:, list(DENSE_FEATURES)]
    w = fit_listwise(x_train, y_train, sizes)
    a, b = calibrate(x_train @ w, y_train)
    w = w * a
    dw = fit_listwise(dense_x, y_train, sizes)
    da, db = calibrate(dense_x @ dw, y_train)
    dw = dw * da
    fitted = Reranker(
        LogisticModel(tuple(round(float(v), 5) for v in w), round(b, 5)),
        LogisticModel(tuple(round(float(v), 5) for v in dw), round(db, 5)),
        source="fitted on CLEF-2020 task 2 train (api/eval/fit.py)",
    )
    current = Reranker.load()
    print(
        "full:",
        ", ".join(f"{n}={v:+.3f}" for n, v in zip(FEATURES, fitted.full.weights, strict=True)),
        f"bias={fitted.full.bias:+.3f}",
    )
    print("dense:", fitted.dense)
    print("train (fitted):      ", evaluate(fitted, x_train, train_ids, train_gold))
    print("dev (current):       ", evaluate(current, x_dev, dev_ids, dev_gold))
    print("dev (fitted):        ", evaluate(fitted, x_dev, dev_ids, dev_gold))
    print("dev (fitted, dense): ", evaluate(fitted, x_dev, dev_ids, dev_gold, cross=True))
    if args.write:
        target = Path(str(resources.files("api.engine").joinpath("weights/reranker.json")))
        target.write_text(fitted.to_json() + "\n")
        print("wrote", target)


if __name__ == "__main__":
    main()
