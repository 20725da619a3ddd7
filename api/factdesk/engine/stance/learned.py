"""A fitted stance model that joins the rule judge behind `StanceJudge`.

`StanceModel` is a multinomial logistic regression over one claim–evidence pair: the claim's e5
query vector u, the evidence's e5 passage vector v, their product u⊙v, and scalar signals the
rule judge already computes (its stance and score, its reason types, negation on either side,
figures on either side, the cosine, token coverage). Fitted by `factdesk.eval.fit_stance`; the
weights ship in `engine/weights/stance.npz` with the data they were fitted on (docs/QUALITY.md).

Every vector term is linear in v: the logits are `b + A·u + (B + C⊙u)·v + D·s`. So the claim
side gives three directions, one per stance (`StanceModel.directions`), and the evidence side
needs only their inner products with v, which the vector index computes from the vectors it
already holds (`projections`); a statement is never embedded again at query time.

`LearnedStanceJudge` combines the two judges in one of three ways (`FACTDESK_STANCE_JUDGE`):
`learned` lets the model decide every pair the rules do not decide through a fact-check's rating
or a named source; `hybrid` also keeps the rules' answer whenever they find a decisive mismatch
(a figure, date, name, negation or opposing verb); `guarded` keeps their support, their
"silent on a detail" and their "unrelated" too, so the model only decides pairs the rules find
related but too loosely to support. The bare `judge` call of the
interface has no vectors and answers as the rule judge does.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from factdesk.embed.base import Embedder
from factdesk.embed.combined import Combined
from factdesk.engine.analysis.parsed import ParsedText
from factdesk.engine.stance.base import Rating, Reason, Stance, StanceResult
from factdesk.engine.stance.rules import RuleStanceJudge

__all__ = [
    "FEATURES",
    "JUDGES",
    "STANCES",
    "LearnedStanceJudge",
    "PairSignals",
    "StanceModel",
    "create_judge",
    "projections",
    "scalar_features",
]

Vector = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float64]

STANCES: Final = (Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL)
JUDGES: Final = ("rules", "learned", "hybrid", "guarded")

# Reason types of the rule judge that contradict the claim outright.
_MISMATCHES: Final = (
    "number_mismatch",
    "date_mismatch",
    "duration_mismatch",
    "entity_mismatch",
    "negation",
    "opposite_predicate",
)
_REASON_FEATURES: Final = (*_MISMATCHES, "unverified_detail", "unstated_action", "low_relevance")

# The scalar part of the features, in the order the weights' `scalar` columns follow.
FEATURES: Final = (
    "cosine",
    "coverage",
    "rules_supports",
    "rules_refutes",
    "rules_supports_score",
    "rules_refutes_score",
    "rules_neutral_score",
    *(f"reason_{r}" for r in _REASON_FEATURES),
    "claim_negated",
    "evidence_negated",
    "negation_differs",
    "claim_figures",
    "evidence_figures",
    "same_language",
    "length_ratio",
)


@dataclass(frozen=True, slots=True)
class PairSignals:
    """What the learned model needs beside the parsed pair: the inner products of the evidence
    vector with the claim's three directions, and the share of the claim's search tokens the
    evidence holds (the retriever's `coverage`)."""

    dots: tuple[float, float, float]
    coverage: float


def scalar_features(
    claim: ParsedText, evidence: ParsedText, similarity: float, coverage: float, ruled: StanceResult
) -> list[float]:
    """The scalar features of a pair, in `FEATURES` order."""
    types = {r.type for r in ruled.reasons}
    stance = ruled.stance
    return [
        similarity,
        coverage,
        float(stance is Stance.SUPPORTS),
        float(stance is Stance.REFUTES),
        ruled.score if stance is Stance.SUPPORTS else 0.0,
        ruled.score if stance is Stance.REFUTES else 0.0,
        ruled.score if stance is Stance.NEUTRAL else 0.0,
        *(float(r in types) for r in _REASON_FEATURES),
        float(bool(claim.negations)),
        float(bool(evidence.negations)),
        float(bool(claim.negations) != bool(evidence.negations)),
        float(bool(claim.numbers or claim.dates)),
        float(bool(evidence.numbers or evidence.dates)),
        float(claim.language == evidence.language),
        math.log((len(evidence.text) + 1) / (len(claim.text) + 1)),
    ]


@dataclass(frozen=True)
class StanceModel:
    """The fitted weights: logits = bias + claim·u + (evidence + product⊙u)·v + scalar·s, one
    row per stance in `STANCES` order. `offsets` (one row per language in `languages`, the first
    also for any other language) are added to the log-probabilities before the arg-max, fitted
    for macro-F1: the sets differ in how often each stance occurs (CLIMATE-FEVER's pairs are
    mostly neutral, NLI's balanced), and the claim's language is what tells them apart at query
    time. `embedder` names the vectors' model."""

    bias: Matrix
    claim: Matrix
    evidence: Matrix
    product: Matrix
    scalar: Matrix
    offsets: Matrix
    embedder: str
    features: tuple[str, ...]
    meta: dict[str, object]
    languages: tuple[str, ...] = ("en",)

    @property
    def digest(self) -> str:
        """A short hash of the weights, part of the judge's name (and so of the cache keys)."""
        h = hashlib.sha256()
        for part in (self.bias, self.claim, self.evidence, self.product, self.scalar, self.offsets):
            h.update(np.ascontiguousarray(part, dtype=np.float32).tobytes())
        return h.hexdigest()[:10]

    @classmethod
    def load(cls, path: Path | None = None) -> StanceModel:
        """The weights in `path`, or the shipped ones."""
        if path is not None:
            data = path.read_bytes()
        else:
            data = resources.files("factdesk.engine").joinpath("weights/stance.npz").read_bytes()
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            features = tuple(str(f) for f in meta["features"])
            if features != FEATURES:
                raise ValueError(
                    "the stance weights were fitted on other features; refit them with "
                    "python -m factdesk.eval.fit_stance"
                )
            return cls(
                bias=npz["bias"].astype(np.float64),
                claim=npz["claim"].astype(np.float64),
                evidence=npz["evidence"].astype(np.float64),
                product=npz["product"].astype(np.float64),
                scalar=npz["scalar"].astype(np.float64),
                offsets=np.atleast_2d(npz["offsets"].astype(np.float64)),
                embedder=str(meta["embedder"]),
                features=features,
                meta=meta,
                languages=tuple(str(x) for x in meta.get("languages", ["en"])),
            )

    def save(self, path: Path) -> None:
        meta = {
            **self.meta,
            "embedder": self.embedder,
            "features": list(self.features),
            "languages": list(self.languages),
        }
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            bias=self.bias.astype(np.float32),
            claim=self.claim.astype(np.float32),
            evidence=self.evidence.astype(np.float32),
            product=self.product.astype(np.float32),
            scalar=self.scalar.astype(np.float32),
            offsets=self.offsets.astype(np.float32),
            meta=np.array(json.dumps(meta, sort_keys=True)),
        )
        path.write_bytes(buffer.getvalue())

    def directions(self, claim_vector: npt.NDArray[np.floating]) -> Matrix:
        """The three vectors whose inner products with the evidence vector the logits need."""
        u = np.asarray(claim_vector, dtype=np.float64)
        return self.evidence + self.product * u

    def claim_logits(self, claim_vector: npt.NDArray[np.floating]) -> Matrix:
        """The part of the logits that depends on the claim alone."""
        return self.bias + self.claim @ np.asarray(claim_vector, dtype=np.float64)

    def probabilities(
        self, claim_part: Matrix, dots: Sequence[float], scalars: Sequence[float]
    ) -> Matrix:
        """The stance probabilities of one pair, in `STANCES` order."""
        logits = claim_part + np.asarray(dots) + self.scalar @ np.asarray(scalars)
        logits = logits - logits.max()
        p = np.exp(logits)
        probs: Matrix = p / p.sum()
        return probs

    def decide(self, probs: Matrix, language: str) -> int:
        """The index of the stance chosen from `probs` with the claim language's offsets."""
        row = self.languages.index(language) if language in self.languages else 0
        return int(np.argmax(np.log(np.maximum(probs, 1e-12)) + self.offsets[row]))


