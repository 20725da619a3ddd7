"""The verification pipeline: normalise → retrieve → judge stance → aggregate.

`Verifier` is the one object the API and the CLI talk to. It is synchronous and CPU-bound; the
HTTP layer runs it in a thread pool and puts the cache in front of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from factdesk.embed.base import Embedder
from factdesk.embed.combined import Combined
from factdesk.engine.analysis.parse import PARSER_VERSION, parse
from factdesk.engine.analysis.parsed import ParsedText
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.index import IndexConfig, SyncedIndex, create_index, for_store
from factdesk.engine.rerank import Reranker
from factdesk.engine.results import (
    Evidence,
    EvidenceRole,
    ReasonOut,
    Scores,
    SearchHit,
    StanceOutcome,
    Verdict,
    Verification,
)
from factdesk.engine.retrieve import ENGLISH, Candidate, Retriever
from factdesk.engine.stance import Rating as StanceRating
from factdesk.engine.stance import ReasonKind, StanceJudge, StanceResult
from factdesk.engine.stance.learned import ClaimSide, LearnedStanceJudge, PairSignals, projections
from factdesk.engine.verdict import VerdictThresholds, decide, summarize
from factdesk.engine.wording import reply_language, wording
from factdesk.models import Statement, StatementIn, StatementKind
from factdesk.store.base import PreparedStatement, StatementFilter, StatementStore, WriteResult
from factdesk.text import normalize_text

ENGINE_VERSION = "2"  # 2: reason texts, worded summaries, 0 confidence for NEE
_QUERY_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class VerifyOptions:
    language: str | None = None
    top_k: int = 5
    as_of: dt.date | None = None
    kind: StatementKind | None = None
    # When the claim was made: relative dates in it ("last year", "지난달") resolve against it.
    reference_date: dt.date | None = None
    # The language of the reply's sentences when asked for, and the caller's Accept-Language
    # choices (`engine.wording.reply_language`).
    reply_language: str | None = None
    accepted_languages: tuple[str, ...] = ()


# Any day: a claim's date that parses only with a reference date is a relative one.
_SOME_DAY = dt.date(2000, 6, 15)


def unplaced_dates(text: str, language: str) -> tuple[str, ...]:
    """The claim's relative dates ("11일", "last year") that no reference date placed."""
    placed = {d.text for d in parse(text, language).dates}
    found = parse(text, language, _SOME_DAY).dates
    return tuple(dict.fromkeys(d.text for d in found if d.text not in placed))


def statement_id(item: StatementIn) -> str:
    """Deterministic id for a statement sent without one, so re-imports stay idempotent."""
    source = item.source
    key = "\x1f".join([item.text, str(source.url or ""), source.title or "", str(item.kind)])
    return "st_" + hashlib.sha256(key.encode()).hexdigest()[:20]


def index_text(item: StatementIn) -> str:
    """The text a statement is searched by. A fact-check's headline restates its claim."""
    if item.kind is StatementKind.FACT_CHECK and item.source.title:
        return f"{item.text} {item.source.title}"
    return item.text


