"""The relevance re-ranker: logistic models over the retrieval signals of one candidate.

Models, each over its own subset of `FEATURES`, chosen per candidate by `Model`:

- `english`: every signal, including the English-only MiniLM cosine; English claim against an
  English statement that has an English vector.
- `full`: every signal but MiniLM; same-language pairs in other languages (Korean claim against
  a Korean statement), or when no English vector is at hand (none configured, or a statement
  written before the column existed).
- `dense`: the multilingual e5 signals only, across languages (BM25, fuzzy and token coverage
  say nothing about a Korean claim against an English statement).
- `crosslingual`: across languages when the main embedder also carries USE
  (`e5-small+use-m3`): e5 and USE cosines and the few lexical signals that cross a language
  border (numbers, names in Latin script).
- `english-multilingual` and `full-multilingual`: `english` and `full` with the USE cosine and
  its gap added, for same-language pairs when the main embedder carries USE (the e5-only
  models would otherwise rank a pool proposed by the fused cosine without USE's opinion).

The same-language models are fitted on the CLEF-2020 CheckThat! train split by
`factdesk/eval/fit.py`; `dense` and `crosslingual` on Korean–English parallel news (and the
golden cross-language claims) by `factdesk/eval/fit_crosslingual.py`. All are committed as
`factdesk/engine/weights/reranker.json`; the feature names are the contract between the two.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

FEATURES: tuple[str, ...] = (
    "semantic",  # cosine of e5 query/passage vectors
    "semantic_gap",  # cosine minus the best cosine among this query's candidates
    "lexical",  # BM25 divided by the best BM25 among this query's candidates
    "lexical_hit",  # 1 when BM25 matched at all
    "fuzzy",  # rapidfuzz token-set similarity of the analysed texts, 0..1
    "coverage",  # share of the query's content tokens found in the candidate
    "semantic_rank",  # 1 / (1 + dense rank)
    "lexical_rank",  # 1 / (1 + BM25 rank), 0 when absent
    "english",  # cosine of MiniLM vectors, English pairs only (0 otherwise)
    "english_gap",  # that cosine minus the best one among this query's candidates
    "multilingual",  # cosine of USE vectors, when the main embedder carries them (0 otherwise)
    "multilingual_gap",  # that cosine minus the best one among this query's candidates
)


class Model(StrEnum):
    """Which fitted model scores a candidate (see the module docstring)."""

    ENGLISH = "english"
    FULL = "full"
    DENSE = "dense"
    CROSSLINGUAL = "crosslingual"
    ENGLISH_MULTILINGUAL = "english-multilingual"
    FULL_MULTILINGUAL = "full-multilingual"


MODEL_FEATURES: dict[Model, tuple[int, ...]] = {
    Model.ENGLISH: tuple(range(10)),
    Model.FULL: tuple(range(8)),
    Model.DENSE: (0, 1, 6),
    Model.CROSSLINGUAL: (0, 1, 2, 3, 5, 6, 10, 11),
    Model.ENGLISH_MULTILINGUAL: tuple(range(12)),
    Model.FULL_MULTILINGUAL: (*range(8), 10, 11),
}

# The models that score a claim and a statement in the same language; `factdesk/eval/fit.py`
# fits those of them its store's embedders give features for.
SAME_LANGUAGE: tuple[Model, ...] = (
    Model.ENGLISH,
    Model.FULL,
    Model.ENGLISH_MULTILINGUAL,
    Model.FULL_MULTILINGUAL,
)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """p = sigmoid(bias + Σ weight·feature)."""

    weights: tuple[float, ...]
    bias: float

    def score(self, features: Sequence[float]) -> float:
        return _sigmoid(self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True)))

    def to_dict(self) -> dict[str, object]:
        return {"weights": list(self.weights), "bias": self.bias}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LogisticModel:
        weights = data["weights"]
        assert isinstance(weights, list)
        return cls(tuple(float(w) for w in weights), float(str(data["bias"])))


@dataclass(frozen=True, slots=True)
class Reranker:
    """Fitted relevance of a candidate under the model its language pair calls for."""

    models: dict[Model, LogisticModel]
    source: str = "default"

    def score(self, features: Sequence[float], model: Model = Model.FULL) -> float:
        """Probability that the candidate is the statement the claim is about; `features` is
        the whole vector in `FEATURES` order."""
        return self.models[model].score([features[i] for i in MODEL_FEATURES[model]])

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "models": {
                    str(m): {
                        "features": [FEATURES[i] for i in MODEL_FEATURES[m]],
                        **self.models[m].to_dict(),
                    }
                    for m in Model
                },
                "source": self.source,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Reranker:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("re-ranker weights were fitted for another feature set")
        models: dict[Model, LogisticModel] = {}
        for m in Model:
            entry = data["models"][str(m)]
            if tuple(entry["features"]) != tuple(FEATURES[i] for i in MODEL_FEATURES[m]):
                raise ValueError(f"re-ranker model {m} was fitted for another feature set")
            models[m] = LogisticModel.from_dict(entry)
        return cls(models, str(data.get("source", "file")))

    @classmethod
    def load(cls, path: Path | None = None) -> Reranker:
        """The committed weights, or the file given."""
        if path is not None:
            return cls.from_json(path.read_text())
        text = resources.files("factdesk.engine").joinpath("weights/reranker.json").read_text()
        return cls.from_json(text)
