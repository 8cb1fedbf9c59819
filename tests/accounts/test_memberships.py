import re

import pytest
from django.urls import reverse

from portal.accounts import actions
from portal.accounts.models import Invitation, Membership, MembershipRole
from portal.audit.models import AuditEntry


def url(name, organisation):
    return reverse(f"accounts:{name}", args=[organisation.slug])


@pytest.fixture
def pending_invitation(organisation, admin_user):
    invitation, _token = actions.invite_member(
        organisation=organisation, email="invitee@uni.example", role="member", by=admin_user
    )
    return invitation


def membership_of(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def test_members_page_shows_controls_only_to_admins(client, organisation, admin_user, member_user):
    client.force_login(member_user)
    page = client.get(url("organisation_members", organisation)).content.decode()
    assert admin_user.email in page
    assert url("member_remove", organisation) not in page
    client.force_login(admin_user)
    page = client.get(url("organisation_members", organisation)).content.decode()
    assert url("member_remove", organisation) in page


def test_admin_changes_a_role(client, organisation, admin_user, member_user):
    client.force_login(admin_user)
    membership = membership_of(member_user, organisation)
    client.post(
        url("member_change_role", organisation), {"membership": membership.pk, "role": "admin"}
    )
    membership.refresh_from_db()
    assert membership.role == MembershipRole.ADMIN
    entry = AuditEntry.objects.get(action="accounts.change_role")
    assert entry.detail["from"] == "member" and entry.detail["to"] == "admin"


def test_the_last_admin_cannot_be_demoted(client, organisation, admin_user):
    client.force_login(admin_user)
    membership = membership_of(admin_user, organisation)
    response = client.post(
        url("member_change_role", organisation),
        {"membership": membership.pk, "role": "member"},
        follow=True,
    )
    assert "last admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MembershipRole.ADMIN


def test_the_last_admin_cannot_be_removed_or_leave(client, organisation, admin_user):
    client.force_login(admin_user)
    membership = membership_of(admin_user, organisation)
    response = client.post(
        url("member_remove", organisation),
        {"membership": membership.pk, "confirm": "yes"},
        follow=True,
    )
    assert "last admin" in response.content.decode()
    response = client.post(url("organisation_leave", organisation), follow=True)
    assert "last admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_with_a_second_admin_the_first_may_step_down(client, organisation, admin_user, member_user):
    actions.change_role(
        membership=membership_of(member_user, organisation), role="admin", by=admin_user
    )
    actions.change_role(
        membership=membership_of(admin_user, organisation), role="member", by=admin_user
    )
    assert membership_of(admin_user, organisation).role == "member"


def test_admin_removes_a_member_after_confirming(client, organisation, admin_user, member_user):
    client.force_login(admin_user)
    membership = membership_of(member_user, organisation)
    asked = client.post(url("member_remove", organisation), {"membership": membership.pk})
    assert asked.status_code == 200
    assert f"Remove {member_user} from {organisation}?" in asked.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # nothing changed yet
    client.post(url("member_remove", organisation), {"membership": membership.pk, "confirm": "yes"})
    assert not Membership.objects.filter(user=member_user, organisation=organisation).exists()
    entry = AuditEntry.objects.get(action="accounts.remove_member")
    assert entry.detail["user"] == member_user.email


def test_a_member_leaves(client, organisation, member_user):
    client.force_login(member_user)
    response = client.post(url("organisation_leave", organisation))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member_user, organisation=organisation).exists()
    assert AuditEntry.objects.filter(action="accounts.leave", actor=member_user).exists()


def test_a_person_may_belong_to_several_organisations(
    organisation, other_organisation, member_user, staff
):
    actions.add_member(organisation=other_organisation, user=member_user, role="member", by=staff)
    assert member_user.memberships.count() == 2


def test_a_plain_member_cannot_manage(client, organisation, admin_user, member_user):
    client.force_login(member_user)
    admin_membership = membership_of(admin_user, organisation)
    assert client.get(url("organisation_invite", organisation)).status_code == 404
    response = client.post(url("member_remove", organisation), {"membership": admin_membership.pk})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


# Tenancy, from the outside: a signed-in stranger (an admin elsewhere) and an anonymous visitor.


@pytest.fixture(params=["stranger", "anonymous"])
def outsider_client(request, client, stranger, other_organisation):
    if request.param == "stranger":
        client.force_login(stranger)
    return client


