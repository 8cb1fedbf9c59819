"""The approval journey in a real browser: a lead submits a design; a reviewer of the quality
authority signs in with two-factor, judges every criterion and asks for changes; the lead
revises and resubmits; the reviewer sees what changed side by side and approves; the entry
appears in the public register, and its JSON-LD validates against the Open Badges 3.0 schema
kept in the repository. Every page on the way passes axe."""

import json

import jsonschema
import pytest

from codesign.actions import reviews
from codesign.actions.designs import save_section
from codesign.models import DesignSection, RegisterEntry, Submission, SubmissionStatus
from codesign.register.jsonld import achievement_schema
from portal.frameworks.actions import sync_reference_data
from tests.codesign.register.helpers import PASSWORD, TOTP_SECRET, People, write_design
from tests.e2e import conftest as e2e
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

REVISED_NEED = "The estates install solar panels on every roof by 2028 and need 40 technicians."


def sign_in(page, email, next_url, secret=None):
    e2e.sign_in(page, email, PASSWORD, next_url, secret)


def judge_every_criterion(page, *, partly=None):
    """Tick "Met" for every criterion, or "Partly met" with a comment for the one named."""
    for group in page.locator(".rubric-criterion").all():
        legend = group.locator("legend").first.inner_text().strip()
        if partly and legend.startswith(partly):
            group.get_by_label("Partly met").check()
            group.get_by_role("textbox").fill("Say who asked for it and how many people.")
        else:
            group.get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save the rubric").click()
    page.wait_for_load_state()


def decide(page, decision, reasons=""):
    page.get_by_label(decision).check()
    if reasons:
        page.get_by_label("Reasons").fill(reasons)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()


def test_submit_review_resubmit_approve_and_find_it_in_the_register(browser, live_server):
    # Transactional tests empty every table afterwards, migration data included.
    sync_reference_data()
    people = People()
    design = write_design(people)

    lead_context = browser.new_context(base_url=live_server.url)
    lead = lead_context.new_page()
    lead.set_default_timeout(20_000)
    sign_in(lead, people.lead.email, design.get_absolute_url())
    assert_accessible(lead)
    lead.get_by_label("Cover note").fill("For the Commission's next meeting.")
    lead.get_by_role("button", name="Submit for approval").click()
    lead.wait_for_load_state()
    submission = Submission.objects.get(design=design)
    assert submission.status == SubmissionStatus.IN_REVIEW
    lead.wait_for_url(f"**{submission.get_absolute_url()}")
    assert "Higher Education Commission" in lead.locator("main").inner_text()
    assert_accessible(lead)

    reviews.assign_reviewer(
        submission=submission, reviewer=people.reviewer, by=people.authority_admin
    )

    reviewer_context = browser.new_context(base_url=live_server.url)
    reviewer = reviewer_context.new_page()
    reviewer.set_default_timeout(20_000)
    sign_in(reviewer, people.reviewer.email, "/reviews/", secret=TOTP_SECRET)
    assert "Installing rooftop solar panels" in reviewer.locator("main").inner_text()
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="Installing rooftop solar panels").first.click()
    reviewer.wait_for_load_state()
    assert_accessible(reviewer)
    judge_every_criterion(reviewer, partly="Need")
    decide(reviewer, "Request changes", "Show the evidence of the need: who asked, how many.")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert_accessible(reviewer)

    # The lead revises the need (the design editor has its own browser tests) and resubmits.
    need = DesignSection.objects.get(design=design, key="need")
    save_section(
        design=design,
        key="need",
        content={"text": REVISED_NEED},
        base_version=need.version,
        by=people.lead,
    )
    lead.goto(submission.get_absolute_url())
    assert "Show the evidence of the need" in lead.locator("main").inner_text()
    assert_accessible(lead)
    lead.get_by_role("button", name="Resubmit the latest revision").click()
    lead.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.rounds.count() == 2

    reviewer.reload()
    changes = reviewer.locator("#changes")
    assert "40 technicians" in changes.inner_text()
    assert "Round 1" in changes.inner_text() and "Round 2" in changes.inner_text()
    assert_accessible(reviewer)
    judge_every_criterion(reviewer)
    decide(reviewer, "Approve")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    entry = RegisterEntry.objects.get(design=design)

    public_context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    public = public_context.new_page()
    public.set_default_timeout(20_000)
    # axe needs JavaScript: assert_accessible checks this page's address in a context with it.
    public.portal_javascript_disabled = True
    public.goto("/register/?q=rooftop")
    assert_accessible(public)
    public.get_by_role("link", name="Installing rooftop solar panels").click()
    public.wait_for_load_state()
    assert entry.identifier in public.locator("main").inner_text()
    assert entry.fingerprint in public.locator("main").inner_text()
    assert_accessible(public)
    response = public.goto(f"/register/{entry.identifier}.jsonld")
    assert response.status == 200
    document = json.loads(response.body())
    jsonschema.validate(document, achievement_schema())
    assert document["name"] == "Installing rooftop solar panels"

    for context in (lead_context, reviewer_context, public_context):
        context.close()
