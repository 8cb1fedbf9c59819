"""The pages: who may see, ask for and download what; the library's filters; publishing."""

import pytest
from django.urls import reverse

from portal.accounts.models import OrganisationKind
from portal.audit.models import AuditEntry
from portal.documents import actions
from portal.documents.models import GeneratedDocument, Status
from tests.accounts.helpers import enable_totp

from .conftest import PRIVATE_KIND, PUBLIC_KIND

pytestmark = pytest.mark.django_db


def _urls(document):
    return [
        reverse("documents:detail", args=[document.public_id]),
        reverse("documents:status", args=[document.public_id]),
        reverse("documents:download", args=[document.public_id]),
    ]


def _signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def report(ask, organisation, member_user):
    document, _created = ask(organisation, member_user)
    document.refresh_from_db()
    assert document.status == Status.DONE
    return document


@pytest.fixture
def ministry(make_organisation, make_user, south_africa):
    official = make_user("official@ministry.example")
    enable_totp(official)  # ministry officials sign in with two factors
    return make_organisation(
        "Ministry of Higher Education",
        official,
        kind=OrganisationKind.MINISTRY,
        country=south_africa,
    ), official


def test_a_member_sees_the_progress_page_and_downloads(client, report, member_user):
    _signed_in(client, member_user)
    page = client.get(reverse("documents:detail", args=[report.public_id]))
    assert page.status_code == 200
    assert reverse("documents:download", args=[report.public_id]).encode() in page.content
    assert "no-store" in page["Cache-Control"]

    response = client.get(reverse("documents:download", args=[report.public_id]))

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="Report on University of Testing.docx"; '
        "filename*=UTF-8''Report%20on%20University%20of%20Testing.docx"
    )
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="documents.download")
    assert entry.actor == member_user and entry.object_id == str(report.pk)


def test_every_download_is_audited(client, report, member_user):
    _signed_in(client, member_user)
    for _ in range(3):
        client.get(reverse("documents:download", args=[report.public_id]))
    assert AuditEntry.objects.filter(action="documents.download").count() == 3


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_outsiders_get_404_for_a_private_document(client, report, organisation, stranger, who):
    if who == "stranger":
        _signed_in(client, stranger)
    for url in _urls(report):
        assert client.get(url).status_code == 404, url
    ask_url = reverse("documents:request", args=[PRIVATE_KIND.slug, organisation.pk])
    assert client.post(ask_url).status_code == 404
    latest = reverse("documents:latest", args=[PRIVATE_KIND.slug, organisation.pk])
    assert client.get(latest).status_code == 404
    assert not AuditEntry.objects.filter(action="documents.download").exists()
    assert GeneratedDocument.objects.count() == 1


def test_outsiders_cannot_make_a_private_document_exist(client, organisation, stranger):
    _signed_in(client, stranger)
    response = client.post(reverse("documents:request", args=[PRIVATE_KIND.slug, organisation.pk]))
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_unknown_kinds_and_subjects_are_404(client, member_user):
    _signed_in(client, member_user)
    assert client.post(reverse("documents:request", args=["no_such_kind", 1])).status_code == 404
    assert (
        client.post(reverse("documents:request", args=[PRIVATE_KIND.slug, 999999])).status_code
        == 404
    )


def test_a_member_asks_for_a_document_with_the_form(
    client, organisation, member_user, django_capture_on_commit_callbacks
):
    _signed_in(client, member_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:request", args=[PRIVATE_KIND.slug, organisation.pk])
        )
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.public_id])
    assert client.get(reverse("documents:status", args=[document.public_id])).json() == {
        "status": "done",
        "status_label": "Ready",
        "progress_text": "Ready",
        "progress": 100,
        "error": "",
        "download_url": reverse("documents:download", args=[document.public_id]),
    }


