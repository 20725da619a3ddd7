"""Fit the learned stance model and write `factdesk/engine/weights/stance.npz`.

    python -m factdesk.eval.fit_stance \
        --climate ../shared/data/climate-fever/climate-fever-dev.jsonl \
        --korean ../shared/data/korean-nli [--cache /tmp/stance-vectors.npz] [--write]

Every set is split in half by group (`stance_pairs.split_of`: a CLIMATE-FEVER claim with its
five evidence sentences, an NLI premise with its hypotheses). The model is fitted on the fit
halves only; a fifth of their groups first picks the L2 strength and the per-stance offsets
(mean macro-F1 over the sets), then the model is refitted on the whole fit half with them.
The held-out halves are scored once, at the end, for the rule judge and each learned mode.
`--exclude xnli-ko` leaves a set out of the fit entirely, to measure transfer to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from factdesk.engine.stance.base import StanceJudge
from factdesk.engine.stance.learned import (
    FEATURES,
    STANCES,
    LearnedStanceJudge,
    StanceModel,
    scalar_features,
)
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.eval.metrics import classification_report
from factdesk.eval.stance_pairs import (
    FIT,
    HELD_OUT,
    LABELS,
    CachedEmbedder,
    PairTable,
    load_pairs,
    tune_fold,
)

EMBEDDER: Final = "e5-small"
_PENALTIES: Final = (0.03, 0.1, 0.3)
# The claim language whose offsets each set fits (`StanceModel.offsets`).
_LANGUAGE: Final = {"climate-fever": "en", "klue-nli": "ko", "xnli-ko": "ko"}
LANGUAGES: Final = ("en", "ko")
_OFFSET_GRID: Final = np.round(np.arange(-1.5, 1.51, 0.25), 2)

Array = npt.NDArray[np.float64]


def design(table: PairTable, rows: Sequence[int]) -> Array:
    """[u, v, u⊙v, scalars] per row: the model's inputs before standardisation."""
    u = table.u[list(rows)].astype(np.float64)
    v = table.v[list(rows)].astype(np.float64)
    scalars = np.array(
        [
            scalar_features(
                *table.parsed[i], float(table.similarity[i]), table.coverage[i], table.ruled[i]
            )
            for i in rows
        ],
        dtype=np.float64,
    )
    return np.hstack([u, v, u * v, scalars])


def _weights(table: PairTable, rows: Sequence[int]) -> Array:
    """Each set weighs the same, and within a set each stance does (macro-F1 is the goal)."""
    keys = [(table.pairs[i].dataset, table.pairs[i].label) for i in rows]
    datasets = {d for d, _ in keys}
    counts: dict[tuple[str, str], int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    per_set = {d: sum(1 for k in counts if k[0] == d) for d in datasets}
    w = np.array([1.0 / (counts[k] * per_set[k[0]] * len(datasets)) for k in keys])
    weights: Array = w * len(keys)
    return weights


def fit_logistic(
    x: Array, y: npt.NDArray[np.int64], weights: Array, penalty: float, steps: int = 700
) -> tuple[Array, Array]:
    """Multinomial logistic regression by full-batch Adam: (W of shape (3, features), b)."""
    n, f = x.shape
    w = np.zeros((len(STANCES), f))
    b = np.zeros(len(STANCES))
    onehot = np.eye(len(STANCES))[y]
    m = [np.zeros_like(w), np.zeros_like(b)]
    s = [np.zeros_like(w), np.zeros_like(b)]
    rate, beta1, beta2 = 0.02, 0.9, 0.999
    for step in range(1, steps + 1):
        logits = x @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) * weights[:, None] / n
        grads = [err.T @ x + penalty * w, err.sum(axis=0)]
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m[k] = beta1 * m[k] + (1 - beta1) * grad
            s[k] = beta2 * s[k] + (1 - beta2) * grad**2
            param -= rate * (m[k] / (1 - beta1**step)) / (np.sqrt(s[k] / (1 - beta2**step)) + 1e-8)
    return w, b


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    value = classification_report(gold, pred, LABELS)["macro_f1"]
    assert isinstance(value, float)
    return value


def _decide(logp: Array, offsets: Array) -> list[str]:
    return [STANCES[int(k)].value for k in np.argmax(logp + offsets, axis=1)]


