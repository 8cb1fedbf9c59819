"""Every workspace URL answers 404 to anonymous visitors and to signed-in strangers, and so
does an id in a form that belongs to another workspace. Project staff read, never change.

Each check has its control: the same request from a member is answered (not 404), so these
tests fail if the page or its check goes missing."""

import pytest
from django.test import Client
from django.urls import reverse

from codesign.actions import workspaces as actions
from codesign.models import WorkspaceFile, WorkspaceInvitation, WorkspaceMember

from .conftest import PDF, upload

READS = ["detail", "activity", "members", "files", "download"]
CHANGES = ["invite_page", "invite", "role", "remove", "leave", "revoke", "upload", "delete"]


@pytest.fixture
def things(workspace, seats, industry_lead, coauthor):
    """A pending invitation and a file in the workspace, to aim at."""
    invitation, _token = actions.invite_to_workspace(
        workspace=workspace, email="nia@uom.example", role="commenter", by=industry_lead
    )
    workspace_file = actions.upload_workspace_file(
        workspace=workspace, upload=upload("brief.pdf", PDF), by=coauthor
    )
    return {"invitation": invitation, "file": workspace_file, "member": seats["commenter"]}


def request_for(name, workspace, things):
    """(method, url, data) of one door into the workspace."""
    pk = workspace.pk
    url = {
        "detail": reverse("codesign:workspace_detail", args=[pk]),
        "activity": reverse("codesign:workspace_activity", args=[pk]),
        "members": reverse("codesign:workspace_members", args=[pk]),
        "files": reverse("codesign:workspace_files", args=[pk]),
        "download": reverse("codesign:workspace_file_download", args=[pk, things["file"].pk]),
        "invite_page": reverse("codesign:workspace_invite", args=[pk]),
        "invite": reverse("codesign:workspace_invite", args=[pk]),
        "role": reverse("codesign:workspace_member_role", args=[pk]),
        "remove": reverse("codesign:workspace_member_remove", args=[pk]),
        "leave": reverse("codesign:workspace_leave", args=[pk]),
        "revoke": reverse("codesign:workspace_invitation_revoke", args=[pk]),
        "upload": reverse("codesign:workspace_file_upload", args=[pk]),
        "delete": reverse("codesign:workspace_file_delete", args=[pk]),
    }[name]
    data = {
        "invite": {"email": "someone@else.example", "role": "lead"},
        "role": {"member": things["member"].pk, "role": "lead"},
        "remove": {"member": things["member"].pk},
        "leave": {},
        "revoke": {"invitation": things["invitation"].pk},
        "upload": {"file": upload("x.pdf", PDF)},
        "delete": {"file": things["file"].pk},
    }.get(name)
    return ("post" if data is not None else "get"), url, data


def send(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


def nothing_changed(things):
    assert WorkspaceInvitation.objects.filter(
        pk=things["invitation"].pk, revoked_at__isnull=True
    ).exists()
    assert WorkspaceFile.objects.filter(pk=things["file"].pk).exists()
    assert WorkspaceMember.objects.filter(pk=things["member"].pk, role="commenter").exists()
    workspace = things["file"].workspace
    assert workspace.invitations.count() == 1 and workspace.files.count() == 1


@pytest.mark.parametrize("door", READS + CHANGES)
def test_anonymous_visitors_and_strangers_get_404_where_a_lead_is_answered(
    workspace, things, industry_lead, stranger, other_workspace, door
):
    method, url, data = request_for(door, workspace, things)
    for who in (None, stranger):
        client = Client()
        if who:
            client.force_login(who)
        response = send(client, method, url, data)
        assert response.status_code == 404, f"{door} answered {response.status_code} to {who}"
        assert "Solar technicians" not in response.content.decode(errors="replace")
    nothing_changed(things)
    # The control: a lead of the workspace is answered.
    lead = Client()
    lead.force_login(industry_lead)
    if door in ("remove", "delete", "leave"):
        data = {} if door == "leave" else data  # the confirmation page: nothing changes
    assert send(lead, method, url, data).status_code in (200, 302)


@pytest.mark.parametrize("door", READS)
def test_staff_read(client, workspace, things, ws_staff, door):
    client.force_login(ws_staff)
    method, url, data = request_for(door, workspace, things)
    response = send(client, method, url, data)
    assert response.status_code == 200
    if door == "detail":
        assert "You are reading this workspace as project staff" in response.content.decode()


@pytest.mark.parametrize("door", CHANGES)
def test_staff_change_nothing(client, workspace, things, ws_staff, door):
    client.force_login(ws_staff)
    method, url, data = request_for(door, workspace, things)
    if door in ("remove", "delete", "leave"):
        data = {**(data or {}), "confirm": "yes"}
    assert send(client, method, url, data).status_code == 404
    nothing_changed(things)


def test_staff_pages_offer_no_forms_to_change(client, workspace, things, ws_staff):
    client.force_login(ws_staff)
    for door in ("detail", "members", "files"):
        _method, url, _data = request_for(door, workspace, things)
        main = client.get(url).content.decode().split('id="main"', 1)[1].split("</main>")[0]
        assert 'method="post"' not in main, door


def test_forged_ids_of_another_workspace_are_404(
    client, workspace, things, industry_lead, other_workspace
):
    their_member = other_workspace.members.exclude(role="lead").get()
    their_file = other_workspace.files.get()
    their_invitation, _token = actions.invite_to_workspace(
        workspace=other_workspace,
        email="x@elsewhere.example",
        role="commenter",
        by=other_workspace.members.get(role="lead").user,
    )
    client.force_login(industry_lead)
    pk = workspace.pk
    forged = [
        ("codesign:workspace_member_role", {"member": their_member.pk, "role": "lead"}),
        ("codesign:workspace_member_remove", {"member": their_member.pk, "confirm": "yes"}),
        ("codesign:workspace_member_remove", {"member": their_member.pk}),
        ("codesign:workspace_invitation_revoke", {"invitation": their_invitation.pk}),
        ("codesign:workspace_file_delete", {"file": their_file.pk, "confirm": "yes"}),
        ("codesign:workspace_file_delete", {"file": their_file.pk}),
        ("codesign:workspace_member_role", {"member": "abc", "role": "lead"}),
        ("codesign:workspace_file_delete", {"file": ""}),
    ]
    for name, data in forged:
        response = client.post(reverse(name, args=[pk]), data)
        assert response.status_code == 404, (name, data)
        assert "Someone else" not in response.content.decode()
    response = client.get(reverse("codesign:workspace_file_download", args=[pk, their_file.pk]))
    assert response.status_code == 404
    their_member.refresh_from_db()
    assert their_member.role == "co_author"
    their_invitation.refresh_from_db()
    assert their_invitation.is_pending
    assert WorkspaceFile.objects.filter(pk=their_file.pk).exists()


def test_a_former_member_is_a_stranger_again(client, workspace, seats, things, commenter):
    actions.leave_workspace(member=seats["commenter"])
    client.force_login(commenter)
    for door in READS:
        method, url, data = request_for(door, workspace, things)
        assert send(client, method, url, data).status_code == 404, door
