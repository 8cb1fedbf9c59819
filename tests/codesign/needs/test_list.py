"""The list of skill needs: what each person sees, search, filters and pages."""

import re

import pytest

from codesign.actions import needs as actions
from codesign.models import NeedStatus, Urgency, Visibility

from .helpers import text


@pytest.fixture
def three_welding_needs(post):
    """One need of each visibility, all about welding."""
    return {
        visibility: post(
            title=f"Welding for boilermakers ({visibility})",
            skills=["Arc welding", "Reading drawings"],
            visibility=visibility,
        )
        for visibility in Visibility.values
    }


def titles(response):
    return re.findall(
        r'<h3 class="need-item-title"><a href="/needs/\d+/">([^<]+)</a>', response.content.decode()
    )


EVERYONE = ["Welding for boilermakers (public)"]
MEMBERS = ["Welding for boilermakers (members)", "Welding for boilermakers (public)"]
ALL = [
    "Welding for boilermakers (organisation)",
    "Welding for boilermakers (members)",
    "Welding for boilermakers (public)",
]


@pytest.mark.parametrize("query", ["", "welding", "WELDING boilermakers"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, EVERYONE),
        ("no_organisation", EVERYONE),
        ("unverified", EVERYONE),
        ("stranger", MEMBERS),
        ("academic", MEMBERS),
        ("industry_member", ALL),
        ("needs_staff", ALL),
    ],
)
def test_each_person_finds_and_counts_only_the_needs_they_may_see(
    client,
    request,
    three_welding_needs,
    stranger_organisation,
    university,
    needs_make_user,
    needs_make_organisation,
    who,
    expected,
    query,
):
    if who == "no_organisation":
        client.force_login(needs_make_user("nobody@example.org"))
    elif who == "unverified":
        user = needs_make_user("new@unverified.example")
        needs_make_organisation("New College", user, "tvet", verified=False)
        client.force_login(user)
    elif who:
        client.force_login(request.getfixturevalue(who))
    response = client.get("/needs/", {"q": query} if query else {})
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)
    count = len(expected)
    assert f"{count} skill need{'s' if count > 1 else ''}" in text(response)
    for hidden in set(ALL) - set(expected):
        assert hidden not in response.content.decode()


def test_search_finds_words_in_the_skills_and_problem_and_orders_by_relevance(client, post):
    post(title="Solar panel installation", skills=["Mounting panels", "Wiring inverters"])
    post(
        title="Inverter repair",
        skills=["Fault finding in inverters", "Soldering"],
        problem="Inverters fail in the heat and nobody here can repair them.",
    )
    post(title="Bookkeeping for cooperatives", skills=["Double-entry bookkeeping"])
    response = client.get("/needs/", {"q": "inverters"})
    assert titles(response)[0] == "Inverter repair"
    assert set(titles(response)) == {"Inverter repair", "Solar panel installation"}
    assert "matching your search, the most relevant first" in text(response)
    assert titles(client.get("/needs/", {"q": "bookkeeping"})) == ["Bookkeeping for cooperatives"]
    assert titles(client.get("/needs/", {"q": "inverters bookkeeping"})) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("!!! ??? ***", "Enter at least one letter or number to search for."),
        ("word " * 30, "Your search is 149 characters long. Use at most 100"),
    ],
)
def test_a_query_that_cannot_be_searched_says_why(client, need, query, message):
    response = client.get("/needs/", {"q": query})
    assert response.status_code == 200
    assert message in text(response)
    assert titles(response) == []


def test_query_syntax_is_searched_as_words_not_obeyed(client, post):
    post(title="Near-shore fishing and boat engines")
    for query in ['"fishing', "fishing OR", "NOT fishing", "fishing*", "NEAR(fishing boat)"]:
        response = client.get("/needs/", {"q": query})
        assert response.status_code == 200


def test_filters_narrow_the_list(client, post, industry_admin, ict, textiles, mauritius, lesotho):
    post(title="Knitwear", sector=textiles, country=mauritius, urgency=Urgency.WEEKS)
    post(title="Cloud support", sector=ict, country=lesotho, urgency=Urgency.YEAR)
    closed = post(title="Data entry", sector=ict, country=mauritius, urgency=Urgency.WEEKS)
    actions.change_need_status(need=closed, status=NeedStatus.CLOSED, by=industry_admin)

    def listed(**filters):
        return sorted(titles(client.get("/needs/", filters)))

    assert listed(sector="ict_digital") == ["Cloud support", "Data entry"]
    assert listed(country="LS") == ["Cloud support"]
    assert listed(status="closed") == ["Data entry"]
    assert listed(status="open", urgency="weeks") == ["Knitwear"]
    assert listed(sector="ict_digital", country="MU", q="data") == ["Data entry"]
    response = client.get("/needs/", {"sector": "no-such-sector"})
    assert "Sector: Select a valid choice." in text(response)
    assert titles(response) == []


def test_pages_keep_the_search_and_filters(client, post, ict):
    for number in range(25):
        post(title=f"Network cabling {number:02d}", sector=ict)
    post(title="Something else entirely")
    response = client.get("/needs/", {"q": "cabling", "sector": "ict_digital"})
    assert len(titles(response)) == 20
    assert "25 skill needs" in text(response)
    html = response.content.decode()
    assert 'href="?q=cabling&amp;sector=ict_digital&amp;page=2" rel="next"' in html
    second = client.get("/needs/", {"q": "cabling", "sector": "ict_digital", "page": "2"})
    assert len(titles(second)) == 5
    assert set(titles(response)).isdisjoint(titles(second))
    assert (
        'href="?q=cabling&amp;sector=ict_digital&amp;page=1" rel="prev"' in second.content.decode()
    )
    # Without a search the newest come first.
    assert titles(client.get("/needs/"))[0] == "Something else entirely"


@pytest.mark.parametrize("query", ["", "cabling"])
def test_the_list_takes_a_bounded_number_of_queries(
    client, post, ict, industry_member, django_assert_max_num_queries, query
):
    for number in range(30):
        post(title=f"Network cabling {number:02d}", sector=ict)
    client.force_login(industry_member)
    # Warm: the footer's links are cached and the session's last use recorded, as on any
    # page after the first.
    client.get("/needs/", {"q": query})
    with django_assert_max_num_queries(12):
        response = client.get("/needs/", {"q": query})
    assert len(titles(response)) == 20


def test_a_new_need_shows_at_once_to_anonymous_visitors(client, post):
    """The page cache keeps anonymous pages; the needs pages are left out of it."""
    assert titles(client.get("/needs/")) == []
    first = client.get("/needs/")
    need = post(title="Fresh need")
    response = client.get("/needs/")
    assert titles(response) == ["Fresh need"]
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in response
    assert "Fresh need" in text(client.get(f"/needs/{need.pk}/"))


def test_the_navigation_links_to_the_needs_for_everyone(client, poster, industry):
    assert '<a href="/needs/">Skill needs</a>' in client.get("/frameworks/").content.decode()
    client.force_login(poster)
    assert '<a href="/needs/">Skill needs</a>' in client.get("/frameworks/").content.decode()


def test_only_those_who_may_post_are_offered_the_button(
    client, poster, industry, academic, university
):
    assert "Post a skill need" not in text(client.get("/needs/"))
    client.force_login(academic)
    assert "Post a skill need" not in text(client.get("/needs/"))
    client.force_login(poster)
    assert "Post a skill need" in text(client.get("/needs/"))