@dataclass(frozen=True, slots=True)
class ClaimSide:
    """A claim's contribution, computed once per claim: its logits part and directions."""

    logits: Matrix
    directions: Matrix


class LearnedStanceJudge:
    """The rule judge joined by `StanceModel`; see the module docstring for the three modes."""

    def __init__(
        self,
        model: StanceModel | None = None,
        rules: RuleStanceJudge | None = None,
        mode: str = "learned",
    ) -> None:
        if mode not in JUDGES[1:]:
            raise ValueError(f"unknown learned stance mode {mode!r}: {', '.join(JUDGES[1:])}")
        self.model = model or StanceModel.load()
        self.rules = rules or RuleStanceJudge()
        self.mode = mode
        self.name = f"{mode}-{self.model.digest}+{self.rules.name}"

    def claim_side(self, claim_vector: npt.NDArray[np.floating]) -> ClaimSide:
        """What the model needs of the claim (its e5 query vector), once per claim."""
        return ClaimSide(self.model.claim_logits(claim_vector), self.model.directions(claim_vector))

    def judge(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        *,
        rating: Rating | None = None,
    ) -> StanceResult:
        """Judge without the pair's vectors: the rule judge's answer."""
        return self.rules.judge(claim, evidence, similarity, rating=rating)

    def judge_with(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        side: ClaimSide,
        signals: PairSignals,
        *,
        rating: Rating | None = None,
    ) -> StanceResult:
        """Judge with the model: `side` from `claim_side`, `signals` for this evidence."""
        ruled = self.rules.judge(claim, evidence, similarity, rating=rating)
        if rating is not None or self._rules_decide(ruled):
            return ruled
        scalars = scalar_features(claim, evidence, similarity, signals.coverage, ruled)
        probs = self.model.probabilities(side.logits, signals.dots, scalars)
        chosen = STANCES[self.model.decide(probs, claim.language)]
        detail = " ".join(f"{s.value}={p:.2f}" for s, p in zip(STANCES, probs, strict=True))
        learned = Reason("learned", detail=f"{self.model.digest}: {detail}")
        # The rules' reasons explain the rules' stance; when the model differs only who asserts
        # the evidence still holds.
        kept = (
            ruled.reasons
            if chosen is ruled.stance
            else tuple(r for r in ruled.reasons if r.type == "attribution")
        )
        return StanceResult(chosen, round(float(probs[STANCES.index(chosen)]), 4), (learned, *kept))

    def _rules_decide(self, ruled: StanceResult) -> bool:
        types = {r.type for r in ruled.reasons}
        if "other_source" in types:
            return True  # the claim names another source: no text model knows better
        mismatch = ruled.stance is Stance.REFUTES and bool(types & set(_MISMATCHES))
        if self.mode == "hybrid":
            return mismatch
        if self.mode == "guarded":
            # The rules' "silent on a detail" is kept too: the verdict combines such partial
            # support across statements (`verdict.combine_partial_support`).
            # So is their "unrelated": on pairs from a retrieval pool the model, fitted on pairs
            # that are all on one topic, reads a negated claim as contradicted by anything.
            silent = bool(types & {"unverified_detail", "unstated_action", "low_relevance"})
            return mismatch or silent or ruled.stance is Stance.SUPPORTS
        return False


