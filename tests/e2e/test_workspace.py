"""A workspace in a real browser: a lead invites a colleague who is not on the portal yet; the
colleague signs up from the link in the e-mail, verifies their address, joins, and sees the
workspace. The lead works with JavaScript off throughout."""

import pytest
from django.core import mail

from codesign.actions.workspaces import open_workspace
from codesign.models import WorkspaceMember, WorkspaceRole
from portal.accounts import actions
from portal.accounts.models import OrganisationKind
from portal.frameworks.models import Country
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_accounts_journeys import PASSWORD, link_in_last_mail, sign_up_and_verify

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Solar technicians for the sugar estates"


@pytest.fixture
def workspace(db):
    mauritius = Country.objects.get_or_create(
        code="MU", defaults={"name": "Mauritius", "region": "SADC", "is_partner": True}
    )[0]
    staff = actions.create_user_with_verified_email(
        email="staff@portal.example", password=PASSWORD, is_staff=True
    )
    lead = actions.create_user_with_verified_email(
        email="lina@sugar.example", password=PASSWORD, display_name="Lina Lead"
    )
    academic = actions.create_user_with_verified_email(
        email="ada@uom.example", password=PASSWORD, display_name="Ada Academic"
    )
    estates = actions.register_organisation(
        name="Island Sugar Estates", kind=OrganisationKind.INDUSTRY, country=mauritius, by=lead
    )
    university = actions.register_organisation(
        name="University of Mauritius",
        kind=OrganisationKind.UNIVERSITY,
        country=mauritius,
        by=academic,
    )
    for organisation in (estates, university):
        actions.verify_organisation(organisation=organisation, by=staff)
    return open_workspace(
        title=TITLE,
        members=[(lead, estates, WorkspaceRole.LEAD), (academic, university, WorkspaceRole.LEAD)],
        by=lead,
    )


def test_a_lead_invites_a_colleague_who_signs_up_and_joins(
    browser, live_server, no_js_page, workspace
):
    lead = no_js_page

    # 1. The lead signs in and opens the workspace, all without JavaScript.
    lead.goto("/accounts/login/")
    lead.get_by_label("Email:").fill("lina@sugar.example")
    lead.get_by_label("Password:").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    lead.wait_for_url("**/me/")
    lead.get_by_role("navigation", name="Main").get_by_role("link", name="Workspaces").click()
    lead.get_by_role("link", name=TITLE).click()
    lead.wait_for_url(f"**/workspaces/{workspace.pk}/")
    assert lead.locator("h1").inner_text() == TITLE
    assert "Island Sugar Estates" in lead.locator("main").inner_text()
    assert_accessible(lead)

    # 2. The members page; the invitation.
    lead.get_by_role("link", name="Manage members and invite people").click()
    lead.wait_for_url(f"**/workspaces/{workspace.pk}/members/")
    assert_accessible(lead)
    lead.get_by_role("link", name="Invite someone").click()
    assert_accessible(lead)
    lead.get_by_label("E-mail address").fill("colleague@sugar.example")
    lead.get_by_label("Role").select_option("co_author")
    lead.get_by_role("button", name="Send invitation").click()
    lead.wait_for_url(f"**/workspaces/{workspace.pk}/members/")
    assert "An invitation is on its way to colleague@sugar.example" in (
        lead.locator(".messages").inner_text()
    )
    assert (
        "colleague@sugar.example"
        in lead.locator("#invitations-caption + thead + tbody").inner_text()
    )
    link = link_in_last_mail("colleague@sugar.example", r"https?://\S+/workspaces/join/[\w-]+/")
    join_path = "/workspaces/join/" + link.split("/workspaces/join/", 1)[1]

    # 3. The colleague opens the link, signs up, verifies the address, and comes back.
    context = browser.new_context(base_url=live_server.url)
    colleague = context.new_page()
    colleague.set_default_timeout(10_000)
    colleague.goto(join_path)
    assert colleague.locator("h1").inner_text() == f"Invitation to the workspace “{TITLE}”"
    assert_accessible(colleague)
    colleague.get_by_role("link", name="Create an account").click()
    sign_up_and_verify(colleague, "colleague@sugar.example", live_server)
    colleague.wait_for_url(f"**{join_path}")
    assert_accessible(colleague)

    # 4. They join as an independent expert (they belong to no organisation yet).
    assert colleague.get_by_label(
        "No organisation: I take part as an independent expert"
    ).is_checked()
    colleague.get_by_role("button", name="Accept and join the workspace").click()
    colleague.wait_for_url(f"**/workspaces/{workspace.pk}/")
    assert f"Welcome to “{TITLE}”" in colleague.locator(".messages").inner_text()
    assert colleague.locator("h1").inner_text() == TITLE
    assert "Your role here: Co-author" in colleague.locator("main").inner_text()
    colleague.get_by_role("navigation", name="Main").get_by_role("link", name="Workspaces").click()
    assert colleague.get_by_role("link", name=TITLE).count() == 1
    context.close()

    member = WorkspaceMember.objects.get(user__email="colleague@sugar.example")
    assert (member.workspace, member.role, member.organisation) == (workspace, "co_author", None)
    # The lead hears of it by e-mail.
    subjects = [m.subject for m in mail.outbox if m.to == ["lina@sugar.example"]]
    assert any(f"colleague@sugar.example joined “{TITLE}”" in subject for subject in subjects)

    # 5. The lead's overview, still without JavaScript, shows the new member and the feed line.
    lead.goto(f"/workspaces/{workspace.pk}/")
    main = lead.locator("main").inner_text()
    assert "colleague@sugar.example" in main and "joined" in main
    assert "independent expert" in main
    assert_accessible(lead)
