"""Project staff verify an organisation in a real browser, after a two-factor sign-in."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from portal.accounts import actions
from portal.accounts.models import Organisation
from portal.frameworks.models import Country
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_accounts_journeys import PASSWORD, current_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_sign_in_with_a_code_and_verify_an_organisation(page):
    country = Country.objects.get_or_create(
        code="NA", defaults={"name": "Namibia", "region": "SADC", "is_partner": True}
    )[0]
    staff = actions.create_user_with_verified_email(
        email="staff@portal.example", password=PASSWORD, is_staff=True
    )
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(staff, secret)
    founder = actions.create_user_with_verified_email(
        email="founder@nqa.example", password=PASSWORD
    )
    actions.register_organisation(
        name="Namibia Qualifications Authority",
        kind="quality_authority",
        country=country,
        by=founder,
    )

    # Anonymous visitors get a 404 there, so staff sign in first.
    assert page.goto("/staff/organisations/").status == 404
    page.goto("/accounts/login/?next=/staff/organisations/")
    page.get_by_label("Email:").fill("staff@portal.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code:").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/organisations/")
    assert_accessible(page)

    page.get_by_role("button", name="Verify Namibia Qualifications Authority").click()
    page.wait_for_load_state()
    assert "verified" in page.locator(".messages").inner_text().lower()
    assert Organisation.objects.get(name="Namibia Qualifications Authority").is_verified
    assert_accessible(page)
    # The founder is now a QA reviewer: the role follows the verified organisation.
    founder.refresh_from_db()
    assert "qa_reviewer" in founder.roles
