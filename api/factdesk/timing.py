"""The `Server-Timing` header (W3C Server Timing) of verify, batch and search replies."""

from __future__ import annotations

import time


class ServerTiming:
    """Collects what one request spent where; `header()` renders it.

    Engine stages are summed over the computations the request caused (several for a batch);
    replies served from the cache add nothing to them. `total` is the wall time since the
    object was made (cache lookups, waits for another worker and engine work included).
    """

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._stages: dict[str, float] = {}
        self.hits = 0
        self.misses = 0

    def add_stages(self, timings_ms: dict[str, float]) -> None:
        """Add one engine computation's stage timings (its own `total` is ignored)."""
        for name, ms in timings_ms.items():
            if name != "total":
                self._stages[name] = self._stages.get(name, 0.0) + ms

    def served(self, from_cache: bool) -> None:
        """Record whether one reply came from the cache."""
        if from_cache:
            self.hits += 1
        else:
            self.misses += 1

    def header(self) -> str:
        parts = [f"{name};dur={ms:.1f}" for name, ms in self._stages.items()]
        lookups = self.hits + self.misses
        if lookups and self.hits == lookups:
            parts.append("cache;desc=hit")
        elif lookups and self.hits == 0:
            parts.append("cache;desc=miss")
        elif lookups:
            parts.append(f'cache;desc="{self.hits}/{lookups} hit"')
        parts.append(f"total;dur={(time.perf_counter() - self._started) * 1000:.1f}")
        return ", ".join(parts)
