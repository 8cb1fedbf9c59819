import pytest
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
