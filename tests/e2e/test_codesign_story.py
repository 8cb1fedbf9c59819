"""The whole co-design story in a browser without JavaScript, as the two sides live it: an
industry member posts a skill need, an academic offers, the owner accepts, both co-author the
design (learning outcomes, hours and every section the Mauritius framework asks for) until the
completeness panel is empty, and 60 notional hours show as 3 credits. Every page passes axe."""

import re

import pytest

from codesign.models import Design, DesignStatus, SkillNeed, Workspace
from portal.accounts import actions
from portal.frameworks.actions import sync_reference_data
from portal.frameworks.models import Country
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-browser-passphrase-7"


@pytest.fixture
def people():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()
    staff = actions.create_user_with_verified_email(
        email="staff@project.example", password=PASSWORD, is_staff=True
    )
    mauritius = Country.objects.get(code="MU")
    owner = actions.create_user_with_verified_email(
        email="owner@ebene.example", password=PASSWORD, display_name="Ravi Owner"
    )
    company = actions.register_organisation(
        name="Ebène Contact Centres", kind="industry", country=mauritius, by=owner
    )
    actions.verify_organisation(organisation=company, by=staff)
    academic = actions.create_user_with_verified_email(
        email="academic@mias.example", password=PASSWORD, display_name="Priya Academic"
    )
    institute = actions.register_organisation(
        name="Institute of Applied Sciences", kind="university", country=mauritius, by=academic
    )
    actions.verify_organisation(organisation=institute, by=staff)
    return {"owner": owner, "academic": academic}


def sign_in(page, email, next_url):
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def checked(page):
    """Every page of the story passes axe."""
    page.wait_for_load_state()
    assert_accessible(page)


def edit(page, design_url, title):
    page.goto(design_url)
    page.get_by_role("link", name=f"Edit “{title}”").click()
    page.wait_for_url(f"**{design_url}sections/*/")
    checked(page)


def save(page, design_url):
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{design_url}#section-*")


def test_a_need_becomes_a_complete_design(no_js_page, people):
    page = no_js_page

    # Industry posts the need.
    sign_in(page, "owner@ebene.example", "/needs/new/")
    checked(page)
    page.get_by_label("Title:").fill("Using generative AI tools safely in customer service")
    page.get_by_label("Sector:").select_option(label="ICT and digital skills")
    page.get_by_label("Country:").select_option(label="Mauritius")
    page.get_by_label("The problem, in your own words:").fill(
        "Agents paste customers' data into public AI tools."
    )
    page.get_by_label("Skills and competencies:").fill("Safe prompting\nChecking AI replies")
    page.get_by_label("Who is to be trained:").fill("Contact-centre team leaders")
    page.get_by_label("How many people:").fill("40")
    page.get_by_label("Within weeks").check()
    page.get_by_label("Blended").check()
    page.get_by_label("Everyone").check()
    page.get_by_role("button", name="Post the need").click()
    page.wait_for_url(re.compile(r".*/needs/\d+/#similar$"))
    checked(page)
    need = SkillNeed.objects.get()

    # The academic offers.
    sign_in(page, "academic@mias.example", f"/needs/{need.pk}/")
    page.get_by_role("link", name="Make an offer").click()
    page.wait_for_url(f"**/needs/{need.pk}/offer/")
    checked(page)
    page.get_by_label("Your offer:").fill("Four evening workshops and tasks done at work.")
    page.get_by_label("Proposed framework and level:").select_option(label="MU-NQF level 6")
    page.get_by_role("button", name="Send the offer").click()
    page.wait_for_url(f"**/needs/{need.pk}/")
    checked(page)

    # The owner accepts: a workspace opens with the first design in it.
    sign_in(page, "owner@ebene.example", f"/needs/{need.pk}/")
    page.get_by_role("link", name="Accept the offer of Institute of Applied Sciences").click()
    page.wait_for_url(f"**/needs/{need.pk}/offers/*/accept/")
    checked(page)
    page.get_by_role("button", name="Accept the offer").click()
    workspace = Workspace.objects.get()
    page.wait_for_url(f"**{workspace.get_absolute_url()}")
    checked(page)
    design = Design.objects.get()
    design_url = design.get_absolute_url()
    # The need and its first design share a title: follow the design's own link.
    page.locator(f'a[href="{design_url}"]').first.click()
    page.wait_for_url(f"**{design_url}")
    checked(page)
    assert "errors" in page.locator(".completeness-count").inner_text()

    # The owner writes the need in their own words.
    edit(page, design_url, "Need and purpose")
    page.get_by_label("Need and purpose").fill(
        "Agents use AI assistants without guidance; replies were wrong and data leaked."
    )
    save(page, design_url)

    # The academic writes the rest.
    sign_in(page, "academic@mias.example", design_url)
    edit(page, design_url, "Learning outcomes")
    outcomes = [
        ("Explain why generative AI tools can invent facts.", "knowledge"),
        ("Write prompts that draft accurate replies to customers.", "skills"),
        ("Check an AI-drafted reply against the customer record.", "skills"),
    ]
    for number, (statement, domain) in enumerate(outcomes):
        page.locator(f"#id_outcomes-{number}-statement").fill(statement)
        page.locator(f"#id_outcomes-{number}-domain").select_option(domain)
        page.locator(f"#id_outcomes-{number}-assessment").fill("Observed practical task")
    save(page, design_url)

    edit(page, design_url, "Notional hours and credits")
    for label, hours in [
        ("Guided learning", "24"),
        ("Self-study", "18"),
        ("Work-based learning", "12"),
        ("Assessment", "6"),
    ]:
        page.get_by_label(label).fill(hours)
    save(page, design_url)
    credits = page.locator(".credits-box").inner_text()
    assert "60 notional hours on MU-NQF = 3 credits" in " ".join(credits.split())

    texts = {
        "Structure and content": "Four units of 15 hours each.",
        "Entry requirements": "A year in a customer-facing role; prior learning recognised.",
        "Quality assurance": "The institute's internal procedures and HEC approval.",
        "Resources": "A computer room with licensed AI tools and two lecturers.",
        "Review": "Reviewed each year with the employer, and before three years are up.",
    }
    for title, text in texts.items():
        edit(page, design_url, title)
        page.get_by_label(title).fill(text)
        save(page, design_url)

    edit(page, design_url, "Delivery and form of participation")
    page.get_by_label("Blended").check()
    page.get_by_label("Where, when and who teaches").fill("Evening workshops at the institute.")
    save(page, design_url)

    edit(page, design_url, "Assessment and moderation")
    page.get_by_label("Type of assessment").fill("A portfolio and an observed task, moderated.")
    page.get_by_label("On site, with identity verification").check()
    save(page, design_url)

    edit(page, design_url, "Awarding bodies")
    page.get_by_label("Institute of Applied Sciences").check()
    save(page, design_url)

    edit(page, design_url, "Stackability and recognition of prior learning")
    page.get_by_label("Stand-alone, independent micro-credential").check()
    save(page, design_url)

    # Nothing is missing any more, and a lead can mark it ready.
    page.goto(design_url)
    checked(page)
    assert "Complete: nothing missing" in page.locator(".completeness").inner_text()
    page.get_by_role("button", name="Mark ready for review").click()
    page.wait_for_load_state()
    checked(page)
    design.refresh_from_db()
    assert design.status == DesignStatus.READY
    # The first revision, and one for each of the twelve sections written.
    assert design.revision_count == 13
    assert sorted({revision.author.email for revision in design.revisions.exclude(number=1)}) == [
        "academic@mias.example",
        "owner@ebene.example",
    ]
