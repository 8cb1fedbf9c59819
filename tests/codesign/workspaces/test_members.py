"""Leads change roles and remove members; anyone may leave. Whoever asks, a workspace keeps a
lead, and a member from industry and one from a university or TVET college."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from codesign.actions import workspaces as actions
from codesign.models import Activity, WorkspaceMember, WorkspaceRole
from portal.audit.models import AuditEntry

from .test_pages import main_of


def members_url(workspace):
    return reverse("codesign:workspace_members", args=[workspace.pk])


def role_url(workspace):
    return reverse("codesign:workspace_member_role", args=[workspace.pk])


def remove_url(workspace):
    return reverse("codesign:workspace_member_remove", args=[workspace.pk])


def leave_url(workspace):
    return reverse("codesign:workspace_leave", args=[workspace.pk])


def test_the_members_page_lists_who_speaks_for_whom(client, workspace, coauthor):
    client.force_login(coauthor)
    response = client.get(members_url(workspace))
    main = main_of(response)
    assert response.status_code == 200
    assert "Cole Author" in main and "@cole-author" in main
    assert "University of Mauritius" in main and "Island Sugar Estates" in main
    # A co-author manages nothing here, but may leave.
    assert role_url(workspace) not in main and remove_url(workspace) not in main
    assert leave_url(workspace) in main


def test_a_lead_changes_a_role(client, workspace, seats, industry_lead):
    client.force_login(industry_lead)
    response = client.post(
        role_url(workspace), {"member": seats["coauthor"].pk, "role": "commenter"}, follow=True
    )
    assert "Cole Author is now: Commenter." in main_of(response)
    seats["coauthor"].refresh_from_db()
    assert seats["coauthor"].role == WorkspaceRole.COMMENTER
    assert AuditEntry.objects.filter(action="codesign.change_workspace_role").count() == 1
    assert Activity.objects.filter(kind="role_changed", subject="Cole Author: Commenter").exists()


def test_a_workspace_keeps_a_lead(client, workspace, seats, industry_lead):
    actions.change_workspace_role(
        member=seats["academic_lead"], role=WorkspaceRole.CO_AUTHOR, by=industry_lead
    )
    with pytest.raises(ValidationError, match="only lead"):
        actions.change_workspace_role(
            member=seats["industry_lead"], role=WorkspaceRole.CO_AUTHOR, by=industry_lead
        )
    client.force_login(industry_lead)
    response = client.post(
        role_url(workspace),
        {"member": seats["industry_lead"].pk, "role": "commenter"},
        follow=True,
    )
    assert "Lina Lead is the workspace&#x27;s only lead" in main_of(response)
    seats["industry_lead"].refresh_from_db()
    assert seats["industry_lead"].role == WorkspaceRole.LEAD
    # Nor can the last lead leave.
    with pytest.raises(ValidationError, match="only lead"):
        actions.leave_workspace(member=seats["industry_lead"])


@pytest.mark.parametrize("who", ["coauthor", "commenter"])
def test_only_leads_manage_members(client, workspace, seats, request, who):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="Only a lead"):
        actions.change_workspace_role(member=seats["academic_lead"], role="commenter", by=person)
    with pytest.raises(ValidationError, match="Only a lead"):
        actions.remove_from_workspace(member=seats["academic_lead"], by=person)
    client.force_login(person)
    target = {"member": seats["academic_lead"].pk, "role": "commenter", "confirm": "yes"}
    assert client.post(role_url(workspace), target).status_code == 404
    assert client.post(remove_url(workspace), target).status_code == 404
    seats["academic_lead"].refresh_from_db()
    assert seats["academic_lead"].role == WorkspaceRole.LEAD


def test_removal_asks_first_then_removes(client, workspace, seats, academic_lead, coauthor):
    client.force_login(academic_lead)
    response = client.post(remove_url(workspace), {"member": seats["coauthor"].pk})
    assert response.status_code == 200
    main = main_of(response)
    assert "Remove Cole Author from Solar technicians for the sugar estates?" in main
    assert 'name="confirm" value="yes"' in main
    assert WorkspaceMember.objects.filter(pk=seats["coauthor"].pk).exists()

    response = client.post(
        remove_url(workspace), {"member": seats["coauthor"].pk, "confirm": "yes"}, follow=True
    )
    assert "Cole Author is no longer a member of this workspace." in main_of(response)
    assert not WorkspaceMember.objects.filter(pk=seats["coauthor"].pk).exists()
    assert Activity.objects.filter(kind="member_removed", subject="Cole Author").exists()
    assert AuditEntry.objects.filter(action="codesign.remove_from_workspace").count() == 1
    # They no longer see it.
    client.force_login(coauthor)
    assert client.get(reverse("codesign:workspace_detail", args=[workspace.pk])).status_code == 404


def test_the_last_member_from_industry_cannot_go(client, workspace, seats, academic_lead):
    # The commenter is from industry too: once they are gone, the industry lead is the last.
    actions.remove_from_workspace(member=seats["commenter"], by=academic_lead)
    with pytest.raises(ValidationError) as refused:
        actions.remove_from_workspace(member=seats["industry_lead"], by=academic_lead)
    message = " ".join(refused.value.messages)
    assert "Lina Lead is the only member from an industry organisation" in message
    assert "invite another member from an industry organisation first" in message
    client.force_login(academic_lead)
    response = client.post(
        remove_url(workspace),
        {"member": seats["industry_lead"].pk, "confirm": "yes"},
        follow=True,
    )
    assert "is the only member from an industry organisation" in main_of(response)
    assert WorkspaceMember.objects.filter(pk=seats["industry_lead"].pk).exists()


def test_the_last_member_from_education_cannot_leave(
    client, workspace, seats, industry_lead, coauthor, academic_lead
):
    actions.remove_from_workspace(member=seats["coauthor"], by=industry_lead)
    client.force_login(academic_lead)
    response = client.post(leave_url(workspace), {"confirm": "yes"}, follow=True)
    assert "Ada Academic is the only member from a university or TVET college" in main_of(response)
    assert WorkspaceMember.objects.filter(pk=seats["academic_lead"].pk).exists()


def test_an_independent_expert_may_always_go(workspace, industry_lead, ws_make_user):
    expert = ws_make_user("eve@expert.example")
    _invitation, _token = actions.invite_to_workspace(
        workspace=workspace, email=expert.email, role="lead", by=industry_lead
    )
    member = actions.accept_workspace_invitation(invitation=_invitation, user=expert)
    actions.leave_workspace(member=member)
    assert not workspace.members.filter(user=expert).exists()


def test_anyone_may_leave_after_confirming(client, workspace, seats, commenter):
    client.force_login(commenter)
    response = client.post(leave_url(workspace))
    assert response.status_code == 200
    assert "Leave Solar technicians for the sugar estates?" in main_of(response)
    assert WorkspaceMember.objects.filter(pk=seats["commenter"].pk).exists()
    response = client.post(leave_url(workspace), {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("codesign:workspace_list")
    assert not WorkspaceMember.objects.filter(pk=seats["commenter"].pk).exists()
    assert Activity.objects.filter(kind="member_left", subject="Cami Commenter").exists()
    assert AuditEntry.objects.filter(action="codesign.leave_workspace").count() == 1
