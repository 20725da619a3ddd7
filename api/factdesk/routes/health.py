"""Liveness, readiness and store statistics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from factdesk.config import settings_warnings
from factdesk.deps import StoreDep
from factdesk.errors import problem_responses
from factdesk.examples import HEALTH, READINESS, STATS, example_reply
from factdesk.schemas import EngineReport, Health, Readiness, SeedReport, Stats
from factdesk.security import read_access
from factdesk.seed import SeedOutcome
from factdesk.store.base import StoreError

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Process is alive",
    response_model=Health,
    responses=example_reply(HEALTH),
)
async def healthz() -> Health:
    """Answers as long as the process can serve HTTP; checks nothing else."""
    return Health()


@router.get(
    "/readyz",
    summary="Ready to serve",
    response_model=Readiness,
    responses={
        **example_reply(READINESS),
        503: {"model": Readiness, "description": "Store unreachable or models missing"},
    },
)
async def readyz(request: Request, response: Response) -> Readiness:
    """Store reachable, embedding model loaded, the cache state (`degraded` still serves),
    what the start did with the seed statements (reported; a missing seed leaves it ready) and
    this worker's engine load (a `saturated` engine sheds new computations with 503 but still
    serves cached replies and reads, so it leaves the service ready)."""
    state = request.app.state
    store_ok, total, generation = True, None, None
    try:
        stats = await run_in_threadpool(state.verifier.store.stats)
        total, generation = stats.total, stats.generation
    except StoreError:
        store_ok = False
    models_ok = state.verifier.embedder is not None
    cache_state = await state.cache.state()
    ready = store_ok and models_ok
    if not ready:
        response.status_code = 503
    seed: SeedOutcome = state.seed
    load = state.admission.load()
    return Readiness(
        status="ready" if ready else "not_ready",
        store="ok" if store_ok else "unavailable",
        models="loaded" if models_ok else "missing",
        cache="ok" if cache_state == "ok" else "degraded",
        cache_backend=state.cache.name,
        statements=total,
        store_generation=generation,
        seed=SeedReport(
            status=seed.status,
            path=None if seed.path is None else str(seed.path),
            statements=seed.statements,
            rejected=seed.rejected,
        ),
        warnings=settings_warnings(state.settings),
        engine=EngineReport(
            state="saturated" if load.saturated else "ok",
            slots=load.slots,
            running=load.running,
            queued=load.queued,
            queue_limit=load.queue_limit,
            shed=load.shed,
        ),
    )


@router.get(
    "/v1/stats",
    summary="Store statistics",
    response_model=Stats,
    responses={**example_reply(STATS), **problem_responses(401, 429, 503)},
    tags=["statements"],
    dependencies=[Depends(read_access)],
)
def stats(store: StoreDep) -> Stats:
    """Statement counts by kind and by language, and the store generation."""
    s = store.stats()
    return Stats(
        total=s.total, by_kind=s.by_kind, by_language=s.by_language, store_generation=s.generation
    )
