"""Who may invite, how many, and what an invitation is worth once its organisation is no longer
verified. The rules hold in portal.accounts.actions whoever asks; the pages say why."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts import actions
from portal.accounts.actions import (
    INVITATIONS_PER_ORGANISATION_PER_DAY,
    INVITATIONS_PER_PERSON_PER_HOUR,
)
from portal.accounts.models import Invitation, Membership, MembershipRole


def invite(organisation, by, email):
    return actions.invite_member(
        organisation=organisation, email=email, role=MembershipRole.MEMBER, by=by
    )


def age_invitations(**delta):
    """As if the invitations so far had been sent that long ago."""
    for invitation in Invitation.objects.all():
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=invitation.created_at - timedelta(**delta),
            expires_at=invitation.expires_at - timedelta(**delta),
        )


@pytest.fixture
def unverified(make_organisation, make_user):
    return make_organisation(
        "Ministry of Make-Believe", make_user("founder@mmb.example"), verified=False
    )


@pytest.fixture
def unverified_admin(unverified):
    return unverified.memberships.get().user


# Only verified organisations invite.


def test_an_unverified_organisation_cannot_invite_whoever_asks(
    unverified, unverified_admin, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="not verified"),
    ):
        invite(unverified, unverified_admin, "victim@elsewhere.example")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_its_invite_page_says_why_and_has_no_form(
    client, unverified, unverified_admin, django_capture_on_commit_callbacks
):
    client.force_login(unverified_admin)
    url = reverse("accounts:organisation_invite", args=[unverified.slug])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Only verified organisations can invite" in body
    assert "<form" not in body.split('id="main"', 1)[1].split("</main>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "victim@elsewhere.example", "role": "member"})
    assert "Only verified organisations can invite" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_its_pages_offer_no_invite_link(client, unverified, unverified_admin):
    client.force_login(unverified_admin)
    invite_url = reverse("accounts:organisation_invite", args=[unverified.slug])
    for name in ("accounts:organisation_detail", "accounts:organisation_members"):
        body = client.get(reverse(name, args=[unverified.slug])).content.decode()
        assert invite_url not in body
        assert "Invitations open once project staff verify" in body


def test_a_verified_organisation_still_invites(client, organisation, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("accounts:organisation_detail", args=[organisation.slug]))
    assert (
        reverse("accounts:organisation_invite", args=[organisation.slug]) in body.content.decode()
    )
    invite(organisation, admin_user, "colleague@uni.example")
    assert Invitation.objects.count() == 1


# Rate limits, counted from the invitations themselves.


def test_one_person_sends_at_most_so_many_an_hour(client, organisation, admin_user, member_user):
    for number in range(INVITATIONS_PER_PERSON_PER_HOUR):
        invite(organisation, admin_user, f"person{number}@uni.example")
    with pytest.raises(ValidationError) as refused:
        invite(organisation, admin_user, "one-too-many@uni.example")
    message = " ".join(refused.value.messages)
    assert f"{INVITATIONS_PER_PERSON_PER_HOUR} invitations in the last hour" in message

    # The page shows the same message, and nothing is sent.
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:organisation_invite", args=[organisation.slug]),
        {"email": "one-too-many@uni.example", "role": "member"},
    )
    assert response.status_code == 200
    assert f"{INVITATIONS_PER_PERSON_PER_HOUR} invitations in the last hour" in (
        response.content.decode()
    )
    assert Invitation.objects.count() == INVITATIONS_PER_PERSON_PER_HOUR

    # Another admin of the organisation is counted apart; and an hour later the first again.
    actions.change_role(
        membership=Membership.objects.get(user=member_user), role="admin", by=admin_user
    )
    invite(organisation, member_user, "from-the-other-admin@uni.example")
    age_invitations(hours=1, seconds=1)
    invite(organisation, admin_user, "next-hour@uni.example")


def test_revoking_does_not_give_an_invitation_back(organisation, admin_user):
    for number in range(INVITATIONS_PER_PERSON_PER_HOUR):
        invitation, _token = invite(organisation, admin_user, f"person{number}@uni.example")
        actions.revoke_invitation(invitation=invitation, by=admin_user)
    with pytest.raises(ValidationError, match="in the last hour"):
        invite(organisation, admin_user, "again@uni.example")


def test_an_organisation_sends_at_most_so_many_a_day(organisation, admin_user, make_user, staff):
    sent = 0
    while sent < INVITATIONS_PER_ORGANISATION_PER_DAY:
        batch = min(INVITATIONS_PER_PERSON_PER_HOUR, INVITATIONS_PER_ORGANISATION_PER_DAY - sent)
        for number in range(batch):
            invite(organisation, admin_user, f"person{sent + number}@uni.example")
        sent += batch
        age_invitations(hours=1, seconds=1)  # the person limit is not what is tested here
    second_admin = make_user("second@uni.example")
    actions.add_member(organisation=organisation, user=second_admin, role="admin", by=staff)
    for person in (admin_user, second_admin):
        with pytest.raises(ValidationError) as refused:
            invite(organisation, person, "one-too-many@uni.example")
        message = " ".join(refused.value.messages)
        assert f"{INVITATIONS_PER_ORGANISATION_PER_DAY} invitations in the last 24 hours" in message
    assert Invitation.objects.count() == INVITATIONS_PER_ORGANISATION_PER_DAY
    # A day after the first ones, there is room again.
    age_invitations(hours=24)
    invite(organisation, second_admin, "tomorrow@uni.example")


def test_the_invite_page_states_the_limits(client, organisation, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("accounts:organisation_invite", args=[organisation.slug]))
    text = body.content.decode()
    assert f"{INVITATIONS_PER_ORGANISATION_PER_DAY} invitations a day" in text
    assert f"{INVITATIONS_PER_PERSON_PER_HOUR} an hour" in text


# The e-mail.


def test_the_mail_names_who_invites_and_that_staff_verified_the_organisation(
    organisation, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(organisation, admin_user, "colleague@uni.example")
    [message] = mail.outbox
    assert admin_user.email in message.body
    assert "verified by the portal's project staff" in message.body
    # It goes to that address: it does not repeat it.
    assert invitation.email not in message.body


def test_a_mail_sent_after_staff_withdrew_verification_lends_the_name_no_authority(
    organisation, admin_user, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(organisation, admin_user, "colleague@uni.example")
    actions.unverify_organisation(organisation=organisation, by=staff)
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert organisation.name not in message.subject
    assert f"{organisation.name} is not verified by the portal's project staff" in message.body
    assert "was verified" not in message.body


# An organisation un-verified after it invited.


@pytest.fixture
def pending(organisation, admin_user, make_user):
    invitation, token = invite(organisation, admin_user, "newcomer@uni.example")
    return invitation, token, make_user("newcomer@uni.example")


def test_a_pending_invitation_waits_while_its_organisation_is_unverified(
    client, organisation, staff, pending
):
    invitation, token, newcomer = pending
    actions.unverify_organisation(organisation=organisation, by=staff)
    with pytest.raises(ValidationError, match="not verified"):
        actions.accept_invitation(invitation=invitation, user=newcomer)
    client.force_login(newcomer)
    url = reverse("accounts:invitation", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 409
        assert "is not verified at the moment" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending

    # Anonymous visitors are told the same before being asked to sign in.
    client.logout()
    assert client.get(url).status_code == 409

    # Verified again before it expires, the invitation works again.
    actions.verify_organisation(organisation=organisation, by=staff)
    client.force_login(newcomer)
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=newcomer, organisation=organisation).exists()


@pytest.mark.parametrize("ending", ["accepted", "revoked", "expired"])
def test_a_used_invitation_of_an_unverified_organisation_stays_unusable(
    client, organisation, admin_user, staff, pending, ending
):
    invitation, token, newcomer = pending
    if ending == "accepted":
        actions.accept_invitation(invitation=invitation, user=newcomer)
    elif ending == "revoked":
        actions.revoke_invitation(invitation=invitation, by=admin_user)
    else:
        age_invitations(days=8)
    actions.unverify_organisation(organisation=organisation, by=staff)
    members_before = Membership.objects.count()
    client.force_login(newcomer)
    response = client.post(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 410
    assert Membership.objects.count() == members_before
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.accept_invitation(invitation=invitation, user=newcomer)
