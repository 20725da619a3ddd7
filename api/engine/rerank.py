"""The relevance re-ranker: a logistic model over the retrieval signals of one candidate.

Weights are fitted on the CLEF-2020 CheckThat! train split by `api/eval/fit.py` and committed as
`api/engine/weights/reranker.json`; the feature order below is the contract between the two.
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


@dataclass(frozen=True, slots=True)
class Reranker:
    """relevance = sigmoid(bias + Σ weight·feature)."""

    weights: tuple[float, ...]
    bias: float
    source: str = "default"

    def score(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def to_json(self) -> str:
        return json.dumps(
            {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
             "source": self.source},
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Reranker:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("re-ranker weights were fitted for another feature set")
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]),
                   str(data.get("source", "file")))

    @classmethod
    def load(cls, path: Path | None = None) -> Reranker:
        """The committed weights, or the file given."""
        if path is not None:
            return cls.from_json(path.read_text())
        text = resources.files("api.engine").joinpath("weights/reranker.json").read_text()
        return cls.from_json(text)
