"""Hybrid candidate retrieval: BM25 + typo-tolerant term expansion + dense vectors, re-ranked.

Each signal proposes its own top candidates; the union is scored on all signals and ordered by
the fitted `Reranker`. For an English claim, English candidates also get the cosine of a second,
English-only embedding (MiniLM) when the index holds one for them.

When the main embedder is a `Combined` one (`e5-small+use-m3`), the index holds both vectors side
by side: dense search ranks by their mean cosine, and each candidate's e5 and USE cosines are read
back apart (`semantic`, `multilingual`), so the stance judge and the same-language models still
see e5 cosines.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from factdesk.embed.combined import Combined
from factdesk.engine.index import SyncedIndex, VectorFilter
from factdesk.engine.rerank import Model, Reranker
from factdesk.store.base import Analysis, StatementFilter, StatementStore

ENGLISH = "en"
POOL_PER_SIGNAL = 50
_MIN_FUZZY_TOKEN = 4
_FUZZY_CUTOFF = 80.0


@dataclass(slots=True)
class Candidate:
    """One statement proposed for a claim, with every retrieval signal."""

    id: str
    semantic: float = 0.0
    lexical: float = 0.0  # normalised BM25, 0..1
    fuzzy: float = 0.0
    coverage: float = 0.0
    semantic_rank: int | None = None
    lexical_rank: int | None = None
    english: float | None = None  # MiniLM cosine: English claim, English statement with a vector
    multilingual: float | None = None  # USE cosine, when the main vector carries one
    relevance: float = 0.0
    analysis: Analysis | None = field(default=None, repr=False)


@dataclass(slots=True)
class Pool:
    """The candidates of one query and the per-query references their features are relative to."""

    candidates: list[Candidate]
    best_semantic: float = 0.0
    best_english: float = 0.0
    best_multilingual: float = 0.0


class _Vocabulary:
    """The full-text vocabulary, reloaded when the store generation moves."""

    def __init__(self) -> None:
        self.generation = -1
        self.terms: list[str] = []
        self.term_set: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def get(self, store: StatementStore, generation: int) -> _Vocabulary:
        if generation != self.generation:
            with self._lock:
                if generation != self.generation:
                    terms = store.vocabulary()
                    self.terms = [t for t in terms if len(t) >= _MIN_FUZZY_TOKEN and t.isascii()]
                    self.term_set = frozenset(terms)
                    self.generation = generation
        return self


class Retriever:
    """Finds and ranks the statements most likely to be about a claim."""

    def __init__(
        self,
        store: StatementStore,
        index: SyncedIndex,
        reranker: Reranker,
        combined: Combined | None = None,
        fusion: Sequence[float] | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.reranker = reranker
        # The main embedder when it is e5 ⊕ USE: its layout splits a cosine into the two.
        self.combined = combined
        # How much each of its parts counts in the fused cosine the dense pool is drawn by.
        self.fusion: tuple[float, ...] | None = None
        if combined is not None:
            self.fusion = tuple(fusion) if fusion else (1.0,) * len(combined.parts)
            combined.fusion_coefficients(self.fusion)  # rejects a bad tilt at start
        self._vocabulary = _Vocabulary()

    def expand_typos(self, tokens: Sequence[str], generation: int) -> list[str]:
        """Query tokens the index lacks, mapped to close index terms ("grock" → "grok")."""
        vocab = self._vocabulary.get(self.store, generation)
        extra: list[str] = []
        for token in dict.fromkeys(tokens):
            if token in vocab.term_set or len(token) < _MIN_FUZZY_TOKEN or not token.isascii():
                continue
            for term, _score, _ in process.extract(
                token, vocab.terms, scorer=fuzz.ratio, limit=2, score_cutoff=_FUZZY_CUTOFF
            ):
                extra.append(term)
        return extra

    def lexical(self, tokens: Sequence[str], flt: StatementFilter) -> list[tuple[str, float]]:
        """The lexical signal's candidates (BM25 over the tokens and their typo corrections).
        Needs no claim vector, so it can run while the claim is being embedded."""
        generation = self.index.refresh()
        query_tokens = list(tokens) + self.expand_typos(tokens, generation)
        return self.store.lexical_search(query_tokens, flt, POOL_PER_SIGNAL)

    def candidates(
        self,
        tokens: Sequence[str],
        vector: npt.NDArray[np.float32],
        flt: StatementFilter,
        english: npt.NDArray[np.float32] | None = None,
        lexical_hits: list[tuple[str, float]] | None = None,
    ) -> Pool:
        """Every candidate any signal proposes, with all signals filled in (not yet ranked).
        `english` is the claim's English-only vector, given for English claims only;
        `lexical_hits` what `lexical` found, when it was run beforehand."""
        if lexical_hits is None:
            lexical_hits = self.lexical(tokens, flt)
        search_vector = vector
        if self.combined is not None and self.fusion is not None:
            search_vector = self.combined.fusion_query(vector, self.fusion)
        dense_hits = self.index.search(
            search_vector, POOL_PER_SIGNAL, VectorFilter.from_statement_filter(flt)
        )
        pool: dict[str, Candidate] = {}
        best_bm25 = lexical_hits[0][1] if lexical_hits else 1.0
        for rank, (sid, score) in enumerate(lexical_hits):
            pool[sid] = Candidate(sid, lexical=score / best_bm25, lexical_rank=rank)
        for rank, (sid, cosine) in enumerate(dense_hits):
            cand = pool.setdefault(sid, Candidate(sid))
            cand.semantic = cosine
            cand.semantic_rank = rank
        if not pool:
            return Pool([])
        analyses = self.store.get_analysis(list(pool))
        self._fill_semantic([c for c in pool.values() if c.semantic_rank is None], search_vector)
        query_text = " ".join(tokens)
        query_set = set(tokens)
        alive: list[Candidate] = []
        for cand in pool.values():
            analysis = analyses.get(cand.id)
            if analysis is None:  # deleted between the two reads
                continue
            cand.analysis = analysis
            cand.fuzzy = fuzz.token_set_ratio(query_text, analysis.lexical) / 100.0
            if query_set:
                cand.coverage = len(query_set & set(analysis.lexical.split())) / len(query_set)
            alive.append(cand)
        if self.combined is not None and self.fusion is not None:
            self._split_semantic(alive, vector, self.combined, self.fusion)
        if english is not None:
            self._fill_english(alive, english)
        return Pool(
            alive,
            best_semantic=max((c.semantic for c in alive), default=0.0),
            best_english=max((c.english for c in alive if c.english is not None), default=0.0),
            best_multilingual=max(
                (c.multilingual for c in alive if c.multilingual is not None), default=0.0
            ),
        )

    def retrieve(
        self,
        tokens: Sequence[str],
        vector: npt.NDArray[np.float32],
        flt: StatementFilter,
        limit: int,
        language: str | None = None,
        english: npt.NDArray[np.float32] | None = None,
        lexical_hits: list[tuple[str, float]] | None = None,
    ) -> list[Candidate]:
        """Top `limit` candidates by fitted relevance, best first. `language` is the query's:
        candidates in another language are scored by the dense-only model. `english` is the
        claim's English-only vector (English claims only); `lexical_hits` as for
        `candidates`."""
        pool = self.candidates(tokens, vector, flt, english, lexical_hits)
        for cand in pool.candidates:
            model = scoring_model(cand, language)
            cand.relevance = self.reranker.score(features(cand, pool), model)
        alive = sorted(pool.candidates, key=lambda c: c.relevance, reverse=True)
        return alive[:limit]

    def _fill_semantic(self, cands: list[Candidate], vector: npt.NDArray[np.float32]) -> None:
        # A lexical-only candidate still gets its true cosine: the vector is in the index.
        if not cands:
            return
        scores = self.index.similarity([c.id for c in cands], vector)
        for cand, score in zip(cands, scores, strict=True):
            cand.semantic = score

    def _split_semantic(
        self,
        cands: list[Candidate],
        vector: npt.NDArray[np.float32],
        combined: Combined,
        fusion: Sequence[float],
    ) -> None:
        # The weighted sum of the parts' cosines is known; one more inner product gives the first
        # part's (e5's), and the (weighted mean of the) others' is what remains.
        if not cands:
            return
        first_weight, *others = combined.fusion_coefficients(fusion)
        first = self.index.similarity([c.id for c in cands], combined.part_query(vector, 0))
        for cand, e5 in zip(cands, first, strict=True):
            cand.multilingual = (cand.semantic - first_weight * e5) / sum(others)
            cand.semantic = e5

    def _fill_english(self, cands: list[Candidate], vector: npt.NDArray[np.float32]) -> None:
        english = [c for c in cands if c.analysis is not None and c.analysis.language == ENGLISH]
        # One call: for an index in the store, one query rather than one per candidate.
        scores = self.index.english_similarity([c.id for c in english], vector)
        if scores is None:
            return
        for cand in english:
            if cand.id in scores:
                cand.english = scores[cand.id]


def scoring_model(cand: Candidate, language: str | None) -> Model:
    """The re-ranker model for a candidate, given the claim's language."""
    multilingual = cand.multilingual is not None
    if language is not None and cand.analysis is not None and cand.analysis.language != language:
        return Model.CROSSLINGUAL if multilingual else Model.DENSE
    if cand.english is not None:
        return Model.ENGLISH_MULTILINGUAL if multilingual else Model.ENGLISH
    return Model.FULL_MULTILINGUAL if multilingual else Model.FULL


def features(cand: Candidate, pool: Pool) -> list[float]:
    """The re-ranker's feature vector, in `factdesk.engine.rerank.FEATURES` order."""
    return [
        cand.semantic,
        cand.semantic - pool.best_semantic,
        cand.lexical,
        1.0 if cand.lexical_rank is not None else 0.0,
        cand.fuzzy,
        cand.coverage,
        1.0 / (1 + cand.semantic_rank) if cand.semantic_rank is not None else 0.0,
        1.0 / (1 + cand.lexical_rank) if cand.lexical_rank is not None else 0.0,
        cand.english if cand.english is not None else 0.0,
        cand.english - pool.best_english if cand.english is not None else 0.0,
        cand.multilingual if cand.multilingual is not None else 0.0,
        cand.multilingual - pool.best_multilingual if cand.multilingual is not None else 0.0,
    ]
