"""The `RateLimiter` interface, the rate it enforces, and the GCRA arithmetic both backends share.

The algorithm is GCRA (the generic cell rate algorithm, a leaky bucket kept as one timestamp per
caller): a rate of `N/period` lets a caller spend N requests at once and then one every
`period / N`. It never lets 2N through around a window edge the way a fixed window does, and a
backend stores a single number per caller: the theoretical arrival time (TAT) of the next request.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_RATE = re.compile(r"\s*(\d+)\s*/\s*(second|minute|hour)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    """`limit` requests per `period` seconds."""

    limit: int
    period: float

    @property
    def interval(self) -> float:
        """Seconds one request costs: the bucket refills one request per interval."""
        return self.period / self.limit

    def __str__(self) -> str:
        unit = next(name for name, seconds in _PERIODS.items() if seconds == self.period)
        return f"{self.limit}/{unit}"


def parse_rate(text: str) -> Rate | None:
    """`600/minute` (also `/second`, `/hour`) → a `Rate`; `off` → None."""
    if text.strip().lower() == "off":
        return None
    match = _RATE.fullmatch(text)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(
            f"rate limit {text!r} is not N/second, N/minute or N/hour (N >= 1), nor `off`"
        )
    return Rate(int(match.group(1)), _PERIODS[match.group(2).lower()])


@dataclass(frozen=True)
class Quota:
    """The outcome of one request against its caller's rate."""

    allowed: bool
    limit: int
    remaining: int
    reset_seconds: float
    """Until the caller's full allowance is back."""
    retry_after_seconds: float
    """Until the next request would be allowed (0 when this one was)."""

    def headers(self) -> dict[str, str]:
        """`RateLimit-*` headers (draft-ietf-httpapi-ratelimit-headers), with `Retry-After`
        when refused. Seconds are rounded up: a client that waits that long is let through."""
        out = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(math.ceil(self.reset_seconds)),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil(self.retry_after_seconds)))
        return out


def gcra(tat: float | None, now: float, rate: Rate) -> tuple[Quota, float | None]:
    """One request at `now` against a caller whose stored TAT is `tat` (None: never seen or
    fully refilled). Returns the quota and the TAT to store (None: store nothing, refused)."""
    tat = max(tat if tat is not None else now, now)
    new_tat = tat + rate.interval
    allowed_at = new_tat - rate.period
    if allowed_at > now:
        quota = Quota(False, rate.limit, 0, tat - now, allowed_at - now)
        return quota, None
    # Round before flooring: float error must not cost a caller one request of its allowance.
    remaining = math.floor(round((now - allowed_at) / rate.interval, 6))
    return Quota(True, rate.limit, remaining, new_tat - now, 0.0), new_tat


class RateLimiter(ABC):
    """Counts requests per caller against one `Rate`.

    A limiter must never fail a request: when its backend is unreachable it answers None (the
    request is served unlimited) and logs the outage once.
    """

    name: str

    def __init__(self, rate: Rate) -> None:
        self.rate = rate

    @abstractmethod
    async def hit(self, caller: str) -> Quota | None:
        """Count one request of `caller` (an opaque id such as `key:NAME` or `ip:ADDRESS`):
        its quota after this request, or None when the backend cannot tell right now."""

    async def close(self) -> None:  # noqa: B027 - optional hook, the in-process limiter holds nothing
        """Release connections."""
