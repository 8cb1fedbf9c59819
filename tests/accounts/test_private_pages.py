"""Pages with someone's own data must not be kept by a shared cache (a proxy, a CDN) or by the
browser: every response to a signed-in person, and every page of the signed-in areas, is
`Cache-Control: private, no-store`."""

import html
import re

import pytest

from cms.actions import load_site
from portal.accounts import actions
from portal.accounts.models import MembershipRole
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)"')
NOT_WALKED = ("/static/", "/media/", "/accounts/logout/")


def kept_by_no_cache(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def walk(client, start, limit=120):
    """GET every page reachable by links from `start`, as a person clicking would."""
    responses, queue = {}, list(start)
    while queue and len(responses) < limit:
        url = queue.pop(0)
        if url in responses:
            continue
        response = client.get(url)
        responses[url] = response
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            for link in LINK.findall(response.content.decode()):
                link = html.unescape(link)
                if not link.startswith(NOT_WALKED) and link not in responses:
                    queue.append(link)
    return responses


def test_every_page_a_signed_in_person_sees_is_private_and_not_stored(
    client, organisation, admin_user
):
    load_site()
    actions.invite_member(
        organisation=organisation,
        email="new@uni.example",
        role=MembershipRole.MEMBER,
        by=admin_user,
    )
    client.login(email=admin_user.email, password=PASSWORD)

    responses = walk(client, ["/me/", "/"])

    slug = organisation.slug
    for page in ("/me/", f"/organisations/{slug}/", f"/organisations/{slug}/members/", "/"):
        assert page in responses, f"the walk did not reach {page}"
    assert len(responses) > 20
    leaks = sorted(url for url, response in responses.items() if not kept_by_no_cache(response))
    assert leaks == []


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_the_sign_in_pages_are_private_for_anonymous_visitors_too(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert kept_by_no_cache(response)


def test_an_invitation_page_is_private(client, organisation, admin_user):
    _, token = actions.invite_member(
        organisation=organisation,
        email="new@uni.example",
        role=MembershipRole.MEMBER,
        by=admin_user,
    )
    assert kept_by_no_cache(client.get(f"/invitations/{token}/"))


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    load_site()
    response = client.get("/")
    assert response.status_code == 200
    assert not kept_by_no_cache(response)
    assert client.get("/")["X-Page-Cache"] == "hit"
