"""The review queue, the review page and the workspace's submission page in a real browser:
a reviewer signs in with two-factor, finds the submission in the queue, judges a criterion
(refused without the comment it needs, then saved) and reads the frozen design; the lead
reads the submission. Each page passes axe."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from codesign.models import CriterionJudgement
from portal.frameworks.actions import sync_reference_data
from tests.codesign.reviews import conftest as reviews
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_accounts_journeys import current_code

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# The review tests' fixtures: the design editor's workspace, the HEC and a submission to it.
make_user = reviews.make_user
staff = reviews.staff
make_organisation = reviews.make_organisation
lead = reviews.lead
coauthor = reviews.coauthor
commenter = reviews.commenter
industry = reviews.industry
university = reviews.university
workspace = reviews.workspace
mu_nqf = reviews.mu_nqf
design = reviews.design
fill = reviews.fill
make_qa_person = reviews.make_qa_person
hec_admin = reviews.hec_admin
second_reviewer = reviews.second_reviewer
hec = reviews.hec
complete_design = reviews.complete_design
submission = reviews.submission
assigned = reviews.assigned


@pytest.fixture(autouse=True)
def reference_data():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()


@pytest.fixture
def reviewer(make_user):
    """The HEC's reviewer, with an authenticator whose secret the test knows."""
    person = make_user("anjali@hec.example", display_name="Anjali Reviewer")
    TOTP.activate(person, SECRET)
    return person


def sign_in(page, email, next_url, secret=None):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(reviews.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_label("Code:").fill(current_code(secret))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def test_a_reviewer_finds_the_submission_in_the_queue_and_judges_it(
    page, browser, live_server, assigned, reviewer, lead
):
    assert page.goto("/reviews/").status == 404
    sign_in(page, reviewer.email, "/reviews/", secret=SECRET)
    assert page.locator("h1").inner_text() == "Review queue"
    assert "0 days" in page.locator(".queue-table").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Installing rooftop solar panels").click()
    page.wait_for_url(f"**/reviews/{assigned.pk}/")
    assert page.locator("h1").inner_text() == "Review of Installing rooftop solar panels"
    assert "Three units: safety, mounting, wiring." in page.locator("#content").inner_text()
    assert_accessible(page)

    resources = page.get_by_role("group", name="Resources")
    resources.get_by_label("Not met").check()
    page.get_by_role("button", name="Save the rubric").click()
    page.wait_for_load_state()
    assert "Resources: say in a comment why it is not met." in (
        page.locator(".error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Comment on “Resources”").fill("No training roof yet.")
    page.get_by_role("button", name="Save the rubric").click()
    page.wait_for_load_state()
    assert "Your judgements are saved." in page.locator(".messages").inner_text()
    assert CriterionJudgement.objects.get().comment == "No training roof yet."

    context = browser.new_context(base_url=live_server.url)
    try:
        lead_page = context.new_page()
        lead_page.set_default_timeout(10_000)
        sign_in(lead_page, lead.email, f"/submissions/{assigned.pk}/")
        assert "Higher Education Commission" in lead_page.locator("h1").inner_text()
        # An open round's rubric stays with the authority.
        assert "No training roof yet." not in lead_page.content()
        assert_accessible(lead_page)
        lead_page.goto(f"/designs/{assigned.design_id}/")
        assert "Submitted to Higher Education Commission" in (
            lead_page.locator("#submission").inner_text()
        )
        assert_accessible(lead_page)
    finally:
        context.close()
