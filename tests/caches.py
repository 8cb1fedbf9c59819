from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def clear_caches():
    """Empty every cache: the pages and the default one (counters, Wagtail's site paths).

    On Redis only this run's keys go (its key prefix, tests/environment.py): parallel workers
    and a developer's portal may share the database, and RedisCache.clear() would flush it."""
    for cache in caches.all():
        if isinstance(cache, RedisCache):
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        else:
            cache.clear()
