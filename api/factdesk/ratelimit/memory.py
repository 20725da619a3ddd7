"""In-process rate limiter: the embedded default when no Redis is configured.

Each worker process counts on its own, so with `serve --workers N` a caller gets up to N times
the rate; configure Redis to share one count.
"""

from __future__ import annotations

import time

from factdesk.ratelimit.base import Quota, Rate, RateLimiter, gcra

_PRUNE_ABOVE = 10_000


class MemoryRateLimiter(RateLimiter):
    """One TAT per caller in a dict; callers whose allowance is full again are forgotten."""

    name = "memory"

    def __init__(self, rate: Rate) -> None:
        super().__init__(rate)
        self._tat: dict[str, float] = {}
        self._prune_above = _PRUNE_ABOVE

    async def hit(self, caller: str, cost: int = 1) -> Quota | None:
        # No await between the read and the write: the event loop makes this atomic.
        now = time.monotonic()
        quota, tat = gcra(self._tat.get(caller), now, self.rate, cost)
        if tat is not None:
            self._tat[caller] = tat
            if len(self._tat) > self._prune_above:
                self._prune(now)
        return quota

    def _prune(self, now: float) -> None:
        # A TAT in the past means a full allowance, the same as no entry at all. When most
        # callers are still active, wait for the dict to double before scanning it again.
        self._tat = {caller: tat for caller, tat in self._tat.items() if tat > now}
        self._prune_above = max(_PRUNE_ABOVE, 2 * len(self._tat))
