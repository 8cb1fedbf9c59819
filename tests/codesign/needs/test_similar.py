"""Similar needs and designs on a need's page: found by its words, only what the viewer may see."""

import re

import pytest

from codesign.actions import needs as actions
from codesign.models import Visibility
from portal.accounts.models import OrganisationKind

from .helpers import need_post_data, text


def similar(response):
    html = response.content.decode()
    section = html[html.index('id="similar"') :]
    return re.findall(r'<a href="(/(?:needs|designs)/\d+/)">([^<]+)</a>', section)


@pytest.fixture
def solar(post):
    return post(title="Solar panel installation", skills=["Inverter wiring", "Roof safety"])


@pytest.fixture
def others(post, needs_make_user, needs_make_organisation):
    boss = needs_make_user("boss@solarfarm.example")
    farm = needs_make_organisation("Solar Farm Ltd", boss, OrganisationKind.INDUSTRY)
    return {
        "heater": post(title="Solar water heater maintenance", skills=["Plumbing"]),
        "inverter": post(title="Inverter repair", skills=["Soldering"]),
        "private": post(
            title="Solar farm technicians",
            skills=["Panel cleaning"],
            visibility=Visibility.ORGANISATION,
            organisation=farm,
            by=boss,
        ),
        "unrelated": post(title="Bookkeeping for cooperatives", skills=["Ledgers"]),
        "boss": boss,
    }


def test_similar_needs_exclude_itself_and_what_the_viewer_may_not_see(client, solar, others):
    found = [title for _url, title in similar(client.get(f"/needs/{solar.pk}/"))]
    assert set(found) == {"Solar water heater maintenance", "Inverter repair"}
    client.force_login(others["boss"])
    found = [title for _url, title in similar(client.get(f"/needs/{solar.pk}/"))]
    assert set(found) == {
        "Solar water heater maintenance",
        "Inverter repair",
        "Solar farm technicians",
    }


def test_designs_show_only_to_their_workspace_members(
    client, post, solar, poster, academic, university, stranger, stranger_organisation, offer_from
):
    earlier = post(title="Solar installers for clinics", skills=["Solar panels"])
    workspace = actions.accept_offer(offer=offer_from(earlier, academic, university), by=poster)
    design = workspace.designs.get()
    design_link = (f"/designs/{design.pk}/", "Solar installers for clinics")
    client.force_login(academic)
    assert design_link in similar(client.get(f"/needs/{solar.pk}/"))
    for viewer in (stranger, None):
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        response = client.get(f"/needs/{solar.pk}/")
        assert design_link not in similar(response)
        assert f"/designs/{design.pk}/" not in response.content.decode()


def test_at_most_five_similar(client, post, solar):
    for number in range(8):
        post(title=f"Solar installer course {number}")
    assert len(similar(client.get(f"/needs/{solar.pk}/"))) == 5


def test_common_words_alone_find_nothing(client, post):
    need = post(title="Training for our skills", skills=["Work with the new"])
    post(title="Skills training for new work")
    assert similar(client.get(f"/needs/{need.pk}/")) == []
    assert "Nothing similar that you can see yet." in text(client.get(f"/needs/{need.pk}/"))


def test_the_similar_list_shows_right_after_posting(
    client, poster, industry, others, textiles, mauritius
):
    client.force_login(poster)
    data = need_post_data(
        {
            "title": "Rooftop solar for schools",
            "region": "",
            "problem": "Schools want panels.",
            "skills": ["Inverter"],
            "target_group": "Electricians",
            "trainee_count": 12,
            "urgency": "weeks",
            "delivery": "on_site",
            "visibility": "public",
        },
        organisation=str(industry.pk),
        sector=str(textiles.pk),
        country=str(mauritius.pk),
    )
    response = client.post("/needs/new/", data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#similar")
    titles = {title for _url, title in similar(response)}
    assert {"Solar water heater maintenance", "Inverter repair"} <= titles
    assert "Solar farm technicians" not in titles


def test_the_need_page_takes_a_bounded_number_of_queries(
    client,
    solar,
    others,
    poster,
    needs_make_user,
    needs_make_organisation,
    offer_from,
    django_assert_max_num_queries,
):
    for number in range(6):
        author = needs_make_user(f"author{number}@college.example")
        college = needs_make_organisation(f"College {number}", author, OrganisationKind.TVET)
        offer_from(solar, author, college)
    client.force_login(poster)
    # Warm: the footer's links are cached and the session's last use recorded, as on any
    # page after the first.
    client.get(f"/needs/{solar.pk}/")
    with django_assert_max_num_queries(16):
        response = client.get(f"/needs/{solar.pk}/")
    assert text(response).count("Waiting for an answer") == 6
