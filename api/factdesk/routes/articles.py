"""Article checking: split, find the check-worthy sentences, verify them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response

from factdesk import articles
from factdesk.deps import ServiceDep, SettingsDep, UseCacheDep
from factdesk.errors import problem_responses
from factdesk.examples import ARTICLE_CHECK, example_reply
from factdesk.schemas import ArticleCheckRequest, ArticleCheckResponse
from factdesk.security import read_access
from factdesk.timing import ServerTiming

router = APIRouter(prefix="/v1", tags=["articles"])

_EXAMPLE = {
    "text": (
        "Elon Musk founded xAI in 2023 to build a rival to OpenAI. xAI launched Grok a year "
        "after it was founded. What will come next? ChatGPT was launched in November 2022."
    ),
    "language": "en",
}


@router.post(
    "/articles:check",
    summary="Check an article sentence by sentence",
    response_model=ArticleCheckResponse,
    responses={**example_reply(ARTICLE_CHECK), **problem_responses(400, 401, 413, 422, 429, 503)},
    dependencies=[Depends(read_access)],
)
async def check_article(
    body: Annotated[ArticleCheckRequest, Body(openapi_examples={"article": {"value": _EXAMPLE}})],
    service: ServiceDep,
    settings: SettingsDep,
    response: Response,
    use_cache: UseCacheDep,
) -> ArticleCheckResponse:
    """Split an article (English or Korean, up to `FACTDESK_MAX_ARTICLE_CHARS` characters) into
    sentences, score how check-worthy each is — numbers, dates, named entities, attributions and
    comparisons raise the score; questions, opinion and fragments lower it — and verify the
    check-worthy ones, the most check-worthy first, at most `FACTDESK_MAX_ARTICLE_CHECKS` of
    them (the others come back without a verdict). Sentences are returned in text order with
    `start` and `end` character offsets into the submitted text, for highlighting. Relative
    dates ("last year", "11일") resolve against `published_at`; without it they are not
    compared."""
    timing = ServerTiming()
    result = await articles.check_article(
        service,
        body,
        max_sentence_chars=settings.max_claim_chars,
        max_checks=settings.max_article_checks,
        use_cache=use_cache,
        timing=timing,
    )
    response.headers["Server-Timing"] = timing.header()
    return result
