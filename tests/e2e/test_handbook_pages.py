"""The handbook's public pages in a real browser, with JavaScript off, checked by axe."""

import pytest
from django.core.management import call_command

from handbook.actions import load_handbook
from portal.frameworks.actions import sync_reference_data
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def handbook_content():
    # Transactional tests empty every table afterwards, migration data included: the
    # reference data and the site's home page come back first, then the handbook.
    sync_reference_data()
    call_command("load_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    load_handbook()


PAGES = [
    ("/handbook/", "Micro-credentials handbook"),
    ("/handbook/stackability/", "9 Stackability"),
    ("/handbook/definition/size/", "3.3 How big is a micro-credential?"),
    (
        "/handbook/information-elements-and-approval-criteria/eu-information-elements/",
        "12.1 The EU's information elements",
    ),
    ("/glossary/", "Glossary"),
    ("/countries/", "Partner countries"),
    ("/countries/lesotho/", "Lesotho"),
    ("/countries/compare/", "Countries side by side"),
    ("/search/?q=stackability", "Search"),
]


def test_handbook_pages_work_without_javascript_and_are_accessible(no_js_page, handbook_content):
    # One browser session for all of them: loading the content is the slow part.
    for path, heading in PAGES:
        response = no_js_page.goto(path)
        assert response.status == 200, path
        assert no_js_page.locator("h1").inner_text() == heading, path
        assert_accessible(no_js_page)


def test_a_reader_follows_the_handbook_from_contents_to_glossary(no_js_page, handbook_content):
    page = no_js_page
    page.goto("/handbook/")
    page.get_by_role("link", name="3.2 Three types of micro-credential").click()
    page.wait_for_url("**/handbook/definition/three-types/")
    assert page.locator("h1").inner_text() == "3.2 Three types of micro-credential"

    page.get_by_role("link", name="Next: 3.3 How big is a micro-credential?").click()
    page.wait_for_url("**/handbook/definition/size/")
    term = page.locator("a.term-link", has_text="notional hours").first
    assert term.get_attribute("title").startswith("The time an average learner")
    term.click()
    page.wait_for_url("**/glossary/#term-notional-hours")
    assert page.locator("#term-notional-hours").inner_text() == "notional hours"


def test_search_finds_the_term_and_the_chapter(no_js_page, handbook_content):
    page = no_js_page
    page.goto("/search/")
    page.get_by_label("Search the handbook, glossary and news").fill("stackability")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=stackability")
    assert page.locator(".result-list a", has_text="stackability").count() >= 2
    assert page.locator(".result-list mark").first.inner_text().lower() == "stackability"
    assert_accessible(page)


def test_the_comparison_reads_as_blocks_on_a_phone(browser, live_server, handbook_content):
    # The page has no script either way; the check reads computed styles, which needs one.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/countries/compare/")
    row = page.locator(".compare-table tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    assert_accessible(page)
    context.close()
