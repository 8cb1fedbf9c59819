"""A whole-page cache for what anonymous visitors see.

Most visitors read the handbook without signing in, often on slow connections; the pages they
read change only when staff publish. So a page rendered for one anonymous visitor is kept and
served to the next, until anything public is published, which starts a new generation: the
keys of the old one are never read again and age out.

Only requests that cannot be personal are served from the cache (GET or HEAD, no session or
messages cookie, outside the signed-in areas), and only responses that are not personal are
kept (200, no cookie set, no CSRF token used, not marked private). Every response that may be
personal is marked `private, no-store` (PrivatePagesMiddleware), so no other cache keeps it.

Anyone can make up new URLs, so what is kept is bounded:
- a query parameter counts only if a public page reads it (QUERY_PARAMETERS, with the values
  it takes); a request with any other parameter is served uncached, and campaign tags that no
  page reads (utm_..., fbclid, gclid) are served the page cached without them but never stored;
- at most PAGE_CACHE_MAX_ENTRIES pages are stored in any PAGE_CACHE_SECONDS, each of at most
  PAGE_CACHE_MAX_BYTES, and each lives PAGE_CACHE_SECONDS: so at most twice that many are
  kept at once, whatever the backend;
- the pages live in a cache of their own ("pages"); the rate-limit counters, which allauth keeps
  in the default cache, and the generation number stay in the default one, where no flood of
  pages can push them out.
"""

import re

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.connection import ConnectionProxy
from django.utils.encoding import escape_uri_path
from django.utils.http import parse_http_date_safe, urlencode

# The default cache holds small state that must not be pushed out: the generation number, the
# count of pages stored, and (allauth's and the contact form's) rate-limit counters.
GENERATION_KEY = "pagecache:generation"
STORED_COUNT_KEY = "pagecache:stored"
PAGES_CACHE = "pages"
# Pages and fragments of public pages: everything public content can be cached in.
pages_cache = ConnectionProxy(caches, PAGES_CACHE)
# The query parameters public pages read, and the values they take.
QUERY_PARAMETERS = {
    "page": re.compile(r"[1-9][0-9]{0,2}"),  # the news and events listings
}
CAMPAIGN_PARAMETERS = ("fbclid", "gclid")  # and every utm_...: no page reads them
PRIVATE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/me/",
    "/organisations/",
    "/invitations/",
    "/staff/",
    "/healthz",
    # Skill needs change whenever someone posts, edits or offers: always rendered fresh.
    "/needs/",
    # Private co-design workspaces, and the links in invitations to them.
    "/workspaces/",
    # Designs and their discussions belong to workspaces.
    "/designs/",
    "/comments/",
    # Generated documents and the reports library: checked for each person, never cached
    # (Wagtail's own documents, served under the same prefix, are files it streams).
    "/documents/",
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


def _may_be_personal(request):
    """A request that carries someone's own state (a session or messages cookie), or asks for a
    page of the signed-in areas."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or request.path.startswith(PRIVATE_PREFIXES)
    )


def _cacheable_request(request):
    return request.method in ("GET", "HEAD") and not _may_be_personal(request)


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


def _page_key(request):
    """The cache key of the page a request asks for and the query string it is stored under;
    (None, None) when the request must be served uncached: a parameter no page reads, a value
    it never takes, or a parameter given twice."""
    kept = {}
    for name, values in request.GET.lists():
        if name.startswith("utm_") or name in CAMPAIGN_PARAMETERS:
            continue
        pattern = QUERY_PARAMETERS.get(name)
        if pattern is None or len(values) != 1 or not pattern.fullmatch(values[0]):
            return None, None
        kept[name] = values[0]
    query = urlencode(sorted(kept.items()))
    path = escape_uri_path(request.path)
    return f"pagecache:{content_generation()}:{request.get_host()}:{path}?{query}", query


def _room_for_another_page():
    """True while fewer than PAGE_CACHE_MAX_ENTRIES pages have been stored in the current
    window of PAGE_CACHE_SECONDS. A page lives one window at most, so no more than twice
    PAGE_CACHE_MAX_ENTRIES are ever kept at once."""
    cache.add(STORED_COUNT_KEY, 0, settings.PAGE_CACHE_SECONDS)
    try:
        return cache.incr(STORED_COUNT_KEY) <= settings.PAGE_CACHE_MAX_ENTRIES
    except ValueError:  # the window ended between add and incr
        return True


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not _cacheable_request(request):
            return self.get_response(request)
        key, query = _page_key(request)
        if key is None:
            return self.get_response(request)
        cached = pages_cache.get(key)
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
        if (
            request.method == "GET"
            # Only the page's own URL: a campaign link's rendering may echo its query, and
            # "//news/" serves /news/ too.
            and request.META.get("QUERY_STRING", "") == query
            and "//" not in request.path
            and _cacheable_response(request, response)
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and _room_for_another_page()
        ):
            pages_cache.set(key, response, timeout)
            response["X-Page-Cache"] = "miss"
        return response


class PrivatePagesMiddleware:
    """Every response that may be someone's own is `Cache-Control: private, no-store`, so no
    shared cache (a proxy, a CDN) and no browser keeps a copy: responses to a signed-in person,
    to a request carrying a session, under the signed-in areas' paths (sign-in and sign-up
    included, for anonymous visitors too), and any response that sets a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # absent when a middleware answered early
        if (
            _may_be_personal(request)
            or response.cookies
            or (user is not None and user.is_authenticated)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
