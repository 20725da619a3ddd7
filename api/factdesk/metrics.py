"""Prometheus metrics: what the service counts, and the `/metrics` exposition.

Counters and histograms are recorded as requests are served (`RequestObserver`, the
`VerificationService`); store size, store generation and cache state are read when the scraper
asks. Several workers (`factdesk serve --workers N`) share one set of numbers through
prometheus_client's multiprocess mode: `serve` points `PROMETHEUS_MULTIPROC_DIR` at a fresh
directory before the workers start, each worker writes its counters there, and whichever worker
answers a scrape sums them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


@dataclass(frozen=True)
class Snapshot:
    """Values read at scrape time."""

    store_up: bool
    statements: int | None
    generation: int | None
    cache_backend: str
    cache_up: bool

    def families(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("factdesk_store_up", "1 when the statement store answers.")
        up.add_metric([], 1.0 if self.store_up else 0.0)
        yield up
        if self.statements is not None:
            yield GaugeMetricFamily(
                "factdesk_store_statements", "Statements in the store.", value=self.statements
            )
        if self.generation is not None:
            yield GaugeMetricFamily(
                "factdesk_store_generation",
                "Store generation; moves on every write (cache keys include it).",
                value=self.generation,
            )
        cache = GaugeMetricFamily(
            "factdesk_cache_up",
            "1 when the reply cache is reachable, 0 when degraded (answers are computed).",
            labels=["backend"],
        )
        cache.add_metric([self.cache_backend], 1.0 if self.cache_up else 0.0)
        yield cache


class _Exposition(Collector):
    def __init__(self, sources: Iterable[Collector], extra: Iterable[Metric]) -> None:
        self.sources = list(sources)
        self.extra = list(extra)

    def collect(self) -> Iterable[Metric]:
        for source in self.sources:
            yield from source.collect()
        yield from self.extra


class Metrics:
    """The service's counters and histograms, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.multiprocess_dir = os.environ.get(MULTIPROC_ENV) or None
        self.registry = CollectorRegistry(auto_describe=True)
        if self.multiprocess_dir is None:
            # Per-process numbers only make sense when one process serves.
            ProcessCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "factdesk_http_requests",
            "HTTP requests by method, route template and status.",
            labels,
            registry=self.registry,
        )
        self.latency = Histogram(
            "factdesk_http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route template and status.",
            labels,
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.cache_lookups = Counter(
            "factdesk_cache_lookups",
            "Reply-cache lookups by route (verify, search) and result (hit, miss).",
            ["route", "result"],
            registry=self.registry,
        )
        self.lock_waits = Counter(
            "factdesk_cache_lock_waits",
            "Waits for another process computing the same reply, by route and outcome: "
            "filled (its reply arrived), took_over (it went away), timeout (computed anyway), "
            "cache_down (the cache failed while waiting).",
            ["route", "outcome"],
            registry=self.registry,
        )
        self.computations = Counter(
            "factdesk_engine_computations",
            "Replies computed by the engine (not served from the cache), by route.",
            ["route"],
            registry=self.registry,
        )
        self.shed = Counter(
            "factdesk_requests_shed",
            "Requests refused by admission control, by route and reason: queue_full and "
            "wait_timeout (503, the engine is busy), caller_busy (429, the caller's computations "
            "in flight), rate_cost (429, a batch or article over the caller's rate limit).",
            ["route", "reason"],
            registry=self.registry,
        )
        self.verdicts = Counter(
            "factdesk_verdicts",
            "Verdicts returned (cached or not, batch items included), by verdict.",
            ["verdict"],
            registry=self.registry,
        )

    def exposition(self, snapshot: Snapshot) -> bytes:
        """The text exposition format: counters (summed over workers in multiprocess mode) and
        the scrape-time gauges of `snapshot`."""
        sources: list[Collector]
        if self.multiprocess_dir is not None:
            sources = [
                MultiProcessCollector(None, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
            ]
        else:
            sources = [self.registry]
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Exposition(sources, snapshot.families()))
        return generate_latest(registry)


def prepare_multiprocess_dir(path: Path) -> None:
    """Make `path` the shared metrics directory of the worker processes about to start, removing
    the files an earlier run left there (their counts would be added to this run's)."""
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(path)
