"""Prometheus metrics (`GET /metrics`), outside the OpenAPI document and open like the probes."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.concurrency import run_in_threadpool

from factdesk.metrics import Metrics, Snapshot
from factdesk.store.base import StoreError

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Counters and histograms in the Prometheus text format, plus store size, store generation
    and cache state read now."""
    state = request.app.state
    store_up, total, generation = True, None, None
    try:
        stats = await run_in_threadpool(state.verifier.store.stats)
        total, generation = stats.total, stats.generation
    except StoreError:
        store_up = False
    snapshot = Snapshot(
        store_up=store_up,
        statements=total,
        generation=generation,
        cache_backend=state.cache.name,
        cache_up=await state.cache.state() == "ok",
    )
    registry: Metrics = state.metrics
    return Response(registry.exposition(snapshot), media_type=CONTENT_TYPE_PLAIN_0_0_4)
