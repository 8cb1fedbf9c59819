"""Names a person types (organisation names, display names): nothing invisible, nothing that
reorders the text, at least one letter or digit; staff see the plain form of what was typed."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts import actions
from portal.accounts.models import Organisation, OrganisationKind, User
from portal.audit.models import AuditEntry

from .helpers import enable_totp

REGISTER = reverse("accounts:organisation_register")
PROFILE = reverse("accounts:profile")
STAFF_PAGE = reverse("accounts:staff_organisations")

INVISIBLE = ["\u200b\u200b", "\u202e", "\ufeff\u2066\u2069", "\u3164"]
DIRECTION_CHANGING = ["evil\u202egnp.exe", "Ministry of \u2067Health\u2069"]


@pytest.mark.parametrize("name", [*INVISIBLE, *DIRECTION_CHANGING, "...", "—"])
def test_registering_an_organisation_with_such_a_name_is_refused(
    client, make_user, mauritius, name
):
    client.force_login(make_user("founder@new.example"))
    response = client.post(
        REGISTER, {"name": name, "kind": OrganisationKind.INDUSTRY, "country": mauritius.pk}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["name"]
    assert "U+" in message or "at least one letter or digit" in message
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("name", [*INVISIBLE, *DIRECTION_CHANGING, "...", "   "])
def test_the_action_refuses_it_whoever_asks(make_user, mauritius, name):
    with pytest.raises(ValidationError) as refused:
        actions.register_organisation(
            name=name, kind=OrganisationKind.INDUSTRY, country=mauritius, by=make_user("f@n.ex")
        )
    assert "name" in refused.value.message_dict
    assert not Organisation.objects.exists()


def test_a_decomposed_accent_is_the_same_name(make_user, make_organisation, mauritius):
    make_organisation("Université de Maurice", make_user("first@uom.example"))
    with pytest.raises(ValidationError, match="already registered"):
        actions.register_organisation(
            name="Universite\u0301 de Maurice",
            kind=OrganisationKind.UNIVERSITY,
            country=mauritius,
            by=make_user("second@uom.example"),
        )


@pytest.mark.parametrize("name", [*INVISIBLE, *DIRECTION_CHANGING, "..."])
def test_a_display_name_with_such_characters_is_refused(client, member_user, name):
    client.force_login(member_user)
    response = client.post(PROFILE, {"display_name": name})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    member_user.refresh_from_db()
    assert member_user.display_name == ""
    assert not AuditEntry.objects.filter(action="accounts.update_profile").exists()
    with pytest.raises(ValidationError):
        actions.update_profile(user=member_user, display_name=name)


def test_a_display_name_may_be_cleared(client, member_user):
    actions.update_profile(user=member_user, display_name="Mary")
    client.force_login(member_user)
    assert client.post(PROFILE, {"display_name": "  "}).status_code == 302
    member_user.refresh_from_db()
    assert member_user.display_name == ""


def test_a_new_account_with_such_a_display_name_is_refused(db):
    with pytest.raises(ValidationError):
        actions.create_user_with_verified_email(
            email="x@y.example", password="a-long-pass-phrase-1", display_name="\u202eAdmin"
        )
    assert not User.objects.exists()


def test_staff_changing_a_display_name_in_the_django_admin_see_the_rule(client, staff, member_user):
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    enable_totp(staff)
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[member_user.pk])
    response = client.post(
        url,
        {
            "display_name": "\u202eevil",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()
    member_user.refresh_from_db()
    assert member_user.display_name == ""


def test_the_staff_list_shows_the_plain_form_of_names(client, staff, make_user, make_organisation):
    # A Cyrillic "а" in a Latin name passes the rule (it is a letter) but looks like "a".
    make_organisation("Ministry of Educ\u0430tion", make_user("m@m.example"), verified=False)
    # A name stored before the rule existed.
    legacy = make_organisation("Legacy Ltd", make_user("l@l.example"), verified=False)
    Organisation.objects.filter(pk=legacy.pk).update(name="evil\u202egnp.exe")
    make_organisation("Ebène Digital", make_user("e@e.example"))
    enable_totp(staff)
    client.force_login(staff)
    page = client.get(STAFF_PAGE).content.decode()
    assert "Educ&lt;U+0430 CYRILLIC SMALL LETTER A&gt;tion" in page
    assert "evil&lt;U+202E RIGHT-TO-LEFT OVERRIDE&gt;gnp.exe" in page
    # A name of Latin letters (accents included) is not repeated.
    assert page.count("Plain form:") == 2


def test_names_saved_before_the_rule_lose_their_invisible_characters(
    make_user, make_organisation, member_user
):
    clean_names = import_module(
        "portal.accounts.migrations.0003_names_without_invisible_characters"
    ).clean_names
    owner = make_user("owner@orgs.example")
    reversed_name = make_organisation("One", owner)
    invisible = make_organisation("Two", owner)
    make_organisation("Acme", owner)
    repeated = make_organisation("Three", owner)
    untouched = make_organisation("Ebène Digital", owner)
    for organisation, name in [
        (reversed_name, "evil\u202egnp.exe"),
        (invisible, "\u200b\u2066\u2069"),
        (repeated, "Ac\u200bme"),
    ]:
        Organisation.objects.filter(pk=organisation.pk).update(name=name)
    User.objects.filter(pk=owner.pk).update(display_name="\u202eOwen")
    User.objects.filter(pk=member_user.pk).update(display_name="\u200b")

    clean_names(django_apps, None)

    names = dict(Organisation.objects.values_list("pk", "name"))
    assert names[reversed_name.pk] == "evilgnp.exe"
    assert names[invisible.pk] == f"Organisation {invisible.pk}"
    assert names[repeated.pk] == f"Acme ({repeated.pk})"
    assert names[untouched.pk] == "Ebène Digital"
    owner.refresh_from_db()
    member_user.refresh_from_db()
    assert (owner.display_name, member_user.display_name) == ("Owen", "")