def _layout(embedder: Embedder, model: StanceModel) -> tuple[slice, float] | None:
    """Where the model's vectors sit in the main embedder's vectors, and their scale."""
    if embedder.name == model.embedder:
        return slice(0, embedder.dim), 1.0
    if isinstance(embedder, Combined):
        for part, window in zip(embedder.parts, embedder.slices, strict=True):
            if part.name == model.embedder:
                return window, 1.0 / math.sqrt(len(embedder.parts))
    return None


def projections(
    judge: LearnedStanceJudge,
    embedder: Embedder,
    claim_vector: Vector,
    ids: list[str],
    similarity: Callable[[list[str], Vector], list[float]],
) -> tuple[ClaimSide, dict[str, tuple[float, float, float]]] | None:
    """The claim side and, per statement id, the three inner products of its stored vector with
    the claim's directions, read through `similarity` (the index's); None when the main
    embedder's vectors do not hold the model's (then the judge answers as the rules do)."""
    layout = _layout(embedder, judge.model)
    if layout is None:
        return None
    window, scale = layout
    side = judge.claim_side(claim_vector[window] / scale)
    columns = []
    for direction in side.directions:
        query = np.zeros(embedder.dim, dtype=np.float32)
        query[window] = direction / scale
        columns.append(similarity(ids, query))
    dots = {sid: (a, b, c) for sid, a, b, c in zip(ids, *columns, strict=True)}
    return side, dots


def create_judge(name: str) -> RuleStanceJudge | LearnedStanceJudge:
    """The stance judge a setting names: `rules`, `learned` or `hybrid`."""
    if name == "rules":
        return RuleStanceJudge()
    if name in JUDGES[1:]:
        return LearnedStanceJudge(mode=name)
    raise ValueError(f"unknown stance judge {name!r}; available: {', '.join(JUDGES)}")
