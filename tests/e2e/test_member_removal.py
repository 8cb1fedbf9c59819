"""An organisation admin removes a colleague, confirming first, in a real browser."""

import pytest

from portal.accounts import actions
from portal.accounts.models import Membership
from portal.frameworks.models import Country
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_accounts_journeys import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_removes_a_colleague_after_confirming(page):
    country = Country.objects.get_or_create(
        code="LS", defaults={"name": "Lesotho", "region": "SADC", "is_partner": True}
    )[0]
    admin = actions.create_user_with_verified_email(email="head@nul.example", password=PASSWORD)
    colleague = actions.create_user_with_verified_email(
        email="lecturer@nul.example", password=PASSWORD
    )
    college = actions.register_organisation(
        name="Leribe Technical College", kind="tvet", country=country, by=admin
    )
    actions.add_member(organisation=college, user=colleague, role="member", by=admin)

    page.goto(f"/accounts/login/?next=/organisations/{college.slug}/members/")
    page.get_by_label("Email:").fill("head@nul.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/organisations/{college.slug}/members/")

    page.get_by_role("button", name=f"Remove {colleague}").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Remove {colleague} from {college}?"
    assert Membership.objects.filter(user=colleague).exists()
    assert_accessible(page)

    page.get_by_role("button", name=f"Yes, remove {colleague}").click()
    page.wait_for_url(f"**/organisations/{college.slug}/members/")
    assert "is no longer a member" in page.locator(".messages").inner_text()
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_admin_edits_the_sectors_and_website(no_js_page):
    page = no_js_page
    country = Country.objects.get_or_create(
        code="EE", defaults={"name": "Estonia", "region": "EU", "is_partner": True}
    )[0]
    admin = actions.create_user_with_verified_email(email="head@tlu.example", password=PASSWORD)
    college = actions.register_organisation(
        name="Tallinn Vocational School", kind="tvet", country=country, by=admin
    )
    page.goto(f"/accounts/login/?next=/organisations/{college.slug}/edit/")
    page.get_by_label("Email:").fill("head@tlu.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/organisations/{college.slug}/edit/")
    assert_accessible(page)
    page.get_by_label("Website:").fill("https://tvs.example")
    page.get_by_role("button", name="Save details").click()
    page.wait_for_url(f"**/organisations/{college.slug}/")
    assert "https://tvs.example" in page.locator("main").inner_text()