def test_outsiders_get_404_everywhere_and_change_nothing(
    outsider_client, organisation, admin_user, member_user, pending_invitation
):
    membership = membership_of(member_user, organisation)
    assert outsider_client.get(url("organisation_members", organisation)).status_code == 404
    assert outsider_client.get(url("organisation_invite", organisation)).status_code == 404
    assert outsider_client.get(url("organisation_edit", organisation)).status_code == 404
    posts = [
        ("organisation_edit", {"website": "https://evil.example"}),
        ("organisation_invite", {"email": "x@y.example", "role": "admin"}),
        ("member_change_role", {"membership": membership.pk, "role": "admin"}),
        ("member_remove", {"membership": membership.pk, "confirm": "yes"}),
        ("invitation_revoke", {"invitation": pending_invitation.pk}),
        ("organisation_leave", {}),
    ]
    for name, data in posts:
        assert outsider_client.post(url(name, organisation), data).status_code == 404, name
    membership.refresh_from_db()
    assert membership.role == "member"
    organisation.refresh_from_db()
    assert organisation.website != "https://evil.example"
    pending_invitation.refresh_from_db()
    assert pending_invitation.is_pending
    assert Invitation.objects.count() == 1


def test_a_forged_membership_id_from_another_organisation_answers_404(
    client, organisation, other_organisation, admin_user, stranger
):
    """An admin of one organisation posts the id of another organisation's membership."""
    foreign = membership_of(stranger, other_organisation)
    client.force_login(admin_user)
    for name, data in [
        ("member_change_role", {"membership": foreign.pk, "role": "member"}),
        ("member_remove", {"membership": foreign.pk, "confirm": "yes"}),
        ("member_remove", {"membership": "not-a-number", "confirm": "yes"}),
        ("member_remove", {}),
    ]:
        assert client.post(url(name, organisation), data).status_code == 404, data
    foreign.refresh_from_db()
    assert foreign.role == "admin"


def test_a_forged_invitation_id_from_another_organisation_answers_404(
    client, organisation, other_organisation, admin_user, stranger
):
    foreign, _token = actions.invite_member(
        organisation=other_organisation, email="x@other.example", role="member", by=stranger
    )
    client.force_login(admin_user)
    response = client.post(url("invitation_revoke", organisation), {"invitation": foreign.pk})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_pending


def test_an_admin_keeps_sectors_and_website_current(client, organisation, admin_user, ict):
    client.force_login(admin_user)
    response = client.post(
        url("organisation_edit", organisation),
        {"sectors": [ict.pk], "website": "www.nul.example"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.website == "https://www.nul.example"
    assert list(organisation.sectors.all()) == [ict]
    entry = AuditEntry.objects.get(action="accounts.update_organisation_details")
    assert entry.detail["sectors"] == {"from": [], "to": ["ict_digital"]}


def test_bad_details_are_named_and_change_nothing(client, organisation, admin_user):
    client.force_login(admin_user)
    response = client.post(
        url("organisation_edit", organisation), {"sectors": ["99999"], "website": "not a url"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Enter a valid URL" in page
    organisation.refresh_from_db()
    assert organisation.website == ""
    assert not AuditEntry.objects.filter(action="accounts.update_organisation_details").exists()


def test_a_plain_member_cannot_edit_the_details(client, organisation, member_user):
    client.force_login(member_user)
    assert client.get(url("organisation_edit", organisation)).status_code == 404


def _forms_for(page, action):
    """The membership ids that the page offers a form for, posting to that action."""
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    return {
        int(membership)
        for target, body in forms
        if target == action
        for membership in re.findall(r'name="membership" value="(\d+)"', body)
    }


def test_the_only_admin_is_offered_no_button_the_rules_would_refuse(
    client, organisation, admin_user, member_user
):
    client.force_login(admin_user)
    page = client.get(url("organisation_members", organisation)).content.decode()
    own = membership_of(admin_user, organisation).pk
    colleague = membership_of(member_user, organisation).pk
    assert _forms_for(page, url("member_remove", organisation)) == {colleague}
    assert _forms_for(page, url("member_change_role", organisation)) == {colleague}
    assert url("organisation_leave", organisation) not in page
    assert "the only admin" in page

    # With a second admin, either may be removed, step down or leave.
    actions.change_role(
        membership=membership_of(member_user, organisation), role="admin", by=admin_user
    )
    page = client.get(url("organisation_members", organisation)).content.decode()
    assert _forms_for(page, url("member_remove", organisation)) == {own, colleague}
    assert _forms_for(page, url("member_change_role", organisation)) == {own, colleague}
    assert url("organisation_leave", organisation) in page
