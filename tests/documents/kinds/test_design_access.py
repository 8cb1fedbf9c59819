"""Who may ask for a design's documents and read them: its workspace's members and project
staff. To a signed-in stranger or an anonymous visitor they do not exist (404)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from portal.accounts import actions as accounts
from portal.documents.models import GeneratedDocument
from portal.documents.registry import get

pytestmark = pytest.mark.django_db
DESIGN_KINDS = ["concept_paper", "proposal"]


@pytest.fixture
def stranger(demo):
    return accounts.create_user_with_verified_email(
        email="stranger@elsewhere.example", password="a-long-test-passphrase-42"
    )


@pytest.fixture
def staff(demo):
    person = accounts.create_user_with_verified_email(
        email="staff.documents@portal.example", password="a-long-test-passphrase-42", is_staff=True
    )
    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return person


@pytest.mark.parametrize("slug", DESIGN_KINDS)
def test_members_and_staff_may_ask_and_read_others_may_not(
    slug, mauritius_design, member, stranger, staff
):
    kind = get(slug)
    for person in (member, staff):
        assert kind.may_request(person, mauritius_design)
        assert kind.may_read(person, mauritius_design)
        assert mauritius_design in kind.readable(person)
    for person in (stranger, AnonymousUser()):
        assert not kind.may_request(person, mauritius_design)
        assert not kind.may_read(person, mauritius_design)
        assert mauritius_design not in kind.readable(person)
    assert not kind.public
    assert kind.revision_of(mauritius_design) == str(mauritius_design.revision_count)
    assert kind.country_of(mauritius_design) == "MU"


@pytest.mark.parametrize("slug", DESIGN_KINDS)
def test_a_stranger_can_neither_ask_for_nor_download_a_designs_documents(
    slug, client, mauritius_design, member, stranger, django_capture_on_commit_callbacks
):
    url = reverse("documents:request", args=[slug, mauritius_design.pk])
    # The demo's submission to the HEC has already made the design's proposal.
    existing = set(GeneratedDocument.objects.values_list("pk", flat=True))
    client.force_login(stranger)
    assert client.post(url).status_code == 404
    assert set(GeneratedDocument.objects.values_list("pk", flat=True)) == existing

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind=slug, subject_id=mauritius_design.pk)
    assert document.status == "done" and document.size > 0
    assert client.get(reverse("documents:download", args=[document.public_id])).status_code == 200

    client.force_login(stranger)
    for name in ("detail", "download", "status"):
        assert (
            client.get(reverse(f"documents:{name}", args=[document.public_id])).status_code == 404
        )
    client.logout()
    for name in ("detail", "download", "status"):
        response = client.get(reverse(f"documents:{name}", args=[document.public_id]))
        assert response.status_code in (302, 404)
        assert response.status_code == 404 or "/accounts/login/" in response["Location"]


def test_the_design_page_offers_both_documents_and_lists_those_made(
    client, mauritius_design, member
):
    client.force_login(member)
    page = client.get(mauritius_design.get_absolute_url()).content.decode()
    for slug in DESIGN_KINDS:
        assert f'action="{reverse("documents:request", args=[slug, mauritius_design.pk])}"' in page
    client.post(reverse("documents:request", args=["proposal", mauritius_design.pk]))
    document = GeneratedDocument.objects.get(kind="proposal")
    page = client.get(mauritius_design.get_absolute_url()).content.decode()
    assert reverse("documents:detail", args=[document.public_id]) in page