def fit_offsets(logp: Array, gold: list[str], sets: list[str]) -> tuple[Array, float]:
    """Offsets per claim language (`LANGUAGES` rows) for supports and refutes (neutral's stay
    0), each maximising the mean macro-F1 of that language's sets; and the mean over all sets."""
    offsets = np.zeros((len(LANGUAGES), 3))
    scores: list[float] = []
    for row, language in enumerate(LANGUAGES):
        names = sorted({s for s in sets if _LANGUAGE.get(s, "en") == language})
        index = {name: [i for i, s in enumerate(sets) if s == name] for name in names}
        if not index:
            continue
        best = (np.zeros(3), -1.0, [0.0])
        for a, c in itertools.product(_OFFSET_GRID, _OFFSET_GRID):
            candidate = np.array([a, c, 0.0])
            pred = _decide(logp, candidate)
            each = [_macro_f1([gold[i] for i in r], [pred[i] for i in r]) for r in index.values()]
            if float(np.mean(each)) > best[1]:
                best = (candidate, float(np.mean(each)), each)
        offsets[row] = best[0]
        scores += best[2]
    return offsets, float(np.mean(scores)) if scores else 0.0


def _log_probs(x: Array, w: Array, b: Array) -> Array:
    logits = x @ w.T + b
    logits -= logits.max(axis=1, keepdims=True)
    logp: Array = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return logp


def fold(
    w: Array, b: Array, mean: Array, std: Array, dim: int, meta: dict[str, object]
) -> StanceModel:
    """The model on raw features: the standardisation folded into the weights."""
    raw = w / std
    bias = b - raw @ mean
    return StanceModel(
        bias=bias,
        claim=raw[:, :dim],
        evidence=raw[:, dim : 2 * dim],
        product=raw[:, 2 * dim : 3 * dim],
        scalar=raw[:, 3 * dim :],
        offsets=np.zeros((len(LANGUAGES), 3)),
        embedder=EMBEDDER,
        features=FEATURES,
        meta=meta,
    )


def fit(
    table: PairTable, rows: list[int], exclude: set[str]
) -> tuple[StanceModel, dict[str, object]]:
    rows = [i for i in rows if table.pairs[i].dataset not in exclude]
    train = [i for i in rows if not tune_fold(table.pairs[i].group)]
    tune = [i for i in rows if tune_fold(table.pairs[i].group)]
    if not train or not tune:  # too few groups to set a fifth apart: tune on what there is
        train = tune = rows
    x_all = design(table, rows)
    mean, std = x_all.mean(axis=0), x_all.std(axis=0) + 1e-6
    position = {r: k for k, r in enumerate(rows)}
    z = (x_all - mean) / std
    y = np.array([LABELS.index(table.pairs[i].label) for i in rows])
    weights = _weights(table, rows)
    train_at = [position[i] for i in train]
    tune_at = [position[i] for i in tune]
    gold_tune = [table.pairs[i].label for i in tune]
    sets_tune = [table.pairs[i].dataset for i in tune]
    choice: tuple[float, Array, float] | None = None
    log: dict[str, object] = {}
    for penalty in _PENALTIES:
        w, b = fit_logistic(z[train_at], y[train_at], _weights(table, train), penalty)
        offsets, score = fit_offsets(_log_probs(z[tune_at], w, b), gold_tune, sets_tune)
        log[str(penalty)] = {"tune_mean_macro_f1": round(score, 4), "offsets": offsets.tolist()}
        print(f"  L2 {penalty:g}: tune mean macro-F1 {score:.4f} offsets {offsets.tolist()}")
        if choice is None or score > choice[2]:
            choice = (penalty, offsets, score)
    assert choice is not None
    penalty, offsets, _ = choice
    w, b = fit_logistic(z, y, weights, penalty)
    dim = table.u.shape[1]
    meta: dict[str, object] = {
        "penalty": penalty,
        "tuning": log,
        "fitted_on": sorted({f"{table.pairs[i].dataset} ({FIT} half)" for i in rows}),
        "pairs": len(rows),
        "fitted": dt.date.today().isoformat(),
        "script": "python -m factdesk.eval.fit_stance",
    }
    model = fold(w, b, mean, std, dim, meta)
    return (
        StanceModel(
            model.bias,
            model.claim,
            model.evidence,
            model.product,
            model.scalar,
            offsets,
            model.embedder,
            model.features,
            meta,
            LANGUAGES,
        ),
        log,
    )


