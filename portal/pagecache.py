"""A whole-page cache for what anonymous visitors see.

Most visitors read the handbook without signing in, often on slow connections; the pages they
read change only when staff publish. So a page rendered for one anonymous visitor is kept and
served to the next, until anything public is published, which starts a new generation: the
keys of the old one are never read again and age out.

Only requests that cannot be personal are served from the cache (GET or HEAD, no session or
messages cookie, outside the signed-in areas), and only responses that are not personal are
kept (200, no cookie set, no CSRF token used, not marked private).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "pagecache:generation"
PRIVATE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/me/",
    "/organisations/",
    "/invitations/",
    "/staff/",
    "/healthz",
    # Private co-design workspaces, and the links in invitations to them.
    "/workspaces/",
)
KEPT_CONTENT_TYPES = (
    "text/html",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/json",
    "text/calendar",
)


def clear_public_pages(**kwargs):
    """Start a new generation: every page cached so far is forgotten. Takes signal kwargs."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _clear_if_public_content(sender, **kwargs):
    if sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS:
        clear_public_pages()


def connect_invalidation():
    """Anything saved or deleted in an app whose data public pages show starts a new
    generation. Publishing a Wagtail page saves it, so publish, unpublish, move and delete
    are covered, in the admin, the workflow and `publish_scheduled` alike."""
    post_save.connect(_clear_if_public_content, dispatch_uid="pagecache-save")
    post_delete.connect(_clear_if_public_content, dispatch_uid="pagecache-delete")


def content_generation():
    """The number of the current generation of public content; it changes on every publish."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def _http_date(value):
    return parse_http_date_safe(value) if value else None


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(PRIVATE_PREFIXES)
    )


def _cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and response.get("Content-Type", "").startswith(KEPT_CONTENT_TYPES)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not self.timeout or not _cacheable_request(request):
            return self.get_response(request)
        key = f"pagecache:{content_generation()}:{request.get_host()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            # Honour If-None-Match / If-Modified-Since as the view itself would have.
            response = get_conditional_response(
                request,
                etag=cached.get("ETag"),
                last_modified=_http_date(cached.get("Last-Modified")),
                response=cached,
            )
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if request.method == "GET":
                cache.set(key, response, self.timeout)
            response["X-Page-Cache"] = "miss"
        return response
