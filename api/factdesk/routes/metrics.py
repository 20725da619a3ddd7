"""Prometheus metrics (`GET /metrics`), outside the OpenAPI document and open like the probes."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.concurrency import run_in_threadpool

from factdesk.deps import StateDep
from factdesk.metrics import Snapshot
from factdesk.store.base import StoreError

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(state: StateDep) -> Response:
    """Counters and histograms in the Prometheus text format, plus store size, store generation
    and cache state read now."""
    store_up, total, generation = True, None, None
    try:
        stats = await run_in_threadpool(state["store"].stats)
        total, generation = stats.total, stats.generation
    except StoreError:
        store_up = False
    cache = state["cache"]
    snapshot = Snapshot(
        store_up=store_up,
        statements=total,
        generation=generation,
        cache_backend=cache.name,
        cache_up=await cache.state() == "ok",
    )
    return Response(state["metrics"].exposition(snapshot), media_type=CONTENT_TYPE_PLAIN_0_0_4)
