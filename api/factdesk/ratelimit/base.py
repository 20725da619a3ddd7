"""The `RateLimiter` interface, the rate it enforces, and the GCRA arithmetic both backends share.

The algorithm is GCRA (the generic cell rate algorithm, a leaky bucket kept as one timestamp per
caller): a rate of `N/period` lets a caller spend N requests at once and then one every
`period / N`. It never lets 2N through around a window edge the way a fixed window does, and a
backend stores a single number per caller: the theoretical arrival time (TAT) of the next request.

A request may cost more than one (a batch of claims costs one per claim): it moves the TAT on by
`cost` intervals, and is refused unless the caller has `cost` left. A cost above N is counted as
N, so that any request can pass once the allowance is whole again."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

from factdesk.config import Rate, parse_rate

__all__ = ["Quota", "Rate", "RateLimiter", "charged", "gcra", "parse_rate"]


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


def charged(rate: Rate, cost: int) -> int:
    """What a request of `cost` is counted as: at least 1, at most the whole allowance."""
    return min(max(1, cost), rate.limit)


def gcra(tat: float | None, now: float, rate: Rate, cost: int = 1) -> tuple[Quota, float | None]:
    """One request of `cost` units at `now` against a caller whose stored TAT is `tat` (None:
    never seen or fully refilled). Returns the quota and the TAT to store (None: store nothing,
    refused)."""
    tat = max(tat if tat is not None else now, now)
    new_tat = tat + rate.interval * charged(rate, cost)
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
    async def hit(self, caller: str, cost: int = 1) -> Quota | None:
        """Count one request of `caller` (an opaque id such as `key:NAME` or `ip:ADDRESS`)
        costing `cost` units (`charged`): its quota after this request, or None when the
        backend cannot tell right now. A refused request costs nothing."""

    async def close(self) -> None:  # noqa: B027 - optional hook, the in-process limiter holds nothing
        """Release connections."""
