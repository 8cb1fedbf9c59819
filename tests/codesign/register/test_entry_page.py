"""An entry's public page: every EU information element, credits and their ECTS
equivalent, national, EQF and SADCQF levels, the authority and the dates, the fingerprint
and the links to JSON-LD and verification; the owner's re-review; light and JavaScript-free."""

import pytest
from django.test import Client

from .helpers import text

pytestmark = pytest.mark.django_db


def test_the_entry_page_shows_every_element(entry, django_assert_max_num_queries):
    Client().get(f"/register/{entry.identifier}/")  # the footer's links, cached once
    with django_assert_max_num_queries(2):  # the entry, its versions
        response = Client().get(f"/register/{entry.identifier}/")
    assert response.status_code == 200
    page = text(response)
    for expected in (
        "Installing rooftop solar panels",
        entry.identifier,
        "Recognised",
        "Approving authority Higher Education Commission",
        f"Approved on {entry.approved_on:%-d %B %Y}",
        f"Review date {entry.review_date:%-d %B %Y}",
        "Type of micro-credential Industry-led",
        "Sector Energy",
        "Country of the issuer Mauritius",
        "Awarding bodies University of Mauritius Sugar Industry Board",
        "Mauritius National Qualifications Framework: level 5",
        "SADC Qualifications Framework: level 5",
        "60 notional hours; 3 credits (NCVTS credit, 20 hours each); 2.4 ECTS credits",
        "Type of assessment Observed installation and a short test.",
        "Form of participation Blended Two weekends on an estate.",
        "Type of quality assurance The university's programme approval.",
        "Prerequisites An electrician's trade certificate.",
        "Supervision and identity verification On site, with identity verification",
        "Integration and stackability Stand-alone, independent micro-credential",
        "Further information Run twice a year.",
        "Install a rooftop solar panel to the maker's instructions (Skills; assessed by "
        "Observed installation)",
        entry.fingerprint,
    ):
        assert expected in page, expected
    body = response.content.decode()
    assert f'href="/register/{entry.identifier}.jsonld"' in body
    assert 'id="awarding-body-1"' in body and 'id="approving-authority"' in body
    assert "<script" not in body and "<img" not in body
    assert len(body.encode()) < 30_000


def test_an_unknown_identifier_answers_404(db):
    assert Client().get("/register/MU-1999-00001/").status_code == 404


def test_only_a_lead_of_the_workspace_is_offered_a_re_review(people, entry):
    def page_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return text(client.get(entry.get_absolute_url()))

    assert "Re-review" in page_for(people.lead)
    for user in (people.coauthor, people.stranger, people.authority_admin, None):
        assert "Re-review" not in page_for(user)
