"""Skill needs in a real browser: an industry member posts a need, an academic offers, the
owner accepts; and the list of needs works without JavaScript."""

import re

import pytest

from codesign.models import Design, NeedStatus, OfferStatus, SkillNeed, Workspace, WorkspaceRole
from portal.accounts import actions
from portal.frameworks.actions import sync_reference_data
from portal.frameworks.models import Country, Sector
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-7"


@pytest.fixture(autouse=True)
def reference_data():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()


@pytest.fixture
def people():
    staff = actions.create_user_with_verified_email(
        email="staff@project.example", password=PASSWORD, is_staff=True
    )
    mauritius = Country.objects.get(code="MU")
    owner = actions.create_user_with_verified_email(
        email="owner@knitwear.example", password=PASSWORD, display_name="Olivia Owner"
    )
    industry = actions.register_organisation(
        name="Port Louis Knitwear", kind="industry", country=mauritius, by=owner
    )
    actions.verify_organisation(organisation=industry, by=staff)
    academic = actions.create_user_with_verified_email(
        email="academic@uom.example", password=PASSWORD, display_name="Ari Academic"
    )
    university = actions.register_organisation(
        name="University of Port Louis", kind="university", country=mauritius, by=academic
    )
    actions.verify_organisation(organisation=university, by=staff)
    return {"owner": owner, "industry": industry, "academic": academic, "university": university}


def sign_in(page, email, next_url):
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def test_a_need_is_posted_offered_on_and_accepted(page, people):
    # The industry member posts a need.
    sign_in(page, "owner@knitwear.example", "/needs/new/")
    assert page.locator("h1").inner_text() == "Post a skill need"
    assert_accessible(page)
    page.get_by_label("Title:").fill("Pattern cutting for knitwear technicians")
    page.get_by_label("Sector:").select_option(label="Textiles, apparel and fashion")
    page.get_by_label("Country:").select_option(label="Mauritius")
    page.get_by_label("The problem, in your own words:").fill("Patterns are cut by hand.")
    page.get_by_label("Skills and competencies:").fill("CAD pattern cutting\nGrading sizes")
    page.get_by_label("Who is to be trained:").fill("Technicians on the factory floor")
    page.get_by_label("How many people:").fill("0")
    page.get_by_label("Within weeks").check()
    page.get_by_label("Blended").check()
    page.get_by_label("Everyone").check()
    page.get_by_role("button", name="Post the need").click()
    page.wait_for_load_state()
    assert "How many people: Ensure this value is greater than or equal to 1." in (
        page.get_by_role("alert").inner_text()
    )
    assert not SkillNeed.objects.exists()
    assert_accessible(page)
    page.get_by_label("How many people:").fill("40")
    page.get_by_role("button", name="Post the need").click()
    page.wait_for_url(re.compile(r".*/needs/\d+/#similar$"))
    need = SkillNeed.objects.get()
    assert "Look at the similar needs and designs below" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", name="Similar needs and designs").is_visible()
    assert_accessible(page)

    # An academic offers.
    sign_in(page, "academic@uom.example", f"/needs/{need.pk}/")
    page.get_by_role("link", name="Make an offer").click()
    page.wait_for_url(f"**/needs/{need.pk}/offer/")
    assert_accessible(page)
    page.get_by_label("Your offer:").fill("A short course in CAD pattern cutting, on site.")
    page.get_by_label("Proposed framework and level:").select_option(label="MU-NQF level 5")
    page.get_by_role("button", name="Send the offer").click()
    page.wait_for_url(f"**/needs/{need.pk}/")
    assert "Your offer is sent." in page.locator(".messages").inner_text()
    assert "Waiting for an answer" in page.locator("main").inner_text()
    assert_accessible(page)

    # The owner accepts it and lands on the new workspace's address.
    sign_in(page, "owner@knitwear.example", f"/needs/{need.pk}/")
    assert "A short course in CAD pattern cutting" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Accept the offer of University of Port Louis").click()
    page.wait_for_url(f"**/needs/{need.pk}/offers/*/accept/")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the offer").click()
    page.wait_for_url(re.compile(r".*/workspaces/\d+/$"))
    workspace = Workspace.objects.get()
    # The workspace pages are another part's: here, the address and the rows.
    assert page.url.endswith(f"/workspaces/{workspace.pk}/")
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_CODESIGN
    assert need.offers.get().status == OfferStatus.ACCEPTED
    assert sorted(
        (seat.user.email, seat.role) for seat in workspace.members.select_related("user")
    ) == [
        ("academic@uom.example", WorkspaceRole.LEAD),
        ("owner@knitwear.example", WorkspaceRole.LEAD),
    ]
    design = Design.objects.get()
    assert (design.workspace, design.title) == (workspace, need.title)
    assert (design.framework.code, design.level.number) == ("MU-NQF", 5)


def test_the_list_searches_filters_and_pages_without_javascript(no_js_page, people):
    page = no_js_page
    textiles = Sector.objects.get(key="textiles_apparel")
    energy = Sector.objects.get(key="energy")
    mauritius = Country.objects.get(code="MU")
    for number in range(22):
        actions_post(people, f"Knitting machine repair {number:02d}", textiles, mauritius)
    actions_post(people, "Solar knitting mill wiring", energy, mauritius)

    page.goto("/needs/")
    assert page.locator("h1").inner_text() == "Skill needs"
    assert "23 skill needs" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Search:").fill("knitting")
    page.get_by_label("Sector:").select_option(label="Textiles, apparel and fashion")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/needs/?q=knitting&sector=textiles_apparel*")
    assert "22 skill needs matching your search" in page.locator("main").inner_text()
    assert page.locator(".need-item").count() == 20
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/needs/?q=knitting&sector=textiles_apparel*&page=2")
    assert page.locator(".need-item").count() == 2
    assert "Solar knitting mill wiring" not in page.locator("main").inner_text()
    assert_accessible(page)


def actions_post(people, title, sector, country):
    from codesign.actions.needs import post_need

    return post_need(
        organisation=people["industry"],
        by=people["owner"],
        title=title,
        sector=sector,
        country=country,
        region="",
        problem="Machines stand idle.",
        skills=["Knitting machine maintenance"],
        target_group="Mechanics",
        trainee_count=10,
        urgency="weeks",
        delivery="on_site",
        visibility="public",
    )
