"""Participant-level pages and every form that changes a pilot answer 404 to anyone but the
members of its verified partner organisations: a signed-in stranger, an anonymous visitor, a
ministry official and a quality authority of the pilot's country (who read aggregates), and
staff. The pilot's own page opens to the aggregate readers, without participant-level parts."""

import pytest
from django.urls import reverse

from pilots.models import Participant, Pilot
from tests.pilots.helpers import add_participants, participant_rows_for, signed_in

pytestmark = pytest.mark.django_db

OUTSIDERS = ["stranger", "anonymous", "official", "assessor", "staff"]


@pytest.fixture
def participant(world):
    add_participants(world, participant_rows_for(world, 1))
    return Participant.objects.get()


def partner_only_urls(world, participant):
    pk = world.pilot.pk
    return [
        reverse("pilots:participants", args=[pk]),
        reverse("pilots:participant", args=[pk, participant.pk]),
        reverse("pilots:edit", args=[pk]),
        reverse("pilots:narrative", args=[pk]),
        reverse("pilots:partners", args=[pk]),
        reverse("pilots:site_add", args=[pk]),
        reverse("pilots:cohort_add", args=[pk]),
        reverse("pilots:targets", args=[pk]),
    ]


def post_only_urls(world):
    pk = world.pilot.pk
    return [
        reverse("pilots:status", args=[pk]),
        reverse("pilots:partner_remove", args=[pk, world.university.pk]),
        reverse("pilots:target_remove", args=[pk, "enrolments"]),
    ]


def client_for(world, who):
    return signed_in(None if who == "anonymous" else getattr(world, who))


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_participant_pages_and_forms(world, participant, who):
    client = client_for(world, who)
    for url in partner_only_urls(world, participant):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"narrative": "x", "completed_on": "2026-04-30"}).status_code == 404
    for url in post_only_urls(world):
        assert client.post(url, {"status": "running"}).status_code == 404, url
    # Nothing changed.
    participant.refresh_from_db()
    assert participant.completed_on is None
    world.pilot.refresh_from_db()
    assert (world.pilot.status, world.pilot.narrative) == ("planned", "")
    assert world.pilot.partners.count() == 2


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_strangers_do_not_see_the_pilot_at_all(world, who):
    response = client_for(world, who).get(reverse("pilots:pilot", args=[world.pilot.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["official", "assessor", "staff"])
def test_aggregate_readers_see_the_pilot_page_without_participants(world, participant, who):
    response = client_for(world, who).get(reverse("pilots:pilot", args=[world.pilot.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.pilot.title in html
    assert reverse("pilots:participants", args=[world.pilot.pk]) not in html
    assert participant.reference not in html
    assert reverse("pilots:edit", args=[world.pilot.pk]) not in html


def test_a_ministry_of_another_country_does_not_see_the_pilot(world):
    from portal.accounts.models import OrganisationKind
    from tests.pilots.helpers import make_organisation, make_user

    person = make_user("official@moe.na.example", two_factor=True)
    make_organisation(
        "Ministry of Education (Namibia)",
        OrganisationKind.MINISTRY,
        person,
        staff=world.staff,
        country_code="NA",
    )
    assert not Pilot.objects.aggregates_visible_to(person).exists()
    assert signed_in(person).get(reverse("pilots:pilot", args=[world.pilot.pk])).status_code == 404


def test_a_participant_of_another_pilot_is_404_for_a_partner_of_this_one(world, participant):
    from tests.pilots.helpers import make_world

    other = make_world(prefix="o-")
    url = reverse("pilots:participant", args=[other.pilot.pk, participant.pk])
    assert signed_in(other.provider).get(url).status_code == 404
    url = reverse("pilots:participant", args=[world.pilot.pk, participant.pk])
    assert signed_in(other.provider).get(url).status_code == 404
    assert signed_in(world.academic).get(url).status_code == 200


def test_the_list_needs_signing_in_and_shows_only_visible_pilots(world):
    response = signed_in(None).get(reverse("pilots:list"))
    assert response.status_code == 302
    assert (
        world.pilot.title
        not in signed_in(world.stranger).get(reverse("pilots:list")).content.decode()
    )
    html = signed_in(world.official).get(reverse("pilots:list")).content.decode()
    assert world.pilot.title in html and "Aggregates only" in html
    html = signed_in(world.provider).get(reverse("pilots:list")).content.decode()
    assert "Partner: participants and outcomes" in html


def test_the_pilots_link_shows_to_people_with_a_visible_pilot(world):
    url = reverse("pilots:list")
    link = f'href="{url}"'
    assert link in signed_in(world.provider).get(reverse("accounts:profile")).content.decode()
    assert link in signed_in(world.official).get(reverse("accounts:profile")).content.decode()
    assert link not in signed_in(world.stranger).get(reverse("accounts:profile")).content.decode()