def report(table: PairTable, model: StanceModel) -> dict[str, object]:
    """Held-out (and fit-half) macro-F1 per set for the rules and both learned modes."""
    judges: dict[str, StanceJudge] = {
        "rules": RuleStanceJudge(),
        "learned": LearnedStanceJudge(model, mode="learned"),
        "hybrid": LearnedStanceJudge(model, mode="hybrid"),
        "guarded": LearnedStanceJudge(model, mode="guarded"),
    }
    out: dict[str, object] = {}
    for dataset in sorted({p.dataset for p in table.pairs}):
        for split in (HELD_OUT, FIT):
            rows = table.rows(dataset, split)
            gold = table.labels(rows)
            entry: dict[str, object] = {"pairs": len(rows)}
            for name, judge in judges.items():
                result = classification_report(gold, table.predict(judge, rows), LABELS)
                entry[name] = result
                per_class = result["per_class"]
                assert isinstance(per_class, dict)
                f1s = " ".join(f"{k} {v['f1']:.3f}" for k, v in per_class.items())
                print(
                    f"{dataset:14s} {split:8s} {name:8s} macro-F1 {result['macro_f1']:.4f} "
                    f"accuracy {result['accuracy']:.4f}  ({f1s})"
                )
            out[f"{dataset}/{split}"] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--climate", type=Path, help="climate-fever-dev.jsonl")
    parser.add_argument("--korean", type=Path, help="the korean-nli folder")
    parser.add_argument("--cache", type=Path, help="keep the e5 vectors in this npz file")
    parser.add_argument(
        "--vectors-db", type=Path, help="a SQLite store of the evidence, to reuse its e5 vectors"
    )
    parser.add_argument("--exclude", action="append", default=[], help="a set not to fit on")
    parser.add_argument("--write", action="store_true", help="write the shipped weights")
    parser.add_argument("--out", type=Path, help="write the weights here instead")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    pairs = load_pairs(args.climate, args.korean)
    embed = CachedEmbedder(EMBEDDER, args.cache)
    if args.vectors_db is not None:
        from factdesk.store.sqlite import SqliteStore

        store = SqliteStore(args.vectors_db)
        try:
            print(f"{embed.from_store(store)} passage vectors read from {args.vectors_db}")
        finally:
            store.close()
    # Korean first, CLIMATE-FEVER's passages last (a store built by `factdesk eval
    # climate-fever` may hold them by then); by length, so a batch pads little.
    order = sorted(pairs, key=lambda p: p.dataset != "klue-nli")
    for is_query in (True, False):
        texts = list(dict.fromkeys(p.claim if is_query else p.evidence for p in order))
        for start in range(0, len(texts), 512):
            chunk = sorted(texts[start : start + 512], key=len)
            embed(chunk, is_query)
            embed.save()
            print(f"embedded {min(start + 512, len(texts))}/{len(texts)}", flush=True)
    table = PairTable(pairs, embed, RuleStanceJudge())
    print(f"{len(pairs)} pairs; fitting on the {FIT} halves")
    model, _ = fit(table, table.rows(split=FIT), set(args.exclude))
    results = report(table, model)
    meta = {**model.meta, "held_out": _headline(results)}
    model = StanceModel(
        model.bias,
        model.claim,
        model.evidence,
        model.product,
        model.scalar,
        model.offsets,
        model.embedder,
        model.features,
        meta,
        model.languages,
    )
    if args.write or args.out:
        target = args.out or Path(str(resources.files("factdesk.engine").joinpath("weights")))
        path = target if args.out else target / "stance.npz"
        model.save(path)
        print(f"wrote {path} ({model.digest})")
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def _headline(results: dict[str, object]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, entry in results.items():
        if key.endswith(HELD_OUT) and isinstance(entry, dict):
            for name in ("rules", "learned", "hybrid", "guarded"):
                scores = entry[name]
                assert isinstance(scores, dict)
                out[f"{key}/{name}"] = float(scores["macro_f1"])
    return out


if __name__ == "__main__":
    raise SystemExit(main())