def test_a_waiting_document_refreshes_without_javascript(client, organisation, member_user):
    document, _created = actions.request_document(
        kind=PRIVATE_KIND, subject=organisation, by=member_user
    )
    _signed_in(client, member_user)
    page = client.get(reverse("documents:detail", args=[document.public_id])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "documents/progress.js" in page
    assert '<progress id="document-progress" max="100" value="0"' in page
    assert "<script>" not in page
    assert reverse("documents:download", args=[document.public_id]) not in page
    assert client.get(reverse("documents:download", args=[document.public_id])).status_code == 404


def test_latest_makes_a_public_document_once_then_redirects_to_the_download(
    client, mauritius, django_capture_on_commit_callbacks
):
    url = reverse("documents:latest", args=[PUBLIC_KIND.slug, mauritius.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    document = GeneratedDocument.objects.get()
    assert first.status_code == 302

    for _ in range(3):
        again = client.get(url)
        assert again["Location"] == reverse("documents:download", args=[document.public_id])
    assert GeneratedDocument.objects.count() == 1
    download = client.get(again["Location"])
    assert download.status_code == 200
    assert AuditEntry.objects.filter(action="documents.download").get().actor is None


def test_latest_shows_the_progress_page_while_it_is_made(client, mauritius):
    # Without running the task: the visitor is sent to the progress page.
    response = client.get(reverse("documents:latest", args=[PUBLIC_KIND.slug, mauritius.pk]))
    document = GeneratedDocument.objects.get()
    assert response["Location"] == reverse("documents:detail", args=[document.public_id])
    assert client.get(response["Location"]).status_code == 200
    assert "no-store" in client.get(response["Location"])["Cache-Control"]


def test_published_documents_are_seen_by_the_ministry_members(
    client, report, ministry, member_user, stranger
):
    organisation, official = ministry
    _signed_in(client, official)
    assert client.get(reverse("documents:detail", args=[report.public_id])).status_code == 404

    actions.publish_document(document=report, organisations=[organisation], by=member_user)

    assert client.get(reverse("documents:download", args=[report.public_id])).status_code == 200
    library = client.get(reverse("documents:library")).content.decode()
    assert "Report on University of Testing" in library
    _signed_in(client, stranger)
    assert client.get(reverse("documents:detail", args=[report.public_id])).status_code == 404
    assert (
        "Report on University of Testing"
        not in client.get(reverse("documents:library")).content.decode()
    )


def test_publishing_is_only_to_verified_ministries_and_authorities(
    report, make_organisation, make_user, member_user, ministry
):
    from django.core.exceptions import ValidationError

    college = make_organisation("Some College", make_user("head@college.example"))
    unverified = make_organisation(
        "Unverified Authority",
        make_user("head@authority.example"),
        kind=OrganisationKind.QUALITY_AUTHORITY,
        verified=False,
    )
    with pytest.raises(ValidationError) as raised:
        actions.publish_document(
            document=report, organisations=[college, unverified, ministry[0]], by=member_user
        )
    assert any("Some College" in message for message in raised.value.messages)
    assert any("Unverified Authority" in message for message in raised.value.messages)
    assert not report.published_to.exists()


def test_a_member_publishes_with_the_form(client, report, ministry, member_user):
    organisation, official = ministry
    _signed_in(client, member_user)
    page = client.get(reverse("documents:detail", args=[report.public_id])).content.decode()
    assert "Ministry of Higher Education" in page
    response = client.post(
        reverse("documents:publish", args=[report.public_id]),
        {"organisations": [organisation.pk]},
    )
    assert response.status_code == 302
    assert list(report.published_to.all()) == [organisation]
    assert AuditEntry.objects.filter(action="documents.publish").count() == 1


def test_strangers_cannot_publish(client, report, ministry, stranger):
    _signed_in(client, stranger)
    response = client.post(
        reverse("documents:publish", args=[report.public_id]), {"organisations": [ministry[0].pk]}
    )
    assert response.status_code == 404
    assert not report.published_to.exists()


def test_the_library_filters_by_kind_country_and_date(
    client, ask, organisation, member_user, mauritius, south_africa
):
    ask(organisation, member_user)
    ask(mauritius, member_user, kind=PUBLIC_KIND)
    ask(south_africa, member_user, kind=PUBLIC_KIND)
    old = GeneratedDocument.objects.get(country="ZA")
    GeneratedDocument.objects.filter(pk=old.pk).update(
        created_at=old.created_at.replace(year=2024, month=3, day=1)
    )
    _signed_in(client, member_user)
    url = reverse("documents:library")

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return sorted(document.title for document in response.context["page"].object_list)

    assert titles() == [
        "Report on University of Testing",
        "Sheet: Mauritius",
        "Sheet: South Africa",
    ]
    assert titles(kind=PUBLIC_KIND.slug) == ["Sheet: Mauritius", "Sheet: South Africa"]
    assert titles(country="ZA") == ["Sheet: South Africa"]
    assert titles(country="MU", kind=PRIVATE_KIND.slug) == ["Report on University of Testing"]
    assert titles(made_until="2024-12-31") == ["Sheet: South Africa"]
    assert titles(made_from="2025-01-01") == ["Report on University of Testing", "Sheet: Mauritius"]
    response = client.get(url, {"made_from": "2025-01-02", "made_until": "2025-01-01"})
    assert "must be the same day" in response.content.decode()


def test_the_library_is_paginated(client, member_user, make_organisation, ask, settings):
    from portal.documents import views

    for number in range(views.LIBRARY_PAGE_SIZE + 2):
        ask(make_organisation(f"College {number}", member_user), member_user)
    _signed_in(client, member_user)
    first = client.get(reverse("documents:library"), {"kind": PRIVATE_KIND.slug})
    assert len(first.context["page"].object_list) == views.LIBRARY_PAGE_SIZE
    assert f"kind={PRIVATE_KIND.slug}&amp;page=2" in first.content.decode()
    second = client.get(reverse("documents:library"), {"kind": PRIVATE_KIND.slug, "page": 2})
    assert len(second.context["page"].object_list) == 2


def test_the_library_needs_a_sign_in(client):
    response = client.get(reverse("documents:library"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_document_pages_never_reach_the_anonymous_page_cache(client, mauritius, ask):
    from django.contrib.auth.models import AnonymousUser

    document, _created = ask(mauritius, AnonymousUser(), kind=PUBLIC_KIND)
    for url in _urls(document):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
