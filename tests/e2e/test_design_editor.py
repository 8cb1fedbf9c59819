"""The design editor in Chromium: edit sections, watch the completeness panel change, meet a
conflicting save, and every page passes axe."""

import pytest

from codesign.actions.designs import create_design, save_section
from codesign.actions.workspaces import open_workspace
from codesign.models import CredentialType, DesignSection, WorkspaceRole
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.frameworks.actions import sync_reference_data
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-7"


@pytest.fixture
def design():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()
    staff = accounts.create_user_with_verified_email(
        email="staff@portal.example", password=PASSWORD, is_staff=True
    )
    lead = accounts.create_user_with_verified_email(
        email="lead@sugar.example", password=PASSWORD, display_name="Lina Lead"
    )
    coauthor = accounts.create_user_with_verified_email(
        email="coauthor@uom.example", password=PASSWORD, display_name="Cole Author"
    )
    mauritius = Country.objects.get(code="MU")
    organisations = []
    for name, kind, admin in [
        ("Island Sugar Estates", OrganisationKind.INDUSTRY, lead),
        ("University of Mauritius", OrganisationKind.UNIVERSITY, coauthor),
    ]:
        organisation = accounts.register_organisation(
            name=name, kind=kind, country=mauritius, by=admin
        )
        accounts.verify_organisation(organisation=organisation, by=staff)
        organisations.append(organisation)
    workspace = open_workspace(
        title="Solar technicians for the sugar estates",
        members=[
            (lead, organisations[0], WorkspaceRole.LEAD),
            (coauthor, organisations[1], WorkspaceRole.CO_AUTHOR),
        ],
        by=lead,
    )
    framework = QualificationFramework.objects.get(code="MU-NQF")
    return create_design(
        workspace=workspace,
        title="Installing rooftop solar panels",
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=5),
        credential_type=CredentialType.INDUSTRY_LED,
        by=lead,
    )


def _sign_in(page, email, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def _panel(page):
    return page.locator(".completeness-count").inner_text()


def test_a_lead_edits_sections_and_the_completeness_panel_follows(page, design):
    url = f"/designs/{design.pk}/"
    _sign_in(page, "lead@sugar.example", url)
    assert page.locator("h1").inner_text() == "Installing rooftop solar panels"
    assert _panel(page).startswith("11 errors")
    assert_accessible(page)

    page.get_by_role("link", name="Edit “Need and purpose”").click()
    page.wait_for_url(f"**{url}sections/need/")
    assert_accessible(page)
    page.get_by_label("Need and purpose").fill("The estates are installing solar panels.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{url}#section-need")
    assert _panel(page).startswith("10 errors")
    assert "The estates are installing solar panels." in page.locator("#section-need").inner_text()

    page.get_by_role("link", name="Edit “Notional hours and credits”").click()
    page.get_by_label("Guided learning").fill("24")
    page.get_by_label("Self-study").fill("20")
    page.get_by_label("Work-based learning").fill("12")
    page.get_by_label("Assessment").fill("4")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{url}#section-workload")
    assert _panel(page).startswith("9 errors")
    assert "60 notional hours on MU-NQF = 3 credits" in page.locator(".credits-box").inner_text()

    page.get_by_role("link", name="Edit “Learning outcomes”").click()
    page.wait_for_url(f"**{url}sections/learning_outcomes/")
    page.locator("#id_outcomes-0-statement").fill("Understand inverters")
    page.locator("#id_outcomes-0-domain").select_option("knowledge")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{url}#section-learning_outcomes")
    assert _panel(page).startswith("8 errors, 1 warning")
    assert (
        "“Understand” cannot be observed" in page.locator("#section-learning_outcomes").inner_text()
    )

    page.get_by_role("link", name="Edit “Learning outcomes”").click()
    assert "“Understand” cannot be observed" in page.locator(".outcome-row").first.inner_text()
    assert page.locator(".descriptors").is_visible()
    assert_accessible(page)


def test_a_conflicting_save_shows_both_versions_and_passes_axe(page, design):
    url = f"/designs/{design.pk}/sections/need/"
    _sign_in(page, "lead@sugar.example", url)
    page.get_by_label("Need and purpose").fill("Estates need solar installers now.")
    # Meanwhile the co-author saves the same section.
    section = DesignSection.objects.get(design=design, key="need")
    save_section(
        design=design,
        key="need",
        content={"text": "Estates need solar technicians."},
        base_version=section.version,
        by=design.workspace.members.get(role=WorkspaceRole.CO_AUTHOR).user,
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Cole Author saved it on" in page.locator(".conflict").inner_text()
    assert page.locator("table.diff del").first.inner_text() == "technicians"
    assert page.locator("table.diff ins").first.inner_text() == "installers now"
    assert (
        page.get_by_label("Need and purpose").input_value() == "Estates need solar installers now."
    )
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 740})
    assert_accessible(page)
    page.get_by_role("button", name="Save my version").click()
    page.wait_for_url(f"**/designs/{design.pk}/#section-need")
    assert "Estates need solar installers now." in page.locator("#section-need").inner_text()
