"""A lead invites by e-mail; the invited person joins from the link. The rules are those of an
organisation's invitations: single use, only the hash stored, seven days, a pending duplicate
refused, sending limits counted from the rows, the e-mail rendered when it is sent."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from codesign.actions import workspaces as actions
from codesign.actions.workspaces import (
    INVITATIONS_PER_PERSON_PER_HOUR,
    INVITATIONS_PER_WORKSPACE_PER_DAY,
)
from codesign.models import Activity, WorkspaceInvitation, WorkspaceMember, WorkspaceRole
from portal.accounts.models import OrganisationKind, hash_invitation_token
from portal.audit.models import AuditEntry
from portal.notifications.models import Notification

from .test_pages import main_of


def invite_url(workspace):
    return reverse("codesign:workspace_invite", args=[workspace.pk])


def join_url(token):
    return reverse("codesign:workspace_join", args=[token])


def invite(workspace, by, email, role=WorkspaceRole.CO_AUTHOR):
    return actions.invite_to_workspace(
        workspace=workspace, email=email, role=role, by=by, base_url="http://testserver/"
    )


def age_invitations(**delta):
    """As if the invitations so far had been sent that long ago."""
    for invitation in WorkspaceInvitation.objects.all():
        WorkspaceInvitation.objects.filter(pk=invitation.pk).update(
            created_at=invitation.created_at - timedelta(**delta),
            expires_at=invitation.expires_at - timedelta(**delta),
        )


@pytest.fixture
def newcomer(ws_make_user):
    return ws_make_user("nia@uom.example", display_name="Nia Newcomer")


@pytest.fixture
def invitation_and_token(workspace, industry_lead):
    return invite(workspace, industry_lead, "Nia@UoM.example")


# Sending.


def test_a_lead_invites_and_the_mail_goes_after_commit(
    client, workspace, industry_lead, django_capture_on_commit_callbacks
):
    client.force_login(industry_lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            invite_url(workspace), {"email": "nia@uom.example", "role": "commenter"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("codesign:workspace_members", args=[workspace.pk])
    assert mail.outbox == [], "no mail before the transaction commits"
    invitation = WorkspaceInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("nia@uom.example", "commenter")
    assert invitation.invited_by == industry_lead
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["nia@uom.example"]
    assert "Solar technicians for the sugar estates" in message.subject
    assert "Lina Lead (lina@sugar.example) invites you" in message.body
    assert "as commenter" in message.body
    assert "- Island Sugar Estates (Industry partner, Mauritius)" in message.body
    assert "- University of Mauritius (University, Mauritius)" in message.body
    token = re.search(r"http://testserver/workspaces/join/([\w-]+)/", message.body).group(1)
    # Only the hash is stored.
    assert invitation.token_hash == hash_invitation_token(token)
    assert token not in invitation.token_hash
    entry = AuditEntry.objects.for_object(invitation).get()
    assert entry.action == "codesign.invite_to_workspace"
    assert Activity.objects.filter(workspace=workspace, kind="member_invited").exists()


def test_the_mail_is_rendered_when_it_is_sent(
    workspace, industry_lead, university, ws_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, _token = invite(workspace, industry_lead, "nia@uom.example")
    # Meanwhile staff withdraw the university's verification: the e-mail says so.
    from portal.accounts import actions as accounts

    accounts.unverify_organisation(organisation=university, by=ws_staff)
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert (
        "University of Mauritius (University, Mauritius) (not verified by the portal's "
        "project staff)" in message.body
    )


def test_a_revoked_invitation_is_not_sent(
    workspace, industry_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, _token = invite(workspace, industry_lead, "nia@uom.example")
    actions.revoke_workspace_invitation(invitation=invitation, by=industry_lead)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["coauthor", "commenter"])
def test_only_leads_invite(client, workspace, request, who):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="Only a lead"):
        invite(workspace, person, "nia@uom.example")
    client.force_login(person)
    assert client.get(invite_url(workspace)).status_code == 404
    response = client.post(invite_url(workspace), {"email": "nia@uom.example", "role": "lead"})
    assert response.status_code == 404
    assert not WorkspaceInvitation.objects.exists()


@pytest.mark.parametrize("bad_email", ["not-an-address", "two@@uom.example", ""])
def test_a_malformed_address_is_named_and_nothing_is_sent(
    client, workspace, industry_lead, bad_email
):
    client.force_login(industry_lead)
    response = client.post(invite_url(workspace), {"email": bad_email, "role": "commenter"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not WorkspaceInvitation.objects.exists()
    with pytest.raises(ValidationError):
        invite(workspace, industry_lead, bad_email)
    assert mail.outbox == []


def test_a_role_the_workspace_lacks_is_refused(workspace, industry_lead):
    with pytest.raises(ValidationError, match="Choose a role"):
        invite(workspace, industry_lead, "nia@uom.example", role="owner")


def test_a_member_or_a_pending_invitee_is_not_invited_twice(
    client, workspace, industry_lead, coauthor, invitation_and_token
):
    client.force_login(industry_lead)
    response = client.post(invite_url(workspace), {"email": "COLE@uom.example", "role": "lead"})
    assert "is already a member of this workspace" in response.context["form"].errors["email"][0]
    response = client.post(invite_url(workspace), {"email": "nia@uom.example", "role": "lead"})
    assert "already has a pending invitation" in response.context["form"].errors["email"][0]
    assert WorkspaceInvitation.objects.count() == 1
    # A member's other verified address counts as theirs too.
    EmailAddress.objects.create(user=coauthor, email="cole@home.example", verified=True)
    with pytest.raises(ValidationError, match="already a member"):
        invite(workspace, industry_lead, "cole@home.example")
    # Once the pending one is revoked, a new one may go.
    actions.revoke_workspace_invitation(invitation=invitation_and_token[0], by=industry_lead)
    invite(workspace, industry_lead, "nia@uom.example")


def test_one_person_sends_at_most_so_many_an_hour(client, workspace, industry_lead, academic_lead):
    for number in range(INVITATIONS_PER_PERSON_PER_HOUR):
        invite(workspace, industry_lead, f"person{number}@uom.example")
    with pytest.raises(ValidationError) as refused:
        invite(workspace, industry_lead, "one-too-many@uom.example")
    assert f"{INVITATIONS_PER_PERSON_PER_HOUR} workspace invitations in the last hour" in (
        " ".join(refused.value.messages)
    )
    client.force_login(industry_lead)
    response = client.post(
        invite_url(workspace), {"email": "one-too-many@uom.example", "role": "commenter"}
    )
    assert "invitations in the last hour" in main_of(response)
    assert WorkspaceInvitation.objects.count() == INVITATIONS_PER_PERSON_PER_HOUR
    # The other lead is counted apart; an hour later the first may send again. Revoking
    # gives nothing back.
    invite(workspace, academic_lead, "from-the-other-lead@uom.example")
    for invitation in WorkspaceInvitation.objects.pending():
        actions.revoke_workspace_invitation(invitation=invitation, by=industry_lead)
    with pytest.raises(ValidationError, match="in the last hour"):
        invite(workspace, industry_lead, "again@uom.example")
    age_invitations(hours=1, seconds=1)
    invite(workspace, industry_lead, "next-hour@uom.example")


def test_a_workspace_sends_at_most_so_many_a_day(workspace, industry_lead, academic_lead):
    sent = 0
    while sent < INVITATIONS_PER_WORKSPACE_PER_DAY:
        batch = min(INVITATIONS_PER_PERSON_PER_HOUR, INVITATIONS_PER_WORKSPACE_PER_DAY - sent)
        for number in range(batch):
            invite(workspace, industry_lead, f"person{sent + number}@uom.example")
        sent += batch
        age_invitations(hours=1, seconds=1)  # the person limit is not what is tested here
    for person in (industry_lead, academic_lead):
        with pytest.raises(ValidationError) as refused:
            invite(workspace, person, "one-too-many@uom.example")
        message = " ".join(refused.value.messages)
        assert f"{INVITATIONS_PER_WORKSPACE_PER_DAY} invitations in the last 24 hours" in message
    age_invitations(hours=23)
    invite(workspace, academic_lead, "next-day@uom.example")


def test_leads_revoke_pending_invitations(client, workspace, academic_lead, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(academic_lead)
    response = client.post(
        reverse("codesign:workspace_invitation_revoke", args=[workspace.pk]),
        {"invitation": invitation.pk},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == academic_lead
    assert AuditEntry.objects.filter(action="codesign.revoke_workspace_invitation").count() == 1
    # A second revocation says why not.
    response = client.post(
        reverse("codesign:workspace_invitation_revoke", args=[workspace.pk]),
        {"invitation": invitation.pk},
        follow=True,
    )
    assert "cannot be revoked: this invitation was revoked" in main_of(response)


# Joining.


def test_an_anonymous_visitor_is_offered_sign_in_or_sign_up_coming_back_here(
    client, invitation_and_token
):
    _invitation, token = invitation_and_token
    response = client.get(join_url(token))
    main = main_of(response)
    assert response.status_code == 200
    assert "Solar technicians for the sugar estates" in main
    assert "nia@uom.example" in main
    back = f"next=%2Fworkspaces%2Fjoin%2F{token}%2F"
    assert f'href="/accounts/login/?{back}"' in main
    assert f'href="/accounts/signup/?{back}"' in main
    assert "Island Sugar Estates" in main and "University of Mauritius" in main


def test_a_person_with_the_address_joins_for_one_of_their_organisations(
    client, workspace, industry_lead, newcomer, ws_make_organisation, invitation_and_token
):
    _invitation, token = invitation_and_token
    college = ws_make_organisation("Grand Bay Polytechnic", newcomer, OrganisationKind.TVET)
    unverified = ws_make_organisation(
        "Unverified Institute", newcomer, OrganisationKind.UNIVERSITY, verified=False
    )
    client.force_login(newcomer)
    page = client.get(join_url(token))
    main = main_of(page)
    assert "Grand Bay Polytechnic (TVET college)" in main
    assert "Unverified Institute" not in main
    assert "independent expert" in main
    # An organisation that is not theirs to speak for (forged, or unverified) is refused.
    for forged in (unverified.pk, workspace.members.first().organisation.pk):
        response = client.post(join_url(token), {"organisation": forged})
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors
    assert not WorkspaceMember.objects.filter(user=newcomer).exists()
    # The action keeps the rule whoever asks.
    with pytest.raises(ValidationError, match="verified organisation you belong to"):
        actions.accept_workspace_invitation(
            invitation=_invitation, user=newcomer, organisation=unverified
        )

    response = client.post(join_url(token), {"organisation": college.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("codesign:workspace_detail", args=[workspace.pk])
    member = WorkspaceMember.objects.get(workspace=workspace, user=newcomer)
    assert (member.organisation, member.role, member.handle) == (
        college,
        WorkspaceRole.CO_AUTHOR,
        "nia-newcomer",
    )
    invitation = WorkspaceInvitation.objects.get()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    assert Activity.objects.filter(workspace=workspace, kind="member_joined").exists()
    assert AuditEntry.objects.filter(action="codesign.accept_workspace_invitation").exists()
    [notice] = Notification.objects.filter(kind="codesign.invitation_accepted")
    assert notice.recipient == industry_lead
    assert "Nia Newcomer" in notice.subject and "Grand Bay Polytechnic" in notice.body
    assert notice.url == reverse("codesign:workspace_detail", args=[workspace.pk])
    # The overview is now theirs.
    assert client.get(notice.url).status_code == 200


def test_an_independent_expert_joins_with_no_organisation(
    client, workspace, newcomer, invitation_and_token
):
    _invitation, token = invitation_and_token
    client.force_login(newcomer)
    response = client.post(join_url(token), {"organisation": ""})
    assert response.status_code == 302
    member = WorkspaceMember.objects.get(workspace=workspace, user=newcomer)
    assert member.organisation is None
    assert "Independent expert" in main_of(
        client.get(reverse("codesign:workspace_members", args=[workspace.pk]))
    )


def test_two_people_of_one_name_get_different_handles(
    client, workspace, industry_lead, ws_make_user
):
    namesake = ws_make_user("lina@uom.example", display_name="Lina Lead")
    _invitation, token = invite(workspace, industry_lead, namesake.email)
    client.force_login(namesake)
    client.post(join_url(token), {"organisation": ""})
    handles = set(
        workspace.members.filter(user__display_name="Lina Lead").values_list("handle", flat=True)
    )
    assert handles == {"lina-lead", "lina-lead-2"}


def test_another_address_cannot_accept(client, workspace, stranger, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(stranger)
    response = client.post(join_url(token), {"organisation": ""})
    assert response.status_code == 200
    assert "which is not a verified address of the account" in main_of(response)
    assert not WorkspaceMember.objects.filter(user=stranger).exists()
    with pytest.raises(ValidationError, match="This invitation is for nia@uom.example"):
        actions.accept_workspace_invitation(invitation=invitation, user=stranger)
    # An unverified address of theirs is not enough either.
    EmailAddress.objects.create(user=stranger, email="nia@uom.example", verified=False)
    with pytest.raises(ValidationError, match="This invitation is for"):
        actions.accept_workspace_invitation(invitation=invitation, user=stranger)


def test_a_used_link_says_so_plainly_410(client, newcomer, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(newcomer)
    client.post(join_url(token), {"organisation": ""})
    client.logout()
    response = client.get(join_url(token))
    assert response.status_code == 410
    assert "This invitation has already been used" in main_of(response)
    # The page names no workspace.
    assert "Solar technicians" not in response.content.decode()
    with pytest.raises(ValidationError, match="already been used"):
        actions.accept_workspace_invitation(invitation=invitation, user=newcomer)


def test_a_revoked_link_says_so_410(client, industry_lead, newcomer, invitation_and_token):
    invitation, token = invitation_and_token
    actions.revoke_workspace_invitation(invitation=invitation, by=industry_lead)
    client.force_login(newcomer)
    response = client.post(join_url(token), {"organisation": ""})
    assert response.status_code == 410
    assert "This invitation was revoked" in main_of(response)
    assert not WorkspaceMember.objects.filter(user=newcomer).exists()


def test_an_expired_link_says_so_410(client, newcomer, invitation_and_token):
    _invitation, token = invitation_and_token
    age_invitations(days=7)
    client.force_login(newcomer)
    response = client.post(join_url(token), {"organisation": ""})
    assert response.status_code == 410
    assert "This invitation has expired" in main_of(response)
    assert not WorkspaceMember.objects.filter(user=newcomer).exists()


def test_an_unknown_link_is_404(client, newcomer, invitation_and_token):
    _invitation, token = invitation_and_token
    assert client.get(join_url(token + "x")).status_code == 404
    client.force_login(newcomer)
    response = client.post(join_url("no-such-token"), {"organisation": ""})
    assert response.status_code == 404
    assert "This invitation link is not valid" in main_of(response)


def test_a_member_following_a_second_invitation_is_sent_to_the_workspace(
    client, workspace, industry_lead, coauthor
):
    EmailAddress.objects.create(user=coauthor, email="cole@home.example", verified=True)
    invitation = WorkspaceInvitation.objects.create(
        workspace=workspace,
        email="cole@elsewhere.example",
        role="lead",
        token_hash=hash_invitation_token("made-by-hand"),
        invited_by=industry_lead,
        expires_at=workspace.created_at + timedelta(days=7),
    )
    client.force_login(coauthor)
    response = client.get(join_url("made-by-hand"))
    assert response.status_code == 302
    EmailAddress.objects.create(user=coauthor, email="cole@elsewhere.example", verified=True)
    with pytest.raises(ValidationError, match="already a member"):
        actions.accept_workspace_invitation(invitation=invitation, user=coauthor)
    assert workspace.members.get(user=coauthor).role == WorkspaceRole.CO_AUTHOR


def test_the_join_page_is_never_kept_in_the_page_cache(client, industry_lead, invitation_and_token):
    # Anonymous, with no form: it would be kept, and still offered after it was revoked.
    invitation, token = invitation_and_token
    first = client.get(join_url(token))
    assert first.status_code == 200 and "X-Page-Cache" not in first
    actions.revoke_workspace_invitation(invitation=invitation, by=industry_lead)
    second = client.get(join_url(token))
    assert second.status_code == 410 and "X-Page-Cache" not in second
