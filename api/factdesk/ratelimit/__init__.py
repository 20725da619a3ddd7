"""Per-caller rate limits behind the `RateLimiter` interface, chosen once from settings."""

from factdesk.ratelimit.base import Quota, Rate, RateLimiter, parse_rate
from factdesk.ratelimit.memory import MemoryRateLimiter


def create_rate_limiter(rate: Rate | None, redis_url: str | None) -> RateLimiter | None:
    """None when limits are off; Redis when a URL is configured, else in-process."""
    if rate is None:
        return None
    if redis_url:
        from factdesk.ratelimit.redis import RedisRateLimiter

        return RedisRateLimiter(rate, redis_url)
    return MemoryRateLimiter(rate)


__all__ = ["MemoryRateLimiter", "Quota", "Rate", "RateLimiter", "create_rate_limiter", "parse_rate"]