class _LRU:
    """Query vectors by (embedder, text), shared by the request threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: LRUCache[tuple[str, str], npt.NDArray[np.float32]] = LRUCache(maxsize=size)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    def get(self, key: tuple[str, str]) -> npt.NDArray[np.float32] | None:
        with self._lock:
            return self._data.get(key)

    def put(self, key: tuple[str, str], value: npt.NDArray[np.float32]) -> None:
        with self._lock:
            self._data[key] = value


def _stance_rating(statement: Statement) -> StanceRating | None:
    if statement.rating is None:
        return None
    r = statement.rating
    return StanceRating(label=r.label, value=r.value, best=r.best, worst=r.worst)


def _reasons(result: StanceResult) -> list[ReasonOut]:
    return [
        ReasonOut(type=r.type, claim=r.claim, evidence=r.evidence, detail=r.detail)
        for r in result.reasons
    ]


class Verifier:
    """Writes statements (parsed and embedded) and answers verify, search and stance."""

    def __init__(
        self,
        store: StatementStore,
        embedder: Embedder,
        judge: StanceJudge,
        reranker: Reranker | None = None,
        thresholds: VerdictThresholds | None = None,
        english: Embedder | None = None,
        index: IndexConfig | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.english = english  # English-only second embedder, for English pairs
        self.stance_judge = judge
        self.reranker = reranker or Reranker.load()
        self.thresholds = thresholds or VerdictThresholds.load()
        config = for_store(index or IndexConfig(), store)
        self.index = SyncedIndex(
            store,
            create_index(embedder.dim, config, store=store),
            create_index(english.dim, config, searchable=False, store=store) if english else None,
            saved_dir=config.saved_dir,
        )
        self.retriever = Retriever(
            store, self.index, self.reranker, embedder if isinstance(embedder, Combined) else None
        )
        self._queries = _LRU(_QUERY_CACHE_SIZE)
        # Work done beside the claim's e5 embedding (`_candidates`): its lexical search and, for
        # an English claim, its MiniLM vector. Both release the GIL, which hides their cost on
        # an otherwise idle core.
        self._beside = ThreadPoolExecutor(2, "factdesk-beside")

    def close(self) -> None:
        """Stop the worker threads; the store and the index are closed by their owner."""
        self._beside.shutdown()

    @property
    def version(self) -> str:
        """Changes whenever an answer for the same input and store could change."""
        return (
            f"{ENGINE_VERSION}:{self.embedder.name}:"
            f"{self.english.name if self.english else 'none'}:{self.stance_judge.name}:"
            f"{self.reranker.source}:{self.thresholds.source}"
        )

    # -- writes ---------------------------------------------------------------------------

    def prepare(self, items: Sequence[StatementIn]) -> list[PreparedStatement]:
        """Parse, tokenise and embed (in batches) statements ready for `StatementStore.write`."""
        texts = [index_text(item) for item in items]
        languages = [item.language or detect_language(item.text) for item in items]
        vectors = self.embedder.embed_passages(texts) if items else np.zeros((0, 0), np.float32)
        english = self._english_passages(texts, languages)
        prepared: list[PreparedStatement] = []
        for item, text, language, vector, english_vector in zip(
            items, texts, languages, vectors, english, strict=True
        ):
            parsed = parse(item.text, language, item.source.published_at)
            prepared.append(
                PreparedStatement(
                    id=item.id or statement_id(item),
                    language=language,
                    statement=item,
                    lexical=" ".join(lexical_tokens(text, language)),
                    parsed=parsed.to_dict(),
                    vector=vector,
                    english_vector=english_vector,
                )
            )
        return prepared

    def _english_passages(
        self, texts: list[str], languages: list[str]
    ) -> list[npt.NDArray[np.float32] | None]:
        out: list[npt.NDArray[np.float32] | None] = [None] * len(texts)
        rows = [i for i, language in enumerate(languages) if language == ENGLISH]
        if self.english is not None and rows:
            vectors = self.english.embed_passages([texts[i] for i in rows])
            for i, vector in zip(rows, vectors, strict=True):
                out[i] = vector
        return out

    def write(self, items: Sequence[StatementIn]) -> WriteResult:
        """Prepare and store statements in one transaction."""
        return self.store.write(self.prepare(items))

    # -- reads ----------------------------------------------------------------------------

    def embed_query(self, text: str, embedder: Embedder | None = None) -> npt.NDArray[np.float32]:
        embedder = embedder or self.embedder
        key = (embedder.name, text)
        vector = self._queries.get(key)
        if vector is None:
            vector = embedder.embed_queries([text])[0]
            self._queries.put(key, vector)
        return vector

    def _candidates(
        self, text: str, language: str, flt: StatementFilter, limit: int
    ) -> tuple[list[Candidate], npt.NDArray[np.float32]]:
        tokens = lexical_tokens(text, language)
        # The lexical search (and an English claim's MiniLM vector) run while the claim is
        # embedded with e5: each waits on SQLite or native code with the GIL released, so the
        # two overlap instead of adding up (docs/PERFORMANCE.md §8 item 8).
        lexical = self._beside.submit(self.retriever.lexical, tokens, flt)
        pending = (
            self._beside.submit(self.embed_query, text, self.english)
            if self.english is not None and language == ENGLISH
            else None
        )
        vector = self.embed_query(text)
        english = pending.result() if pending is not None else None
        found = self.retriever.retrieve(
            tokens, vector, flt, limit, language, english, lexical.result()
        )
        return found, vector

    @staticmethod
    def _scores(cand: Candidate) -> Scores:
        return Scores(
            lexical=round(cand.lexical, 4),
            fuzzy=round(cand.fuzzy, 4),
            semantic=round(max(cand.semantic, 0.0), 4),
        )

    def search(
        self,
        query: str,
        *,
        top_k: int = 10,
        language: str | None = None,
        kind: StatementKind | None = None,
    ) -> tuple[list[SearchHit], int]:
        """Statements matching a query, best first, and the store generation they come from."""
        text = normalize_text(query)
        flt = StatementFilter(language=language, kind=kind)
        cands, _ = self._candidates(text, detect_language(text), flt, top_k)
        statements = self.store.get_many([c.id for c in cands])
        hits = [
            SearchHit(
                statement=statements[c.id], score=round(c.relevance, 4), scores=self._scores(c)
            )
            for c in cands
            if c.id in statements
        ]
        return hits, self.index.generation

    def judge(
        self, claim: str, options: VerifyOptions | None = None
    ) -> tuple[str, str, list[Evidence], dict[str, float]]:
        """Normalise, retrieve and judge: (claim text, language, judged evidence, timings)."""
        opts = options or VerifyOptions()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        text = normalize_text(claim)
        language = opts.language or detect_language(text)
        parsed_claim = parse(text, language, opts.reference_date)
        flt = StatementFilter(kind=opts.kind, as_of=opts.as_of)
        timings["normalize"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        pool = max(opts.top_k, self.thresholds.judge_pool)
        cands, vector = self._candidates(text, language, flt, pool)
        timings["retrieve"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        statements = self.store.get_many([c.id for c in cands])
        learned = self._projections(vector, [c.id for c in cands])
        judged: list[Evidence] = []
        for cand in cands:
            statement = statements.get(cand.id)
            if statement is None or cand.analysis is None:
                continue
            evidence = self._parsed(statement, cand.analysis.parsed)
            if learned is not None and cand.id in learned[1]:
                signals = PairSignals(learned[1][cand.id], cand.coverage)
                result = self.judge_learned(
                    parsed_claim, evidence, cand.semantic, statement, learned[0], signals
                )
            else:
                result = self.judge_pair(parsed_claim, evidence, cand.semantic, statement)
            judged.append(
                Evidence(
                    statement=statement,
                    stance=result.stance,
                    stance_score=round(result.score, 4),
                    relevance=round(cand.relevance, 4),
                    scores=self._scores(cand),
                    reasons=_reasons(result),
                )
            )
        timings["stance"] = (time.perf_counter() - t0) * 1000
        return text, language, judged, timings

    @staticmethod
    def _parsed(statement: Statement, stored: dict[str, object]) -> ParsedText:
        """The statement's parse from the store, or a fresh one when the parser has changed
        since it was written (`factdesk reindex` rewrites them all)."""
        if stored.get("version") == PARSER_VERSION:
            return ParsedText.from_dict(stored)
        return parse(statement.text, statement.language, statement.source.published_at)

    def judge_pair(
        self, claim: ParsedText, evidence: ParsedText, similarity: float, statement: Statement
    ) -> StanceResult:
        return self.stance_judge.judge(
            claim, evidence, similarity, rating=_stance_rating(statement)
        )

    def _projections(
        self, vector: npt.NDArray[np.float32], ids: list[str]
    ) -> tuple[ClaimSide, dict[str, tuple[float, float, float]]] | None:
        """For a learned judge, what its model reads of the stored statement vectors (their
        inner products with the claim's directions, from the index); None for the rules."""
        judge = self.stance_judge
        if not isinstance(judge, LearnedStanceJudge) or not ids:
            return None
        return projections(judge, self.embedder, vector, ids, self.index.similarity)

    def judge_learned(
        self,
        claim: ParsedText,
        evidence: ParsedText,
        similarity: float,
        statement: Statement,
        side: ClaimSide,
        signals: PairSignals,
    ) -> StanceResult:
        assert isinstance(self.stance_judge, LearnedStanceJudge)
        return self.stance_judge.judge_with(
            claim, evidence, similarity, side, signals, rating=_stance_rating(statement)
        )

    def verify(self, claim: str, options: VerifyOptions | None = None) -> Verification:
        """Verdict on a claim with the evidence that decides it."""
        opts = options or VerifyOptions()
        started = time.perf_counter()
        text, language, judged, timings = self.judge(claim, opts)
        generation = self.index.generation
        t0 = time.perf_counter()
        decision = decide(judged, self.thresholds, opts.top_k)
        reply = reply_language(opts.reply_language, language, opts.accepted_languages)
        words = wording(reply)
        unplaced = unplaced_dates(text, language) if opts.reference_date is None else ()
        evidence = decision.evidence
        if unplaced:
            # The judge could not compare these dates; every cited statement says so.
            needs = [ReasonOut(type=ReasonKind.NEEDS_DATE, claim=d) for d in unplaced]
            evidence = [e.model_copy(update={"reasons": [*e.reasons, *needs]}) for e in evidence]
        summary = summarize(decision, reply, unplaced)
        closest = decision.verdict is Verdict.NOT_ENOUGH_EVIDENCE
        timings["verdict"] = (time.perf_counter() - t0) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        return Verification(
            claim=text,
            language=language,
            verdict=decision.verdict,
            confidence=decision.confidence,
            summary=summary,
            reply_language=reply,
            verdict_label=words.verdict_name(decision.verdict),
            evidence_role=EvidenceRole.CLOSEST if closest else EvidenceRole.EVIDENCE,
            evidence_label=words.label("closest" if closest else "evidence"),
            evidence=words.with_texts(evidence),
            store_generation=generation,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
        )

    def stance(self, claim: str, evidence: str) -> StanceOutcome:
        """Stance of one evidence text towards one claim, without the store."""
        claim_text, evidence_text = normalize_text(claim), normalize_text(evidence)
        claim_vec = self.embed_query(claim_text)
        # The evidence is request input, not a stored passage: it gets the claim's token cap.
        evidence_vec = self.embedder.embed_passages(self.embedder.clip_queries([evidence_text]))[0]
        full_claim_vec = claim_vec
        if isinstance(self.embedder, Combined):  # the judge's thresholds are e5 cosines
            claim_vec = self.embedder.part_query(claim_vec, 0)
        similarity = float(claim_vec @ evidence_vec)
        claim_parsed, evidence_parsed = parse(claim_text), parse(evidence_text)
        judge = self.stance_judge
        learned = None
        if isinstance(judge, LearnedStanceJudge):
            learned = projections(
                judge,
                self.embedder,
                full_claim_vec,
                ["evidence"],
                lambda _ids, query: [float(query @ evidence_vec)],
            )
        if learned is not None and isinstance(judge, LearnedStanceJudge):
            claim_tokens = set(lexical_tokens(claim_text, claim_parsed.language))
            evidence_tokens = set(lexical_tokens(evidence_text, evidence_parsed.language))
            coverage = len(claim_tokens & evidence_tokens) / len(claim_tokens or {""})
            signals = PairSignals(learned[1]["evidence"], coverage)
            result = judge.judge_with(
                claim_parsed, evidence_parsed, similarity, learned[0], signals
            )
        else:
            result = judge.judge(claim_parsed, evidence_parsed, similarity)
        words = wording(reply_language(None, claim_parsed.language))
        reasons = [
            r.model_copy(update={"text": words.reason(r, stance=result.stance)})
            for r in _reasons(result)
        ]
        return StanceOutcome(stance=result.stance, score=round(result.score, 4), reasons=reasons)
