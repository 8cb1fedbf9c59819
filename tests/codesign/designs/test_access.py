"""Every page of the design editor answers 404 to anonymous visitors and to signed-in people
outside the workspace, whatever the id; commenters and project staff read, never edit."""

import pytest
from django.test import Client
from django.urls import reverse

from codesign.actions.designs import create_design
from codesign.models import CredentialType, Design, DesignRevision, DesignStatus
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _pages(design):
    """(method, url, data) for every page of the editor about this design."""
    edit = reverse("codesign:design_section", args=[design.pk, "need"])
    return [
        ("get", reverse("codesign:design", args=[design.pk]), None),
        ("get", edit, None),
        ("post", edit, {"text": "Forged", "base_version": "0"}),
        ("post", reverse("codesign:design_ready", args=[design.pk]), {}),
        ("post", reverse("codesign:design_reopen", args=[design.pk]), {}),
        ("get", reverse("codesign:design_new", args=[design.workspace_id]), None),
        (
            "post",
            reverse("codesign:design_new", args=[design.workspace_id]),
            {"title": "Forged", "level": str(design.level_id), "credential_type": "stand_alone"},
        ),
    ]


def _assert_all_404(client, design):
    revisions = DesignRevision.objects.count()
    designs = Design.objects.count()
    for method, url, data in _pages(design):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, (method, url, response.status_code)
    # Nothing changed behind the 404s.
    assert DesignRevision.objects.count() == revisions
    assert Design.objects.count() == designs
    assert Design.objects.get(pk=design.pk).status == DesignStatus.DRAFT


def test_anonymous_visitors_get_404_everywhere(design):
    _assert_all_404(Client(), design)


def test_signed_in_strangers_get_404_everywhere(design, as_stranger, other_design):
    # The stranger leads a workspace of their own; this one is not theirs.
    _assert_all_404(as_stranger, design)


def test_a_member_gets_404_for_another_workspaces_design_and_workspace(as_lead, other_design):
    _assert_all_404(as_lead, other_design)


def test_ids_that_do_not_exist_get_404(design, as_lead):
    missing = Design.objects.order_by("-pk").first().pk + 1000
    for url in [
        reverse("codesign:design", args=[missing]),
        reverse("codesign:design_section", args=[missing, "need"]),
        reverse("codesign:design_new", args=[design.workspace_id + 1000]),
    ]:
        assert as_lead.get(url).status_code == 404
    for url in [
        reverse("codesign:design_ready", args=[missing]),
        reverse("codesign:design_reopen", args=[missing]),
    ]:
        assert as_lead.post(url).status_code == 404


@pytest.mark.parametrize("key", ["no_such_section", "criterion-bogus", "BASICS"])
def test_a_section_key_not_in_the_outline_gets_404(design, as_lead, key):
    url = reverse("codesign:design_section", args=[design.pk, key])
    assert as_lead.get(url).status_code == 404
    assert as_lead.post(url, {"text": "x", "base_version": "0"}).status_code == 404


def test_a_section_of_another_frameworks_outline_gets_404(workspace, lead, as_lead):
    # "Resources" answers an HEC criterion: a Lesotho design does not have it.
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    design = create_design(
        workspace=workspace,
        title="Solar for Lesotho",
        framework=lesotho,
        level=FrameworkLevel.objects.get(framework=lesotho, number=5),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    url = reverse("codesign:design_section", args=[design.pk, "resources"])
    assert as_lead.get(url).status_code == 404


@pytest.mark.parametrize("reader", ["as_commenter", "as_staff"])
def test_commenters_and_staff_read_the_design_but_its_edit_pages_do_not_exist_for_them(
    design, request, reader
):
    client = request.getfixturevalue(reader)
    assert client.get(reverse("codesign:design", args=[design.pk])).status_code == 200
    edit = reverse("codesign:design_section", args=[design.pk, "need"])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"text": "Mine", "base_version": "0"}).status_code == 404
    new = reverse("codesign:design_new", args=[design.workspace_id])
    assert client.get(new).status_code == 404
    assert client.post(new, {"title": "Mine"}).status_code == 404
    assert DesignRevision.objects.filter(design=design).count() == 1


@pytest.mark.parametrize("reader", ["as_commenter", "as_staff", "as_coauthor"])
def test_only_a_lead_marks_ready_others_are_told_so(design, request, reader):
    client = request.getfixturevalue(reader)
    response = client.post(reverse("codesign:design_ready", args=[design.pk]))
    assert response.status_code == 302
    assert "Only a lead of the workspace can do this." in page_text(
        client.get(response["Location"])
    )
    assert Design.objects.get(pk=design.pk).status == DesignStatus.DRAFT


def test_the_ready_and_reopen_addresses_take_only_post(design, as_lead):
    assert as_lead.get(reverse("codesign:design_ready", args=[design.pk])).status_code == 405
    assert as_lead.get(reverse("codesign:design_reopen", args=[design.pk])).status_code == 405
