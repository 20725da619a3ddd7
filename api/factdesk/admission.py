"""Admission control for engine work: how many computations run at once, who waits, who is
turned away.

Every engine computation (an uncached verify, search or stance; each claim of a batch and each
verified sentence of an article) takes one of a process's `slots` for as long as it runs.
When all are taken it waits in a queue of at most `queue` requests for at most `max_wait`
seconds; past either it is shed with `503` and `Retry-After` (`Overloaded`). A caller (API key,
else client address) may have at most `per_caller` computations running or waiting in one
process; past that it gets `429` with `Retry-After` (`CallerBusy`), so that one client's
parallel requests cannot fill the queue. With that limit on, one caller also runs on at most
`slots - 1` slots (at least one): its further computations wait, and the slot left free serves
the next caller at once. A freed slot goes to the waiting caller with the fewest computations
running, the longest waiting first among equals: a client that floods waits behind everyone
else.

Only engine work passes through here. Cached replies, statement reads, health and metrics never
take a slot, so a full queue does not slow them.

The cost-aware half of fairness is `charge`: the access check counts every request once against
the caller's rate limit; a request that makes N engine computations (a batch of N claims, an
article with N sentences to verify) is charged the other N - 1 before its work starts.

The caller is known from `current_caller`, which the access check (`factdesk.security`) sets for
the request being served.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter as Tally
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from factdesk.errors import ServiceUnavailable, TooManyRequests
from factdesk.metrics import Metrics
from factdesk.ratelimit import RateLimiter

T = TypeVar("T")

current_caller: ContextVar[str | None] = ContextVar("factdesk_caller", default=None)
"""The rate-limit id (`key:NAME` or `ip:ADDRESS`) of the request being served."""

ANONYMOUS = "unknown"


class Overloaded(ServiceUnavailable):
    """The engine's queue is full, or a request waited in it too long."""

    title, slug = "Overloaded", "overloaded"


class CallerBusy(TooManyRequests):
    """The caller already has as many engine computations running or waiting as it may."""

    title, slug = "Too many requests in flight", "too-many-in-flight"


class ShedReason(StrEnum):
    QUEUE_FULL = "queue_full"
    WAIT_TIMEOUT = "wait_timeout"
    CALLER_BUSY = "caller_busy"
    RATE_COST = "rate_cost"


@dataclass(frozen=True)
class AdmissionLimits:
    """Per process; `None` in a field turns that bound off."""

    slots: int
    queue: int
    max_wait_seconds: float
    per_caller: int | None


@dataclass(frozen=True)
class EngineLoad:
    """What the engine of this process is doing now, and what it has shed since the start."""

    slots: int
    running: int
    queued: int
    queue_limit: int
    shed: int

    @property
    def saturated(self) -> bool:
        """Every slot busy and the queue full: new engine work is being shed."""
        return self.running >= self.slots and self.queued >= self.queue_limit


@dataclass
class _Waiter:
    caller: str
    granted: asyncio.Future[None]


