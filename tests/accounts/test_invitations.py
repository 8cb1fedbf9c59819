import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts import actions
from portal.accounts.models import Invitation, Membership, MembershipRole, hash_invitation_token
from portal.audit.models import AuditEntry


def invite_url(organisation):
    return reverse("accounts:organisation_invite", args=[organisation.slug])


def accept_url(token):
    return reverse("accounts:invitation", args=[token])


@pytest.fixture
def invitation_and_token(organisation, admin_user):
    return actions.invite_member(
        organisation=organisation,
        email="New.Colleague@Uni.example",
        role=MembershipRole.MEMBER,
        by=admin_user,
        base_url="http://testserver/",
    )


def test_an_admin_invites_and_the_mail_goes_after_commit(
    client, organisation, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            invite_url(organisation), {"email": "colleague@uni.example", "role": "admin"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 0, "no mail before the transaction commits"
    assert len(callbacks) == 1
    callbacks[0]()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("colleague@uni.example", "admin")
    assert invitation.invited_by == admin_user
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["colleague@uni.example"]
    assert organisation.name in message.subject
    token = re.search(r"http://testserver/invitations/([\w-]+)/", message.body).group(1)
    # Only the hash is stored.
    assert invitation.token_hash == hash_invitation_token(token)
    assert token not in invitation.token_hash
    assert AuditEntry.objects.for_object(invitation).get().action == "accounts.invite_member"


@pytest.mark.parametrize("bad_email", ["not-an-address", "two@@uni.example", ""])
def test_a_malformed_address_is_named_and_nothing_is_sent(
    client, organisation, admin_user, bad_email
):
    client.force_login(admin_user)
    response = client.post(invite_url(organisation), {"email": bad_email, "role": "member"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_member_or_a_pending_invitee_is_not_invited_twice(
    client, organisation, admin_user, member_user, invitation_and_token
):
    client.force_login(admin_user)
    response = client.post(invite_url(organisation), {"email": member_user.email, "role": "member"})
    assert "already a member" in response.context["form"].errors["email"][0]
    response = client.post(
        invite_url(organisation), {"email": "new.colleague@uni.example", "role": "member"}
    )
    assert "already has a pending invitation" in response.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 1


def test_the_invited_person_accepts_with_their_verified_address(
    client, make_user, organisation, invitation_and_token
):
    invitation, token = invitation_and_token
    newcomer = make_user("new.colleague@uni.example")
    client.force_login(newcomer)
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert "Accept and join" in page.content.decode()
    response = client.post(accept_url(token))
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=organisation)
    assert membership.role == MembershipRole.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    assert AuditEntry.objects.filter(action="accounts.accept_invitation").count() == 1


def test_a_reused_token_says_so_and_changes_nothing(
    client, make_user, organisation, invitation_and_token
):
    invitation, token = invitation_and_token
    client.force_login(make_user("new.colleague@uni.example"))
    client.post(accept_url(token))
    before = Membership.objects.count()
    response = client.post(accept_url(token))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert Membership.objects.count() == before


def test_an_expired_token_says_so_and_changes_nothing(
    client, make_user, organisation, invitation_and_token
):
    invitation, token = invitation_and_token
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    newcomer = make_user("new.colleague@uni.example")
    client.force_login(newcomer)
    response = client.post(accept_url(token))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_revoked_token_says_so(client, make_user, admin_user, invitation_and_token):
    invitation, token = invitation_and_token
    actions.revoke_invitation(invitation=invitation, by=admin_user)
    newcomer = make_user("new.colleague@uni.example")
    client.force_login(newcomer)
    response = client.post(accept_url(token))
    assert response.status_code == 410
    assert "revoked" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_unknown_token_says_so(client, invitation_and_token):
    response = client.get(accept_url("made-up-token"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_another_address_cannot_accept(client, stranger, organisation, invitation_and_token):
    invitation, token = invitation_and_token
    client.force_login(stranger)
    page = client.get(accept_url(token)).content.decode()
    assert "not a verified address" in page
    client.post(accept_url(token))
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_an_unverified_matching_address_cannot_accept(
    client, stranger, organisation, invitation_and_token
):
    invitation, token = invitation_and_token
    EmailAddress.objects.create(user=stranger, email=invitation.email, verified=False)
    client.force_login(stranger)
    client.post(accept_url(token))
    assert not Membership.objects.filter(user=stranger, organisation=organisation).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, invitation_and_token):
    invitation, token = invitation_and_token
    page = client.get(accept_url(token))
    body = page.content.decode()
    assert page.status_code == 200
    assert invitation.email in body
    here = accept_url(token).replace("/", "%2F")
    assert f"{reverse('account_login')}?next={here}" in body
    assert f"{reverse('account_signup')}?next={here}" in body
    # Posting without signing in accepts nothing.
    client.post(accept_url(token))
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_admin_revokes_a_pending_invitation(client, organisation, admin_user, invitation_and_token):
    invitation, _token = invitation_and_token
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:invitation_revoke", args=[organisation.slug]),
        {"invitation": invitation.pk},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == admin_user
    assert AuditEntry.objects.filter(action="accounts.revoke_invitation").count() == 1
