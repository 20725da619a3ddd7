"""Labelled stance pairs for fitting and measuring the learned judge, split by group.

Each pair belongs to a group that never straddles the split: a CLIMATE-FEVER claim (its five
evidence sentences stay together) or an NLI premise (KLUE-NLI and XNLI write three hypotheses
per premise). A group is held out when a hash of its key says so, so the split is the same on
every machine and in every command that reports held-out numbers.

`PairTable` embeds, parses and rule-judges the pairs once; `predict` then runs any judge over
it with the vectors the learned model needs, as the service does with the index's vectors.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from factdesk.embed import create_embedder
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.parsed import ParsedText
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.stance.base import StanceJudge, StanceResult
from factdesk.engine.stance.learned import STANCES, LearnedStanceJudge, PairSignals
from factdesk.engine.stance.rules import RuleStanceJudge
from factdesk.eval.pairs import gold_label
from factdesk.store.base import StatementStore

HELD_OUT: Final = "held-out"
FIT: Final = "fit"
_BATCH: Final = 64

Embed = Callable[[list[str], bool], npt.NDArray[np.float32]]


# NLI labels onto the dataset labels `evaluate_pairs` maps onto stances.
_NLI_LABELS: Final = {
    "entailment": "supports",
    "contradiction": "refutes",
    "neutral": "neutral",
}


def klue_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(claim, evidence, label) from KLUE-NLI's JSON list."""
    rows = json.loads(path.read_text("utf-8"))
    return [
        (row["hypothesis"], row["premise"], _NLI_LABELS[row["gold_label"]])
        for row in rows
        if row.get("gold_label") in _NLI_LABELS
    ]


def xnli_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(claim, evidence, label) from KorNLI's tab-separated XNLI file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row["sentence2"], row["sentence1"], _NLI_LABELS[row["gold_label"]])
            for row in reader
            if row.get("gold_label") in _NLI_LABELS
        ]


class CachedEmbedder:
    """e5 vectors by (query?, text), kept in an npz file between runs of this script."""

    def __init__(self, name: str, path: Path | None = None) -> None:
        self.embedder = create_embedder(name)
        self.path = path
        self.vectors: dict[str, npt.NDArray[np.float32]] = {}
        if path is not None and path.exists():
            with np.load(path) as npz:
                self.vectors = {k: npz[k] for k in npz.files}

    @staticmethod
    def _key(text: str, is_query: bool) -> str:
        return ("q" if is_query else "p") + hashlib.sha256(text.encode()).hexdigest()[:24]

    def __call__(self, texts: list[str], is_query: bool) -> npt.NDArray[np.float32]:
        missing = [t for t in texts if self._key(t, is_query) not in self.vectors]
        if missing:
            embed = self.embedder.embed_queries if is_query else self.embedder.embed_passages
            for text, vector in zip(missing, embed(missing), strict=True):
                self.vectors[self._key(text, is_query)] = vector
        return np.vstack([self.vectors[self._key(t, is_query)] for t in texts])

    def from_store(self, store: StatementStore) -> int:
        """The passage vectors `store` holds for its statements' texts, when its main
        embedder is this one (same size of vector), so they are not computed twice."""
        delta = store.vectors_since(0)
        if delta.vectors.shape[1:] != (self.embedder.dim,):
            return 0
        texts = store.get_many(delta.ids)
        count = 0
        for sid, vector in zip(delta.ids, delta.vectors, strict=True):
            if sid in texts:
                self.vectors[self._key(texts[sid].text, False)] = vector
                count += 1
        return count

    def save(self) -> None:
        if self.path is not None:
            np.savez(self.path, **self.vectors)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Pair:
    dataset: str
    group: str
    claim: str
    evidence: str
    label: str  # a stance value


def split_of(group: str) -> str:
    """`fit` or `held-out`, half and half, by a hash of the group's key."""
    return HELD_OUT if hashlib.sha256(group.encode()).digest()[0] % 2 else FIT


def tune_fold(group: str) -> bool:
    """Within the fit half, the fifth of groups that tunes the regularisation and offsets."""
    return hashlib.sha256(("tune:" + group).encode()).digest()[0] % 5 == 0