class Admission:
    """The slots, the queue and the per-caller counts of one process (one event loop)."""

    def __init__(
        self,
        limits: AdmissionLimits,
        *,
        metrics: Metrics | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.limits = limits
        self.metrics = metrics
        self.limiter = limiter
        # With a per-caller limit, one caller never takes the last free slot: the others' next
        # computation starts at once instead of behind one of its (docs/PERFORMANCE.md, "Fair
        # under load").
        self.caller_slots = limits.slots if limits.per_caller is None else max(1, limits.slots - 1)
        self._running = 0
        self._waiting: deque[_Waiter] = deque()
        self._running_by: Tally[str] = Tally()
        self._waiting_by: Tally[str] = Tally()
        self._shed = 0
        self._seconds = 0.1  # a moving average of one computation, for Retry-After

    def load(self) -> EngineLoad:
        return EngineLoad(
            self.limits.slots, self._running, len(self._waiting), self.limits.queue, self._shed
        )

    def _refuse(self, route: str, reason: ShedReason) -> None:
        self._shed += 1
        if self.metrics is not None:
            self.metrics.shed.labels(route, reason.value).inc()

    def _retry_after(self) -> dict[str, str]:
        # Long enough for the queue ahead to drain, at the recent pace.
        ahead = len(self._waiting) + self._running
        seconds = self._seconds * ahead / self.limits.slots
        return {"Retry-After": str(max(1, math.ceil(seconds)))}

    def _may_run(self, caller: str) -> bool:
        return self._running < self.limits.slots and self._running_by[caller] < self.caller_slots

    def _start(self, caller: str) -> None:
        self._running += 1
        self._running_by[caller] += 1

    @staticmethod
    def _drop(tally: Tally[str], caller: str) -> None:
        tally[caller] -= 1
        if tally[caller] <= 0:
            del tally[caller]

    @asynccontextmanager
    async def slot(self, route: str) -> AsyncIterator[None]:
        """Hold one engine slot for the block; raises `CallerBusy` or `Overloaded`."""
        caller = current_caller.get() or ANONYMOUS
        per_caller = self.limits.per_caller
        in_flight = self._running_by[caller] + self._waiting_by[caller]
        if per_caller is not None and in_flight >= per_caller:
            self._refuse(route, ShedReason.CALLER_BUSY)
            raise CallerBusy(
                f"{in_flight} engine computations of this caller are already running or "
                f"waiting (at most {per_caller} per process); retry when one is done",
                headers=self._retry_after(),
            )
        if self._may_run(caller):
            self._start(caller)
        else:
            await self._wait(route, caller)
        started = time.perf_counter()
        try:
            yield
        finally:
            self._seconds += 0.2 * (time.perf_counter() - started - self._seconds)
            self._release(caller)

    async def _wait(self, route: str, caller: str) -> None:
        """Wait for `_grant` to start this computation (it counts it as running)."""
        if len(self._waiting) >= self.limits.queue:
            self._refuse(route, ShedReason.QUEUE_FULL)
            raise Overloaded(
                f"the engine is busy: {self._running} computations running and "
                f"{len(self._waiting)} waiting; retry later",
                headers=self._retry_after(),
            )
        waiter = _Waiter(caller, asyncio.get_running_loop().create_future())
        self._waiting.append(waiter)
        self._waiting_by[caller] += 1
        try:
            await asyncio.wait_for(asyncio.shield(waiter.granted), self.limits.max_wait_seconds)
        except TimeoutError:
            if waiter.granted.done():  # granted just as the wait ran out: keep the slot
                return
            self._forget(waiter)
            self._refuse(route, ShedReason.WAIT_TIMEOUT)
            raise Overloaded(
                f"waited {self.limits.max_wait_seconds:g} s for the engine; retry later",
                headers=self._retry_after(),
            ) from None
        except BaseException:
            # Cancelled (the client went away): give back a slot granted meanwhile.
            if waiter.granted.done():
                self._release(caller)
            else:
                self._forget(waiter)
            raise

    def _forget(self, waiter: _Waiter) -> None:
        self._waiting.remove(waiter)
        self._drop(self._waiting_by, waiter.caller)

    def _release(self, caller: str) -> None:
        self._running -= 1
        self._drop(self._running_by, caller)
        self._grant()

    def _grant(self) -> None:
        """Start waiting computations while slots are free: each time the waiter whose caller
        runs the least (the longest waiting among equals) of those allowed to run."""
        while self._waiting and self._running < self.limits.slots:
            eligible = [
                (self._running_by[w.caller], i)
                for i, w in enumerate(self._waiting)
                if self._running_by[w.caller] < self.caller_slots
            ]
            if not eligible:
                return
            _, chosen = min(eligible)
            waiter = self._waiting[chosen]
            del self._waiting[chosen]
            self._drop(self._waiting_by, waiter.caller)
            self._start(waiter.caller)
            waiter.granted.set_result(None)

    async def run(self, route: str, compute: Callable[[], T]) -> T:
        """`compute` in a worker thread, holding a slot."""
        async with self.slot(route):
            return await run_in_threadpool(compute)

    async def charge(self, route: str, units: int) -> None:
        """Count `units` more engine computations against the caller's rate limit (the
        request itself was counted once by the access check); raises `TooManyRequests`."""
        caller = current_caller.get()
        if self.limiter is None or caller is None:
            return
        # At most the whole allowance in all, or a large batch could never pass.
        units = min(units, self.limiter.rate.limit - 1)
        if units <= 0:
            return
        quota = await self.limiter.hit(caller, units)
        if quota is not None and not quota.allowed:
            self._refuse(route, ShedReason.RATE_COST)
            headers = quota.headers()
            raise TooManyRequests(
                f"this request makes {units + 1} engine computations, over what is left of "
                f"the rate limit of {self.limiter.rate}; retry in {headers['Retry-After']} s",
                headers=headers,
            )
