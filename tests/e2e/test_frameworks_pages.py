import pytest

from portal.frameworks.actions import sync_reference_data
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()


def test_frameworks_page_and_a_detail_page_are_accessible(page):
    response = page.goto("/frameworks/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Qualification frameworks and credit rules"
    assert page.locator("table caption").first.inner_text().startswith("Qualification frameworks")
    json_link = page.locator('a[rel="alternate"][type="application/json"]')
    assert json_link.get_attribute("href") == "/frameworks/frameworks.json"
    assert_accessible(page)

    page.get_by_role("link", name="Mauritius National Qualifications Framework").first.click()
    page.wait_for_url("**/frameworks/MU-NQF/")
    assert page.locator("h1").inner_text() == "Mauritius National Qualifications Framework"
    assert page.get_by_text("Descriptor not yet recorded").count() == 10
    assert page.get_by_text("Assessment and moderation").count() == 1
    assert_accessible(page)

    page.goto("/frameworks/EQF/")
    assert page.get_by_role("cell", name="Basic general knowledge").count() == 1
    assert_accessible(page)


def test_the_credit_calculator_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/frameworks/")
    page.get_by_label("Qualification framework").select_option("MU-NQF")
    page.get_by_label("Notional hours").fill("480")
    page.get_by_label("It is a core module of an academic qualification").check()
    page.get_by_role("button", name="Count credits").click()
    page.wait_for_url("**/frameworks/?framework=MU-NQF&hours=480&is_core_module=on#calculator")
    result = page.locator(".calculator-result")
    assert "Credits\n24 (unit: NCVTS credit" in result.inner_text()
    assert "19.2" in result.inner_text()  # ECTS at 25 hours per credit
    assert "should not form part of the core modules" in result.inner_text()
    assert_accessible(page)

    page.get_by_label("Notional hours").fill("sixty")
    page.get_by_role("button", name="Count credits").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Enter the notional hours as a number" in alert.inner_text()
    hours = page.get_by_label("Notional hours")
    assert hours.get_attribute("aria-invalid") == "true"
    assert page.locator(".calculator-result").count() == 0
    assert_accessible(page)