def climate_pairs(path: Path) -> list[Pair]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        group = f"climate-fever:{record['claim_id']}"
        for ev in record["evidences"]:
            label = gold_label(str(ev["evidence_label"]))
            out.append(Pair("climate-fever", group, record["claim"], ev["evidence"], label))
    return out


def nli_pairs(name: str, rows: list[tuple[str, str, str]]) -> list[Pair]:
    return [Pair(name, f"{name}:{premise}", hyp, premise, lab) for hyp, premise, lab in rows]


def load_pairs(climate: Path | None, korean: Path | None) -> list[Pair]:
    """CLIMATE-FEVER's dev half and KLUE-NLI / XNLI-ko dev, whichever are given."""
    pairs: list[Pair] = []
    if climate is not None:
        pairs += climate_pairs(climate)
    if korean is not None:
        pairs += nli_pairs("klue-nli", klue_pairs(next(korean.glob("klue-nli*dev*.json"))))
        pairs += nli_pairs("xnli-ko", xnli_pairs(next(korean.glob("xnli.dev.ko.tsv"))))
    return pairs


def _embed(texts: list[str], embed: Embed, is_query: bool) -> npt.NDArray[np.float32]:
    if not texts:
        return np.zeros((0, 1), np.float32)
    chunks = [embed(texts[i : i + _BATCH], is_query) for i in range(0, len(texts), _BATCH)]
    return np.vstack(chunks).astype(np.float32)


def _coverage(claim: str, evidence: str) -> float:
    """The share of the claim's search tokens the evidence holds (the retriever's coverage)."""
    tokens = set(lexical_tokens(claim, detect_language(claim)))
    if not tokens:
        return 0.0
    return len(tokens & set(lexical_tokens(evidence, detect_language(evidence)))) / len(tokens)


class PairTable:
    """Pairs with their e5 vectors (claims as queries, evidence as passages), parses, token
    coverage and the rule judge's answers, computed once."""

    def __init__(self, pairs: Sequence[Pair], embed: Embed, rules: RuleStanceJudge) -> None:
        self.pairs = list(pairs)
        claims = sorted({p.claim for p in self.pairs})
        evidences = sorted({p.evidence for p in self.pairs})
        claim_rows = {t: i for i, t in enumerate(claims)}
        evidence_rows = {t: i for i, t in enumerate(evidences)}
        claim_vectors = _embed(claims, embed, True)
        evidence_vectors = _embed(evidences, embed, False)
        self.u = claim_vectors[[claim_rows[p.claim] for p in self.pairs]]
        self.v = evidence_vectors[[evidence_rows[p.evidence] for p in self.pairs]]
        parsed = {t: parse(t) for t in [*claims, *evidences]}
        self.parsed: list[tuple[ParsedText, ParsedText]] = [
            (parsed[p.claim], parsed[p.evidence]) for p in self.pairs
        ]
        self.similarity = np.einsum("ij,ij->i", self.u, self.v)
        self.coverage = [_coverage(p.claim, p.evidence) for p in self.pairs]
        self.ruled: list[StanceResult] = [
            rules.judge(c, e, float(s))
            for (c, e), s in zip(self.parsed, self.similarity, strict=True)
        ]

    def rows(self, dataset: str | None = None, split: str | None = None) -> list[int]:
        return [
            i
            for i, p in enumerate(self.pairs)
            if (dataset is None or p.dataset == dataset)
            and (split is None or split_of(p.group) == split)
        ]

    def predict(self, judge: StanceJudge, rows: Sequence[int]) -> list[str]:
        """Each pair's stance from `judge`: with the pair's vectors when it is a learned one."""
        out = []
        for i in rows:
            claim, evidence = self.parsed[i]
            similarity = float(self.similarity[i])
            if isinstance(judge, LearnedStanceJudge):
                side = judge.claim_side(self.u[i])
                d0, d1, d2 = (side.directions @ self.v[i]).tolist()
                signals = PairSignals((d0, d1, d2), self.coverage[i])
                result = judge.judge_with(claim, evidence, similarity, side, signals)
            elif isinstance(judge, RuleStanceJudge):
                result = self.ruled[i]
            else:
                result = judge.judge(claim, evidence, similarity)
            out.append(result.stance.value)
        return out

    def labels(self, rows: Sequence[int]) -> list[str]:
        return [self.pairs[i].label for i in rows]


LABELS: Final = tuple(s.value for s in STANCES)
