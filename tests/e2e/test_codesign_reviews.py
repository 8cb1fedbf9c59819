"""A design's history and discussion in a real browser, without JavaScript and on a phone:
comment with a mention, compare two revisions stacked, restore one after confirming."""

import pytest

from codesign.models import Comment, DesignRevision
from tests.codesign.revisions import conftest as reviews
from tests.codesign.revisions.conftest import PASSWORD, outcomes, save
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}

# The revisions tests' fixtures: a workspace of three members and a design.
make_person = reviews.make_person
reviews_people = reviews.reviews_people
reviews_workspace = reviews.reviews_workspace
make_design = reviews.make_design
design = reviews.design


def sign_in(page, email, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


def test_comment_compare_and_restore_on_a_phone_without_javascript(
    no_js_page, design, reviews_people
):
    page = no_js_page
    page.set_viewport_size(PHONE)
    lead, coauthor = reviews_people["lead"], reviews_people["coauthor"]
    save(design, "need", {"text": "Installers who can work safely on roofs."}, lead)
    save(design, "learning_outcomes", outcomes(3), coauthor)
    save(design, "need", {"text": "Installers who can work safely on tall roofs."}, coauthor)

    discussion = f"/designs/{design.pk}/sections/learning_outcomes/comments/"
    sign_in(page, lead.email, discussion)
    assert page.locator("h1").inner_text() == "Discussion of Learning outcomes"
    assert_accessible(page)
    page.get_by_label("Your comment:").fill("@amina-author is outcome 2 measurable?")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "Your comment is saved." in page.locator(".messages").inner_text()
    comment = Comment.objects.get()
    assert comment.mentioned.get() == coauthor
    assert page.locator(f"#comment-{comment.pk} a.mention").inner_text() == "@amina-author"
    assert_accessible(page)

    page.goto(f"/designs/{design.pk}/revisions/")
    assert page.locator("h1").inner_text() == "History of Solar PV installation"
    assert_accessible(page)

    page.goto(f"/designs/{design.pk}/compare/")
    page.get_by_label("Compare revision:").fill("2")
    page.get_by_label("with revision:").fill("4")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?a=2&b=4")
    changed = page.locator("#diff-need").locator("xpath=..").locator("tr.diff-changed td")
    old, new = changed.nth(0).bounding_box(), changed.nth(1).bounding_box()
    # Stacked on a phone: revision 4's line is under revision 2's, not beside it.
    assert new["y"] >= old["y"] + old["height"] - 1
    assert new["x"] == pytest.approx(old["x"], abs=2)
    assert page.locator("#diff-need ~ table ins").first.inner_text() == "tall"
    assert page.locator("body").evaluate("b => b.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.goto(f"/designs/{design.pk}/revisions/")
    page.get_by_role("link", name="Restore revision 2").click()
    page.wait_for_url("**/revisions/2/restore/")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, restore revision 2").click()
    page.wait_for_url(f"**/designs/{design.pk}/revisions/")
    assert "its content is now revision 5" in page.locator(".messages").inner_text()
    assert DesignRevision.objects.get(design=design, number=5).restored_from == 2
