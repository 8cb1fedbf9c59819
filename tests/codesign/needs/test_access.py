"""Who may see a need: everyone else gets 404 on every page and form about it."""

import pytest

from codesign.models import NeedStatus, Offer, OfferStatus, SkillNeed, Visibility
from portal.audit.models import AuditEntry


@pytest.fixture
def private_need(post):
    return post(title="Private restructuring plan", visibility=Visibility.ORGANISATION)


@pytest.fixture
def members_need(post):
    return post(title="Members-only need", visibility=Visibility.MEMBERS)


def pages(need, offer_pk=1):
    get = [
        f"/needs/{need.pk}/",
        f"/needs/{need.pk}/edit/",
        f"/needs/{need.pk}/offer/",
        f"/needs/{need.pk}/offers/{offer_pk}/accept/",
        f"/needs/{need.pk}/offers/{offer_pk}/decline/",
    ]
    post = [
        *get[1:],
        f"/needs/{need.pk}/status/",
        f"/needs/{need.pk}/offers/{offer_pk}/withdraw/",
    ]
    return get, post


def sign_in(client, request, who):
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


@pytest.mark.parametrize("who", ["anonymous", "stranger", "academic", "lecturer"])
def test_an_organisation_only_need_is_404_to_everyone_outside_it(
    client, request, private_need, stranger_organisation, university, college, mu_level_5, who
):
    user = sign_in(client, request, who)
    get, post = pages(private_need)
    for url in get:
        response = client.get(url)
        assert response.status_code in ((404,) if user else (404, 302)), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
    for url in post:
        response = client.post(
            url,
            {
                "title": "Hijacked",
                "status": "closed",
                "text": "An offer",
                "level": str(mu_level_5.pk),
                "organisation": str(university.pk),
            },
        )
        assert response.status_code in ((404, 405) if user else (404, 405, 302)), url
    private_need.refresh_from_db()
    assert (private_need.title, private_need.status) == (
        "Private restructuring plan",
        NeedStatus.OPEN,
    )
    assert not Offer.objects.exists()
    assert (
        not AuditEntry.objects.filter(action__startswith="codesign.")
        .exclude(action="codesign.post_need")
        .exists()
    )


@pytest.mark.parametrize("who", ["industry_member", "industry_admin", "needs_staff"])
def test_the_posting_organisation_and_staff_see_it(client, request, private_need, who):
    sign_in(client, request, who)
    response = client.get(f"/needs/{private_need.pk}/")
    assert response.status_code == 200
    assert "Private restructuring plan" in response.content.decode()


def test_a_members_only_need_is_404_to_anonymous_and_unaffiliated_people(
    client, members_need, needs_make_user, stranger, stranger_organisation
):
    assert client.get(f"/needs/{members_need.pk}/").status_code == 404
    client.force_login(needs_make_user("nobody@example.org"))
    assert client.get(f"/needs/{members_need.pk}/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/needs/{members_need.pk}/").status_code == 200


def test_a_need_that_does_not_exist_is_404(client, poster, industry):
    client.force_login(poster)
    assert client.get("/needs/999999/").status_code == 404
    assert client.get("/needs/abc/").status_code == 404


def test_the_workspace_members_keep_seeing_an_organisation_only_need(
    client, post, poster, academic, university, offer_from
):
    from codesign.actions import needs as actions

    need = post()
    offer = offer_from(need, academic, university)
    actions.accept_offer(offer=offer, by=poster)
    need.refresh_from_db()
    need.visibility = Visibility.ORGANISATION
    need.save()
    client.force_login(academic)
    assert client.get(f"/needs/{need.pk}/").status_code == 200
    assert need.offers.get().status == OfferStatus.ACCEPTED


def test_staff_read_but_never_write(client, private_need, needs_staff):
    client.force_login(needs_staff)
    assert client.get(f"/needs/{private_need.pk}/").status_code == 200
    assert client.get(f"/needs/{private_need.pk}/edit/").status_code == 404
    assert client.post(f"/needs/{private_need.pk}/status/", {"status": "closed"}).status_code == 404
    assert SkillNeed.objects.get().status == NeedStatus.OPEN
