"""The site's pages say what their sources say (issue 6, items 22 and 24), as `load_site`
loads them."""

import re

import pytest
from wagtail.models import Page

from cms.actions import load_site
from tests.handbook.test_content_sources import text

pytestmark = pytest.mark.django_db


def test_no_page_says_weeks_rather_than_years(client):
    load_site()
    for page in Page.objects.live().filter(depth__gt=1):
        assert "weeks rather than years" not in text(client.get(page.url)), page.url
    employers = text(client.get("/for-employers/"))
    assert "training is often needed within weeks rather than months" in employers


def test_every_row_of_the_about_table_names_its_own_source(client):
    load_site()
    page = text(client.get("/about-pomisa/"))
    assert "Country State of play Source" in page
    assert "from the PoMiSA Synthesis Report" not in page
    mauritius = re.search(r"Mauritius Regional leader:.*?(?= South Africa )", page).group(0)
    assert "HEC Mauritius presentation (Day 1, Session 3, Panel 1)" in mauritius
    south_africa = re.search(r"South Africa Strong quality bodies.*?(?= Lesotho )", page).group(0)
    assert "the concept paper: SAQA presentation (Day 1, Session 3, Panel 3)" in south_africa
    assert "handbook on this portal is written in answer to that advice" in page


def test_lesothos_classes_are_described_usage_on_the_site(client):
    load_site()
    page = text(client.get("/what-is-a-micro-credential/"))
    assert "the National University of Lesotho described how credit-bearing awards" in page
    assert "Lesotho calls" not in page
    faq = text(client.get("/faq/"))
    assert "Lesotho has no micro-credential framework yet; the National University" in faq
