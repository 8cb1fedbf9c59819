from django.core.cache import caches


def clear_caches():
    """Empty every cache: the pages and the default one (counters, Wagtail's site paths)."""
    for cache in caches.all():
        cache.clear()
