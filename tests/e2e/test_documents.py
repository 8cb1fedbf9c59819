"""A visitor asks for a public document, watches its progress, then downloads it."""

import pytest

from portal.documents import actions, registry
from portal.documents.models import GeneratedDocument, Status
from portal.frameworks.models import Country
from tests.documents.jobs.conftest import PUBLIC_KIND
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_kind(monkeypatch):
    registry._kinds.setdefault(PUBLIC_KIND.slug, PUBLIC_KIND)
    # The worker is held back, so the progress page is seen before the document is made.
    monkeypatch.setattr(actions, "_enqueue", lambda document_id: None)
    yield PUBLIC_KIND
    registry._kinds.pop(PUBLIC_KIND.slug, None)


def test_a_visitor_sees_the_progress_then_downloads(page, public_kind):
    country = Country.objects.get_or_create(
        code="NA", defaults={"name": "Namibia", "region": "SADC", "is_partner": True}
    )[0]

    page.goto(f"/documents/latest/{public_kind.slug}/{country.pk}/")
    document = GeneratedDocument.objects.get()
    page.wait_for_url(f"**/documents/{document.public_id}/")
    assert page.locator("h1").inner_text() == "Sheet: Namibia"
    assert page.locator("#progress-label").inner_text() == "Waiting to be made."
    assert page.locator("progress#document-progress").get_attribute("value") == "0"
    assert_accessible(page)

    # The worker makes it; the page's script sees it is ready and shows the download.
    actions.render(document_id=document.pk)
    download_link = page.get_by_role("link", name="Download the Word document")
    download_link.wait_for()
    assert GeneratedDocument.objects.get().status == Status.DONE
    assert_accessible(page)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "Sheet Namibia.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read(2) == b"PK"


def test_the_progress_page_refreshes_without_javascript(no_js_page, public_kind):
    page = no_js_page
    country = Country.objects.get_or_create(
        code="BW", defaults={"name": "Botswana", "region": "SADC", "is_partner": True}
    )[0]
    page.goto(f"/documents/latest/{public_kind.slug}/{country.pk}/")
    document = GeneratedDocument.objects.get()
    assert page.locator("#progress-label").inner_text() == "Waiting to be made."

    actions.render(document_id=document.pk)
    # The <meta> refresh reloads the page within a few seconds.
    page.get_by_role("link", name="Download the Word document").wait_for()
    assert_accessible(page)
