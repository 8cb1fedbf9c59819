"""The public register's list: recognised entries by default, full-text search, each
filter, pagination, no JavaScript, and a fixed number of queries."""

import re

import pytest
from django.test import Client

from codesign.views import register as views

from .helpers import text

pytestmark = pytest.mark.django_db


def listed(response):
    """The identifiers the page lists, in order."""
    return re.findall(r'href="/register/([A-Z]{2}-\d{4}-\d{5})/"', response.content.decode())


def ids(*entries):
    return [entry.identifier for entry in entries]


def get(**query):
    return Client().get("/register/", query)


def test_the_list_shows_recognised_entries_newest_first(register):
    response = get()
    assert response.status_code == 200
    assert listed(response) == ids(register.bookkeeping, register.solar)
    page = text(response)
    assert "2 recognised micro-credentials" in page
    assert "Installing rooftop solar panels" in page
    assert "MU-NQF level 5 · SADCQF level 5 · 2.4 ECTS · Energy" in page
    assert "IE-NFQ level 6 · EQF level 5 · 5 ECTS" in page
    assert "Industry-led · awarded by University of Mauritius; Sugar Industry Board" in page


@pytest.mark.parametrize(
    ("status", "expected", "heading"),
    [
        ("lapsed", ["knitwear"], "1 lapsed micro-credential"),
        ("withdrawn", ["inverters"], "1 withdrawn micro-credential"),
        ("all", ["bookkeeping", "solar", "inverters", "knitwear"], "4 micro-credentials"),
    ],
)
def test_lapsed_and_withdrawn_entries_are_one_choice_away(register, status, expected, heading):
    response = get(status=status)
    assert set(listed(response)) == {getattr(register, name).identifier for name in expected}
    assert heading in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "MU"}, ["solar"]),
        ({"country": "IE"}, ["bookkeeping"]),
        ({"sector": "ict_digital"}, ["bookkeeping"]),
        ({"sector": "ict_digital", "status": "all"}, ["bookkeeping", "knitwear"]),
        ({"level": "5"}, ["solar"]),
        ({"level": "6"}, ["bookkeeping"]),
        ({"eqf": "5"}, ["bookkeeping"]),
        ({"credits_min": "3"}, ["bookkeeping"]),
        ({"credits_max": "3"}, ["solar"]),
        ({"credits_min": "2.4", "credits_max": "2.4"}, ["solar"]),
        ({"type": "stackable"}, ["bookkeeping"]),
        ({"type": "industry_led"}, ["solar"]),
        ({"provider": "university"}, ["bookkeeping", "solar"]),
        ({"provider": "industry", "status": "all"}, ["inverters"]),
        ({"provider": "industry"}, []),
    ],
)
def test_each_filter(register, query, expected):
    if "provider" in query:
        query = {**query, "provider": getattr(register.people, query["provider"]).slug}
    response = get(**query)
    assert response.status_code == 200
    assert set(listed(response)) == {getattr(register, name).identifier for name in expected}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("rooftop", ["solar"]),  # title
        ("bookkeeping software", ["bookkeeping"]),  # a learning outcome
        ("Sugar Industry Board", ["solar"]),  # an awarding body outside the portal
        ("ICT", ["bookkeeping"]),  # the sector
        ("electrical risks", ["solar"]),
        ("solar bookkeeping", []),  # every word must be there
    ],
)
def test_full_text_search(register, words, expected):
    response = get(q=words)
    assert set(listed(response)) == {getattr(register, name).identifier for name in expected}
    if expected:
        assert "matching your search, the most relevant first" in text(response)


def test_search_and_filters_combine_and_the_pager_keeps_them(register, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    response = get(status="all", country="MU")
    page = response.content.decode()
    # The same day's approvals, the later first; then the one approved a year before.
    assert listed(response) == ids(register.inverters)
    assert "Page 1 of 3" in text(response)
    assert 'href="?status=all&amp;country=MU&amp;page=2"' in page
    second = get(status="all", country="MU", page="2")
    assert listed(second) == ids(register.solar)
    assert "Page 2 of 3" in text(second)
    assert listed(get(status="all", country="MU", page="3")) == ids(register.knitwear)


def test_bad_filters_are_named_and_list_nothing(register):
    response = get(credits_min="5", credits_max="1", level="twelve")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "ECTS credits, up to: write a number no smaller than the “from” figure." in page
    assert "National level: Select a valid choice." in page
    assert listed(response) == []


def test_the_list_needs_no_javascript_and_is_light(register):
    response = get()
    page = response.content.decode()
    assert "<script" not in page
    assert "<img" not in page
    # The search is a plain GET form.
    assert re.search(r'<form method="get" action="/register/"', page)
    assert len(page.encode()) < 30_000
    # Exports and the API of the same view are plain links.
    filtered = get(country="MU").content.decode()
    assert 'href="/register/export.csv?country=MU"' in filtered
    assert 'href="/register/export.xlsx?country=MU"' in filtered
    assert 'href="/register/api/entries/?country=MU"' in filtered


def test_queries_are_bounded_whatever_is_asked(register, django_assert_max_num_queries):
    client = Client()
    # Cold: the footer's links and the filters' options are read (then cached).
    with django_assert_max_num_queries(8):
        client.get("/register/")
    # Warm: the count and the page, whatever the filters.
    with django_assert_max_num_queries(2):
        client.get("/register/")
    with django_assert_max_num_queries(2):
        client.get(
            "/register/",
            {
                "q": "solar",
                "country": "MU",
                "sector": "energy",
                "provider": register.people.university.slug,
                "level": "5",
                "credits_min": "1",
                "status": "all",
            },
        )


def test_signed_in_visitors_see_the_same_list(register):
    client = Client()
    client.force_login(register.people.stranger)
    assert listed(client.get("/register/")) == ids(register.bookkeeping, register.solar)
