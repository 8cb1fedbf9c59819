"""Sign-up to shared membership in a real browser: the journey of a new academic who
registers their college and invites a colleague, who then joins."""

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail

from portal.accounts import actions
from portal.accounts.models import Membership, Organisation, User
from portal.frameworks.models import Country
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-7"


def current_code(secret):
    """The authenticator's code now; waits out the last seconds of a period so the code is
    still current when the server checks it (allauth allows no clock tolerance)."""
    remaining = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if remaining < 3:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def link_in_last_mail(to, pattern):
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(pattern, message.body).group(0)


def sign_up_and_verify(page, email, live_server):
    assert_accessible(page)
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)
    link = link_in_last_mail(email, r"https?://\S+/accounts/confirm-email/\S+")
    page.goto("/accounts/" + link.split("/accounts/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def test_sign_up_two_factor_invite_and_accept(browser, live_server, page):
    Country.objects.get_or_create(
        code="MU", defaults={"name": "Mauritius", "region": "SADC", "is_partner": True}
    )

    # 1. Sign up, verify the address from the e-mail, and land signed in.
    page.goto("/accounts/signup/")
    sign_up_and_verify(page, "founder@college.example", live_server)
    page.wait_for_url("**/me/")
    assert page.locator("h1").inner_text() == "My profile"

    # 2. Sign out, and sign in again.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email:").fill("founder@college.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me/")
    assert_accessible(page)

    # 3. Two-factor set-up: read the secret off the page, answer with the current code.
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    # allauth asks for the password again before adding an authenticator.
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert_accessible(page)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes").input_value().strip()
    assert_accessible(page)

    # 4. Register the college; staff verify it.
    page.goto("/organisations/register/")
    assert_accessible(page)
    page.get_by_label("Name:").fill("Grand Bay Polytechnic")
    page.get_by_label("Kind of organisation").select_option("tvet")
    page.get_by_label("Country:").select_option(label="Mauritius")
    page.get_by_role("button", name="Register organisation").click()
    page.wait_for_url("**/organisations/grand-bay-polytechnic-mu/")
    assert_accessible(page)
    organisation = Organisation.objects.get(name="Grand Bay Polytechnic")
    staff = User.objects.create_user(email="staff@portal.example", is_staff=True)
    actions.verify_organisation(organisation=organisation, by=staff)

    page.goto("/organisations/")
    assert_accessible(page)
    assert page.get_by_role("link", name="Grand Bay Polytechnic").count() >= 1

    # 5. Invite a colleague.
    page.goto("/organisations/grand-bay-polytechnic-mu/")
    page.get_by_role("link", name="Invite a colleague").click()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("colleague@college.example")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url("**/organisations/grand-bay-polytechnic-mu/members/")
    assert "colleague@college.example" in page.locator("main").inner_text()
    assert_accessible(page)
    invitation_link = link_in_last_mail(
        "colleague@college.example", r"https?://\S+/invitations/[\w-]+/"
    )
    invitation_path = "/invitations/" + invitation_link.split("/invitations/", 1)[1]

    # 6. The colleague opens the link, creates an account, and comes back to accept.
    context = browser.new_context(base_url=live_server.url)
    colleague = context.new_page()
    colleague.set_default_timeout(10_000)
    colleague.goto(invitation_path)
    assert_accessible(colleague)
    colleague.get_by_role("link", name="Create an account").click()
    sign_up_and_verify(colleague, "colleague@college.example", live_server)
    colleague.wait_for_url(f"**{invitation_path}")
    assert_accessible(colleague)
    colleague.get_by_role("button", name="Accept and join Grand Bay Polytechnic").click()
    colleague.wait_for_url("**/organisations/grand-bay-polytechnic-mu/")
    assert "Welcome to Grand Bay Polytechnic" in colleague.locator(".messages").inner_text()
    context.close()

    membership = Membership.objects.get(user__email="colleague@college.example")
    assert membership.organisation == organisation and membership.role == "member"


def test_a_qa_reviewer_signs_in_with_a_code_or_a_recovery_code(page):
    country = Country.objects.get_or_create(
        code="MU", defaults={"name": "Mauritius", "region": "SADC", "is_partner": True}
    )[0]
    reviewer = actions.create_user_with_verified_email(
        email="reviewer@hec.example", password=PASSWORD
    )
    staff = actions.create_user_with_verified_email(
        email="staff@portal.example", password=PASSWORD, is_staff=True
    )
    authority = actions.register_organisation(
        name="Higher Education Commission", kind="quality_authority", country=country, by=reviewer
    )
    actions.verify_organisation(organisation=authority, by=staff)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(reviewer, secret)
    recovery_codes = RecoveryCodes.activate(reviewer).get_unused_codes()

    page.goto("/accounts/password/reset/")
    assert_accessible(page)

    for answer in (current_code(secret), recovery_codes[0]):
        page.goto("/accounts/login/")
        page.get_by_label("Email:").fill("reviewer@hec.example")
        page.get_by_label("Password:").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/accounts/2fa/authenticate/")
        assert_accessible(page)
        page.get_by_label("Code:").fill(answer)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/me/")
        assert "QA reviewer" in page.locator("main").inner_text()
        page.get_by_role("button", name="Sign out").click()

    # The account pages allauth renders are in the portal's layout, and accessible.
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill("reviewer@hec.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A TOTP code works once, so this third sign-in uses another recovery code.
    page.get_by_label("Code:").fill(recovery_codes[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me/")
    for path in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]:
        page.goto(path)
        assert page.locator("header.site-header").count() == 1
        assert page.locator("h1").count() == 1
        assert_accessible(page)
