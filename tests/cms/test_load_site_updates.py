"""A site page still as a loader left it follows a correction of the data; a page a person
saved stays theirs (issue 6, item 24: content already loaded in existing databases)."""

import copy

import pytest
from django.contrib.auth import get_user_model

from cms.actions import load_site, site_data
from cms.models import FaqPage, StandardPage
from portal.audit.models import AuditEntry
from tests.handbook.test_content_sources import text

pytestmark = pytest.mark.django_db

OLD_EMPLOYERS_INTRO = (
    "Micro-credentials let employers get the skills they need taught, assessed and recognised "
    "in weeks rather than years, and let them shape what is taught."
)


def first_shipped(data):
    """The site's data with the employers page as it was first shipped."""
    data = copy.deepcopy(data)
    employers = next(page for page in data["pages"] if page["slug"] == "for-employers")
    employers["intro"] = OLD_EMPLOYERS_INTRO
    faq_answers = data["faq"]["questions"]
    faq_answers[0]["value"]["answer"] = "<p>An answer as first shipped.</p>"
    return data


def test_a_page_still_as_loaded_follows_a_correction_of_the_data(client):
    load_site(data=first_shipped(site_data()))
    employers = StandardPage.objects.get(slug="for-employers")
    assert employers.intro == OLD_EMPLOYERS_INTRO
    revision = employers.latest_revision_id
    assert "weeks rather than years" in text(client.get("/for-employers/"))

    assert load_site() == []

    employers = StandardPage.objects.get(slug="for-employers")
    assert "within weeks rather than months" in employers.intro
    # Still as loaded: one revision, the loader's, live; the next correction reaches it too.
    assert employers.revisions.count() == 1
    assert employers.live_revision_id == employers.latest_revision_id == revision
    assert not employers.has_unpublished_changes
    assert "within weeks rather than months" in text(client.get("/for-employers/"))
    faq = FaqPage.objects.get()
    assert "An answer as first shipped" not in str(faq.questions.raw_data)
    refreshed = AuditEntry.objects.filter(action="cms.page_refreshed")
    assert sorted(tuple(entry.detail["fields"]) for entry in refreshed) == [
        ("intro",),
        ("questions",),
    ]

    load_site()  # nothing more to correct

    assert AuditEntry.objects.filter(action="cms.page_refreshed").count() == 2
    assert StandardPage.objects.get(slug="for-employers").revisions.count() == 1


@pytest.mark.parametrize("how", ["published", "draft"])
def test_a_page_a_person_saved_keeps_their_words(how):
    load_site(data=first_shipped(site_data()))
    editor = get_user_model().objects.create_superuser(
        email="editor@example.org", password="x" * 12
    )
    employers = StandardPage.objects.get(slug="for-employers")
    employers.intro = "Our own words, weeks rather than years."
    revision = employers.save_revision(user=editor)
    if how == "published":
        revision.publish(user=editor)

    load_site()

    employers = StandardPage.objects.get(slug="for-employers")
    assert employers.get_latest_revision_as_object().intro == (
        "Our own words, weeks rather than years."
    )
    if how == "draft":
        assert employers.intro == OLD_EMPLOYERS_INTRO  # the live page waits for its editor
    assert not AuditEntry.objects.for_object(employers).filter(action="cms.page_refreshed")
