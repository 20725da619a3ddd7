"""The relevance re-ranker: logistic models over the retrieval signals of one candidate.

Two models: one over every signal, and one over the dense signals only, used when the claim and
the statement are in different languages (BM25, fuzzy and token coverage say nothing about a
Korean claim against an English statement). Both are fitted on the CLEF-2020 CheckThat! train
split by `api/eval/fit.py` and committed as `api/engine/weights/reranker.json`; the feature
order below is the contract between the two.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
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
)
DENSE_FEATURES: tuple[int, ...] = (0, 1, 6)  # indices into FEATURES used across languages


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
    """Fitted relevance of a candidate: the full model, or the dense one across languages."""

    full: LogisticModel
    dense: LogisticModel
    source: str = "default"

    def score(self, features: Sequence[float], cross_language: bool = False) -> float:
        if cross_language:
            return self.dense.score([features[i] for i in DENSE_FEATURES])
        return self.full.score(features)

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "dense_features": [FEATURES[i] for i in DENSE_FEATURES],
                "full": self.full.to_dict(),
                "dense": self.dense.to_dict(),
                "source": self.source,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Reranker:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("re-ranker weights were fitted for another feature set")
        return cls(
            LogisticModel.from_dict(data["full"]),
            LogisticModel.from_dict(data["dense"]),
            str(data.get("source", "file")),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Reranker:
        """The committed weights, or the file given."""
        if path is not None:
            return cls.from_json(path.read_text())
        text = resources.files("api.engine").joinpath("weights/reranker.json").read_text()
        return cls.from_json(text)
