"""Fit the re-ranker's cross-language model on Korean–English parallel news and the golden set's
cross-language claims, and write it into `factdesk/engine/weights/reranker.json`.

    python -m factdesk.eval.fit_crosslingual --data ../shared/data/korean-english-news \
        [--db xl.db] [--claims fixtures/claims.jsonl] [--fusion 0.5,0.5] [--write]

The model fitted is the one the search path picks for a claim and a statement in different
languages under the configured main embedder (`FACTDESK_EMBEDDER`): `crosslingual` for
`e5-small+use-m3`, `dense` for `e5-small`; the other models in the file are kept as they are.
One side of the corpus is loaded as statements and the other side queries it, both ways; the
even lines' queries are fitted on (with the golden claims), the odd lines' are held out and
reported apart. Labels: 1 for the aligned sentence (or an expected golden evidence in the
other language), 0 for every other candidate the retrieval signals propose (hard negatives).
The fit is `factdesk.eval.fit`'s: listwise logistic regression, then Platt calibration, so
relevance reads as the same probability whichever language pair it scores.
Parallel corpus: CC BY-SA 3.0 (Park et al., korean-parallel-corpora), used to fit the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np

from factdesk.config import Settings
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.rerank import FEATURES, MODEL_FEATURES, Model, Reranker
from factdesk.engine.retrieve import ENGLISH, features, scoring_model
from factdesk.engine.service import Verifier
from factdesk.eval.crosslingual import parallel_sentences, parallel_statements
from factdesk.eval.data import loaded_verifier
from factdesk.eval.fit import Split, evaluate, fit_model, parse_fusion
from factdesk.eval.golden import load_claims
from factdesk.main import build_verifier
from factdesk.store.base import StatementFilter
from factdesk.text import normalize_text

Query = tuple[str, frozenset[str]]  # the text, and the ids that count as its match


def collect(verifier: Verifier, queries: list[Query]) -> Split:
    """Features of every candidate of each query as `Verifier.search` sees them; a candidate
    in the query's own language is left out (another model scores it)."""
    rows: list[list[float]] = []
    labels: list[float] = []
    models: list[Model] = []
    ids: list[list[str]] = []
    gold: list[str] = []
    texts = [normalize_text(q) for q, _ in queries]
    languages = [detect_language(t) for t in texts]
    # Embedded in batches (as statements are), not one by one: the vectors are the same.
    vectors = verifier.embedder.embed_queries(texts) if texts else None
    english_rows = [i for i, language in enumerate(languages) if language == ENGLISH]
    english_vectors = {}
    if verifier.english is not None and english_rows:
        batch = verifier.english.embed_queries([texts[i] for i in english_rows])
        english_vectors = dict(zip(english_rows, batch, strict=True))
    for n, (_query, matches) in enumerate(queries):
        text, language = texts[n], languages[n]
        assert vectors is not None
        pool = verifier.retriever.candidates(
            lexical_tokens(text, language), vectors[n], StatementFilter(), english_vectors.get(n)
        )
        kept = [
            c for c in pool.candidates if c.analysis is not None and c.analysis.language != language
        ]
        ids.append([c.id for c in kept])
        gold.append(next((c.id for c in kept if c.id in matches), ""))
        for cand in kept:
            rows.append(features(cand, pool))
            labels.append(1.0 if cand.id in matches else 0.0)
            models.append(scoring_model(cand, language))
    x = np.array(rows) if rows else np.zeros((0, len(FEATURES)))
    return Split(x, np.array(labels), models, ids, gold)


def join(splits: list[Split]) -> Split:
    return Split(
        np.vstack([s.x for s in splits]),
        np.concatenate([s.y for s in splits]),
        [m for s in splits for m in s.models],
        [i for s in splits for i in s.ids],
        [g for s in splits for g in s.gold],
    )


