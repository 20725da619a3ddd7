"""Reply caches behind the `Cache` interface, chosen once from settings."""

from factdesk.cache.base import Cache, Lease
from factdesk.cache.memory import MemoryCache


def create_cache(redis_url: str | None, max_entries: int) -> Cache:
    """Redis when a URL is configured, else the in-process LRU."""
    if redis_url:
        from factdesk.cache.redis import RedisCache

        return RedisCache(redis_url)
    return MemoryCache(max_entries)


__all__ = ["Cache", "Lease", "MemoryCache", "create_cache"]
