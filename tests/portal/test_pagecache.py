import pytest
from django.test import Client
from wagtail.models import Site

from portal.accounts.models import User


@pytest.fixture
def public_page(db):
    root = Site.objects.get(is_default_site=True).root_page.specific
    return root


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, public_page):
    first = client.get(public_page.url)
    second = client.get(public_page.url)
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_publishing_forgets_the_cached_pages(client, public_page):
    client.get(public_page.url)
    public_page.title = "A title published just now"
    public_page.save_revision().publish()
    response = client.get(public_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert client.get(public_page.url)["X-Page-Cache"] == "hit"


def test_signed_in_people_never_get_cached_pages(client, public_page):
    client.get(public_page.url)  # cached for anonymous visitors
    user = User.objects.create_user(email="reader@example.org", password="a long password 1")
    client.force_login(user)
    response = client.get(public_page.url)
    assert "X-Page-Cache" not in response


def test_query_strings_are_kept_apart_and_posts_are_never_cached(client, public_page):
    client.get(public_page.url)
    assert client.get(public_page.url + "?page=2")["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in client.post(public_page.url)


def test_pages_of_the_signed_in_areas_are_never_cached(client, db):
    client.get("/accounts/login/")
    assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_a_page_that_hands_out_a_csrf_token_is_not_kept(client, db, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from portal.pagecache import AnonymousPageCacheMiddleware

    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>", content_type="text/html")

    middleware = AnonymousPageCacheMiddleware(view)
    request = rf.get("/contact/")
    request.COOKIES = {}
    assert "X-Page-Cache" not in middleware(request)
    assert "X-Page-Cache" not in middleware(rf.get("/contact/"))


def test_a_cached_page_still_answers_304_to_a_matching_etag(client, db):
    # The frameworks JSON carries an ETag; the cached copy must honour it too.
    first = client.get("/frameworks/frameworks.json")
    assert first.status_code == 200 and first.has_header("ETag")
    again = client.get("/frameworks/frameworks.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again["X-Page-Cache"] == "hit"
    assert again.status_code == 304


# The cache can be flooded by anyone who makes up new URLs; it must stay bounded and must never
# push out the rate-limit counters.


def stored_entries():
    """How many entries every cache holds together, on the file cache or Redis."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.redis import RedisCache

    stores = {}
    for cache in caches.all():
        if isinstance(cache, FileBasedCache):
            stores[cache._dir] = len(cache._list_cache_files())
        elif isinstance(cache, RedisCache):
            # Only this run's keys: other test workers share the database.
            client = cache._cache.get_client()
            stores[cache.key_prefix] = sum(
                1 for _ in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000)
            )
    return sum(stores.values())


def test_made_up_query_parameters_add_no_entries(client, public_page):
    assert client.get(public_page.url)["X-Page-Cache"] == "miss"
    before = stored_entries()

    for number in range(100):
        response = client.get(public_page.url, {"utm": number})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response

    assert stored_entries() == before


def test_campaign_links_are_served_the_cached_page_and_store_nothing(client, public_page):
    client.get(public_page.url)
    before = stored_entries()

    for number in range(20):
        response = client.get(public_page.url, {"utm_source": f"newsletter{number}"})
        assert response["X-Page-Cache"] == "hit"

    assert stored_entries() == before


def test_only_the_plain_url_of_a_page_is_stored(client, public_page):
    # A campaign link's own rendering (it may echo its query) is never kept for others.
    first = client.get(public_page.url, {"page": "3", "utm_source": "x"})
    assert "X-Page-Cache" not in first
    assert client.get(public_page.url, {"page": "3"})["X-Page-Cache"] == "miss"
    assert client.get(public_page.url, {"page": "3", "utm_source": "y"})["X-Page-Cache"] == "hit"


def test_the_parameters_pages_use_are_still_cached(client, public_page):
    assert client.get(public_page.url, {"page": "2"})["X-Page-Cache"] == "miss"
    assert client.get(public_page.url, {"page": "2"})["X-Page-Cache"] == "hit"
    assert client.get(public_page.url, {"page": "3"})["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "query", ["page=abc", "page=0002", "page=2&page=3", "page=2&utm=1", "q=micro-credentials"]
)
def test_odd_or_unknown_queries_are_served_uncached(client, public_page, query):
    client.get(f"{public_page.url}?{query}")
    response = client.get(f"{public_page.url}?{query}")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_no_more_pages_are_stored_than_the_bound(client, public_page, settings):
    settings.PAGE_CACHE_MAX_ENTRIES = 5
    for number in range(1, 21):
        client.get(public_page.url, {"page": number})

    hits = [client.get(public_page.url, {"page": n}).get("X-Page-Cache") for n in range(1, 21)]
    assert hits.count("hit") == 5


def test_a_page_larger_than_the_bound_is_not_stored(client, public_page, settings):
    settings.PAGE_CACHE_MAX_BYTES = 100
    assert "X-Page-Cache" not in client.get(public_page.url)
    assert "X-Page-Cache" not in client.get(public_page.url)


def test_rate_limit_counters_survive_a_flood_of_the_page_cache(client, public_page, settings):
    # Every cache small: room for the sign-in counters (one per address tried and one for the
    # visitor's IP), not for a hundred pages as well. (Redis has no such limit; there the
    # page cache's own bound keeps it from filling the memory.)
    settings.CACHES = {
        alias: (
            {**config, "OPTIONS": {**config.get("OPTIONS", {}), "MAX_ENTRIES": 30}}
            if config["BACKEND"].endswith("FileBasedCache")
            else config
        )
        for alias, config in settings.CACHES.items()
    }

    def failed_sign_in(number):
        response = client.post(
            "/accounts/login/",
            {"login": f"nobody{number}@example.org", "password": "not the password 1"},
        )
        return response.status_code == 429 or b"Too many failed login attempts" in response.content

    assert not any(failed_sign_in(number) for number in range(10))
    visitor = Client()  # an anonymous visitor without a session, whose pages are cached
    for number in range(1, 100):
        assert visitor.get(public_page.url, {"page": number}).status_code == 200

    assert failed_sign_in(10)


def test_a_path_with_a_doubled_slash_is_not_stored(rf, db):
    # Wagtail serves "//news/" as /news/: each extra slash would be another copy.
    from django.http import HttpResponse

    from portal.pagecache import AnonymousPageCacheMiddleware

    middleware = AnonymousPageCacheMiddleware(
        lambda request: HttpResponse("<p>News</p>", content_type="text/html")
    )

    def get(path):
        request = rf.get("/news/")
        request.path = request.path_info = path
        return middleware(request)

    assert get("/news/")["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in get("//news/")
    assert "X-Page-Cache" not in get("//news/")
