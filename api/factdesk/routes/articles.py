"""Article checking: split, find the check-worthy sentences, verify them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Response
from starlette.concurrency import run_in_threadpool

from factdesk.deps import ServiceDep, SettingsDep
from factdesk.engine.checkworthiness import CHECK_WORTHY, Checkworthiness, score
from factdesk.engine.sentences import Sentence, split_sentences
from factdesk.errors import problem_responses
from factdesk.schemas import (
    ArticleCheckRequest,
    ArticleCheckResponse,
    CheckedSentence,
    VerifyRequest,
)
from factdesk.security import read_access
from factdesk.timing import ServerTiming

router = APIRouter(prefix="/v1", tags=["articles"])
EVIDENCE_PER_SENTENCE = 3

_EXAMPLE = {
    "text": (
        "Elon Musk founded xAI in 2023 to build a rival to OpenAI. xAI launched Grok a year "
        "after it was founded. What will come next? ChatGPT was launched in November 2022."
    ),
    "language": "en",
}


def _scored(text: str, max_chars: int) -> tuple[int, list[tuple[Sentence, Checkworthiness]]]:
    sentences = split_sentences(text, max_chars)
    scored = [(s, score(s.text)) for s in sentences]
    return len(sentences), [(s, c) for s, c in scored if c.score >= CHECK_WORTHY]


@router.post(
    "/articles:check",
    summary="Check an article sentence by sentence",
    response_model=ArticleCheckResponse,
    responses=problem_responses(400, 401, 413, 422, 429, 503),
    dependencies=[Depends(read_access)],
)
async def check_article(
    body: Annotated[ArticleCheckRequest, Body(openapi_examples={"article": {"value": _EXAMPLE}})],
    service: ServiceDep,
    settings: SettingsDep,
    response: Response,
    cache_control: Annotated[
        str | None, Header(description="`no-cache` bypasses the verdict cache.")
    ] = None,
) -> ArticleCheckResponse:
    """Split an article (English or Korean, up to `FACTDESK_MAX_ARTICLE_CHARS` characters) into
    sentences, score how check-worthy each is — numbers, dates, named entities, attributions and
    comparisons raise the score; questions, opinion and fragments lower it — and verify the
    check-worthy ones, the most check-worthy first, at most `FACTDESK_MAX_ARTICLE_CHECKS` of
    them (the others come back without a verdict). Sentences are returned in text order with
    `start` and `end` character offsets into the submitted text, for highlighting. Relative
    dates ("last year", "11일") resolve against `published_at`; without it they are not
    compared."""
    total, worthy = await run_in_threadpool(_scored, body.text, settings.max_claim_chars)
    ranked = sorted(range(len(worthy)), key=lambda i: (-worthy[i][1].score, i))
    chosen = set(ranked[: settings.max_article_checks])
    use_cache = not (cache_control and "no-cache" in cache_control.lower())
    timing = ServerTiming()
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
            req = VerifyRequest(
                claim=sentence.text,
                language=body.language,
                top_k=EVIDENCE_PER_SENTENCE,
                claim_date=body.published_at,
            )
            result = await service.verify(req, use_cache=use_cache, timing=timing)
            item.verdict = result.verdict
            item.confidence = result.confidence
            item.summary = result.summary
            item.evidence = result.evidence
        out.append(item)
    response.headers["Server-Timing"] = timing.header()
    return ArticleCheckResponse(
        sentences=out,
        sentence_count=total,
        checked=len(chosen),
        unchecked=len(worthy) - len(chosen),
    )
