"""An editor previews a page in Wagtail's admin, in a real browser, after a two-factor sign-in."""

import pytest

from cms.actions import load_site, site_data
from handbook.actions import DEMO_PASSWORD, load_handbook
from handbook.models import ChapterPage
from portal.accounts.actions import DEMO_TOTP_SECRET, activate_two_factor_with_secret
from portal.accounts.models import User
from portal.frameworks.actions import sync_reference_data
from tests.e2e.test_accounts_journeys import current_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(settings):
    # Transactional tests empty every table afterwards, migration data included: the
    # reference data and the site's home page come back first.
    settings.DEMO_MODE = True
    sync_reference_data()
    load_site(data={"home": site_data()["home"]})
    load_handbook(demo_users=True)
    user = User.objects.get(email="handbook.editor@example.org")
    activate_two_factor_with_secret(user=user, secret=DEMO_TOTP_SECRET)
    return user


def test_an_editor_sees_the_page_in_the_preview_panel(page, editor):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    chapter = ChapterPage.objects.live().order_by("path").first()

    page.goto(f"/accounts/login/?next=/admin/pages/{chapter.pk}/edit/")
    page.get_by_label("Email:").fill(editor.email)
    page.get_by_label("Password:").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code:").fill(current_code(DEMO_TOTP_SECRET))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/admin/pages/{chapter.pk}/edit/")
    page.wait_for_load_state("networkidle")

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    # The chapter's heading, as the public page shows it, with its number.
    assert preview.get_by_role("heading", level=1).inner_text().endswith(f" {chapter.title}")
    page.wait_for_load_state("networkidle")
    assert errors == []
