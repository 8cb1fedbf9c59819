import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.accounts import actions
from portal.accounts.models import OrganisationKind
from portal.audit.models import AuditEntry

from .helpers import enable_totp

PROFILE = reverse("accounts:profile")


def test_profile_needs_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_shows_memberships_and_sign_in_links(client, organisation, member_user):
    client.force_login(member_user)
    page = client.get(PROFILE).content.decode()
    assert organisation.name in page and "Member" in page
    for name in ["account_email", "account_change_password", "mfa_activate_totp"]:
        assert reverse(name) in page
    assert "Optional for your role" in page


def test_profile_says_how_often_notices_come_and_links_to_the_setting(client, member_user):
    from portal.notifications.actions import set_frequency

    client.force_login(member_user)
    page = client.get(PROFILE).content.decode()
    assert reverse("notifications:settings") in page
    assert "As it happens, one e-mail each" in page
    set_frequency(user=member_user, frequency="daily")
    assert "One daily digest" in client.get(PROFILE).content.decode()


def test_name_is_saved_through_the_action(client, member_user):
    client.force_login(member_user)
    response = client.post(PROFILE, {"display_name": "  Mary   Member "})
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.display_name == "Mary Member"
    entry = AuditEntry.objects.get(action="accounts.update_profile")
    assert entry.detail["display_name"]["to"] == "Mary Member"


@pytest.fixture
def reviewer(make_user, make_organisation):
    user = make_user("reviewer@qa.example")
    make_organisation("Quality Authority", user, kind=OrganisationKind.QUALITY_AUTHORITY)
    return user


@pytest.mark.parametrize(
    "path", [PROFILE, reverse("accounts:organisation_list"), "/organisations/register/"]
)
def test_a_qa_reviewer_without_an_authenticator_is_sent_to_set_one_up(client, reviewer, path):
    assert reviewer.requires_two_factor
    client.force_login(reviewer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_qa_reviewer_with_an_authenticator_gets_through(client, reviewer):
    enable_totp(reviewer)
    client.force_login(reviewer)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert "Your role requires it." in page.content.decode()


def test_ministry_officials_and_staff_need_it_too(client, make_user, make_organisation, staff):
    official = make_user("official@gov.example")
    make_organisation("Ministry of Education", official, kind=OrganisationKind.MINISTRY)
    for user in (official, staff):
        client.force_login(user)
        assert client.get(PROFILE)["Location"] == reverse("mfa_activate_totp")


def test_others_are_not_forced(client, organisation, member_user):
    client.force_login(member_user)
    assert client.get(PROFILE).status_code == 200


def test_the_set_up_page_itself_is_reachable(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("mfa_activate_totp"))
    # allauth asks for the password again first; that page is reachable, not a loop.
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200


def test_a_qa_reviewer_cannot_switch_the_authenticator_off(client, reviewer):
    enable_totp(reviewer)
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(authenticator) is False


def test_others_may_switch_it_off(member_user, organisation):
    enable_totp(member_user)
    authenticator = Authenticator.objects.get(user=member_user, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(authenticator) is True


def test_unverifying_the_authority_drops_the_requirement(client, reviewer, staff):
    organisation = reviewer.memberships.get().organisation
    actions.unverify_organisation(organisation=organisation, by=staff)
    client.force_login(reviewer)
    assert client.get(PROFILE).status_code == 200


def test_wagtail_editors_must_set_up_two_factor_too(client, make_user):
    from django.contrib.auth.models import Group

    editor = make_user("editor@test.example")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