def parallel_splits(
    data: Path,
    db: Path | None,
    half: int,
    limit: int | None = None,
    fusion: tuple[float, ...] | None = None,
) -> tuple[Split, Split]:
    """(queries on lines ≡ `half` mod 2, the others), both directions; with `limit`, only the
    queries of the first `limit` lines (every line is still a statement)."""
    ko, en = parallel_sentences(data, "ko"), parallel_sentences(data, "en")
    fitted: list[Split] = []
    held: list[Split] = []
    sides = (("en", en, ko), ("ko", ko, en))
    for stored_language, stored, asking in sides:
        path = None
        if db is not None:
            path = db if stored_language == "en" else db.with_name(db.stem + "-ko" + db.suffix)
        label = f"parallel-{stored_language}"
        with loaded_verifier(parallel_statements(stored, stored_language), path, label) as verifier:
            if fusion is not None:
                verifier.retriever.fusion = fusion
            for parity, target in ((half, fitted), (1 - half, held)):
                queries = [
                    (q, frozenset([f"par-{stored_language}-{n:05d}"]))
                    for n, q in enumerate(asking)
                    if q and stored[n] and n % 2 == parity and (limit is None or n < limit)
                ]
                target.append(collect(verifier, queries))
    return join(fitted), join(held)


def golden_split(claims: Path, fusion: tuple[float, ...] | None = None) -> Split:
    """The golden set's cross-language claims over the seed, against their expected evidence."""
    cases = [c for c in load_claims(claims) if c.category == "cross_language"]
    with tempfile.TemporaryDirectory() as tmp:
        verifier = build_verifier(Settings(database_url=f"sqlite:///{tmp}/golden.db"))
        if fusion is not None:
            verifier.retriever.fusion = fusion
        try:
            return collect(verifier, [(c.claim, frozenset(c.expected_evidence)) for c in cases])
        finally:
            verifier.store.close()


def only(split: Split, model: Model) -> Split:
    """The candidates `model` scores, query by query (queries left without one are dropped)."""
    rows: list[int] = []
    ids: list[list[str]] = []
    gold: list[str] = []
    offset = 0
    for cand_ids, g in zip(split.ids, split.gold, strict=True):
        keep = [i for i in range(len(cand_ids)) if split.models[offset + i] is model]
        if keep:
            rows.extend(offset + i for i in keep)
            ids.append([cand_ids[i] for i in keep])
            gold.append(g)
        offset += len(cand_ids)
    return Split(split.x[rows], split.y[rows], [model] * len(rows), ids, gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--db", type=Path, help="the ko->en store (en->ko beside it)")
    parser.add_argument("--claims", type=Path, default=Path("fixtures/claims.jsonl"))
    parser.add_argument("--limit", type=int, help="only the queries of the first N lines")
    parser.add_argument(
        "--fusion", help="weights of a combined embedder's parts in the fused cosine (e.g. 1,1)"
    )
    parser.add_argument("--write", action="store_true", help="write the model into the weights")
    parser.add_argument(
        "--weights", type=Path, help="read and write these weights instead of the committed ones"
    )
    args = parser.parse_args()
    fusion = parse_fusion(args.fusion)
    fitted, held = parallel_splits(args.data, args.db, 0, args.limit, fusion)
    golden = golden_split(args.claims, fusion)
    train = join([fitted, golden])
    model = Model.CROSSLINGUAL if Model.CROSSLINGUAL in train.models else Model.DENSE
    train = only(train, model)
    current = Reranker.load(args.weights)
    lm = fit_model(train, model)
    models = {**current.models, model: lm}
    digest = hashlib.sha256(
        repr(sorted((str(m), v.to_dict()) for m, v in models.items())).encode()
    ).hexdigest()[:8]
    base = current.source.split(";")[0].split(" + ")[0]
    reranker = Reranker(
        models,
        source=f"{base}; cross-language models on Korean-English parallel news "
        f"(api/factdesk/eval/fit_crosslingual.py) {digest}",
    )
    names = [FEATURES[i] for i in MODEL_FEATURES[model]]
    print(
        f"{model}:",
        ", ".join(f"{n}={v:+.3f}" for n, v in zip(names, lm.weights, strict=True)),
        f"bias={lm.bias:+.3f}",
    )
    for name, split in (("fitted half", fitted), ("held-out half", held), ("golden", golden)):
        part = only(split, model)
        print(f"{name:14} current:", evaluate(current, part, model))
        print(f"{name:14} fitted: ", evaluate(reranker, part, model))
    if args.write:
        target = args.weights or Path(
            str(resources.files("factdesk.engine").joinpath("weights/reranker.json"))
        )
        target.write_text(reranker.to_json() + "\n")
        print("wrote", target)


if __name__ == "__main__":
    main()
