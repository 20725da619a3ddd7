"""Checking an article: split it into sentences, keep the check-worthy ones, and verify the most
check-worthy of them through the verification service (its cache included)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from factdesk.engine.checkworthiness import CHECK_WORTHY, Checkworthiness, score
from factdesk.engine.sentences import Sentence, split_sentences
from factdesk.schemas import (
    ArticleCheckRequest,
    ArticleCheckResponse,
    CheckedSentence,
    VerifyRequest,
)
from factdesk.timing import ServerTiming
from factdesk.verification import VerificationService

EVIDENCE_PER_SENTENCE = 3


def _worthy(text: str, max_chars: int) -> tuple[int, list[tuple[Sentence, Checkworthiness]]]:
    """How many sentences the text has, and the check-worthy ones with their scores."""
    sentences = split_sentences(text, max_chars)
    scored = [(s, score(s.text)) for s in sentences]
    return len(sentences), [(s, c) for s, c in scored if c.score >= CHECK_WORTHY]


async def check_article(
    service: VerificationService,
    req: ArticleCheckRequest,
    *,
    max_sentence_chars: int,
    max_checks: int,
    use_cache: bool,
    timing: ServerTiming,
) -> ArticleCheckResponse:
    """The article's check-worthy sentences in text order; the `max_checks` most check-worthy
    (ties in text order) carry a verdict, the others none."""
    total, worthy = await run_in_threadpool(_worthy, req.text, max_sentence_chars)
    ranked = sorted(range(len(worthy)), key=lambda i: (-worthy[i][1].score, i))
    chosen = set(ranked[:max_checks])
    await service.charge("check_article", len(chosen))
    out: list[CheckedSentence] = []
    for i, (sentence, worth) in enumerate(worthy):
        item = CheckedSentence(
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
            checkworthiness=worth.score,
            signals=list(worth.signals),
        )
        if i in chosen:
            claim = VerifyRequest(
                claim=sentence.text,
                language=req.language,
                top_k=EVIDENCE_PER_SENTENCE,
                claim_date=req.published_at,
            )
            result = await service.verify(claim, use_cache=use_cache, timing=timing)
            item.verdict = result.verdict
            item.confidence = result.confidence
            item.summary = result.summary
            item.verdict_label = result.verdict_label
            item.evidence_role = result.evidence_role
            item.evidence_label = result.evidence_label
            item.evidence = result.evidence
        out.append(item)
    return ArticleCheckResponse(
        sentences=out,
        sentence_count=total,
        checked=len(chosen),
        unchecked=len(worthy) - len(chosen),
    )
