"""Reply caches behind the `Cache` interface, chosen once from settings."""

from api.cache.base import Cache, Lease
from api.cache.memory import MemoryCache


def create_cache(redis_url: str | None, max_entries: int) -> Cache:
    """Redis when a URL is configured, else the in-process LRU."""
    if redis_url:
        from api.cache.redis import RedisCache

        return RedisCache(redis_url)
    return MemoryCache(max_entries)


__all__ = ["Cache", "Lease", "MemoryCache", "create_cache"]
