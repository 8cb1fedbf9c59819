"""A session ends after a while unused, and a while after signing in however much it is used:
30 minutes and 12 hours for the roles that need two-factor sign-in, two weeks and 30 days for
everyone else (the defaults; README lists the settings)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import OrganisationKind

from .conftest import PASSWORD
from .helpers import enable_totp

PROFILE = reverse("accounts:profile")


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def forward(self, **duration):
        self.now += timedelta(**duration)


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield clock


@pytest.fixture
def reviewer(make_user, make_organisation):
    user = make_user("reviewer@qa.example")
    make_organisation("Quality Authority", user, kind=OrganisationKind.QUALITY_AUTHORITY)
    enable_totp(user)
    return user


def signed_in(client):
    response = client.get(PROFILE)
    if response.status_code == 200:
        return True
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    return False


def test_a_reviewer_is_signed_out_after_30_minutes_unused(client, reviewer, clock):
    assert reviewer.requires_two_factor
    client.force_login(reviewer)
    assert signed_in(client)
    clock.forward(minutes=29)
    assert signed_in(client)
    clock.forward(minutes=29)
    assert signed_in(client)
    clock.forward(minutes=31)
    assert not signed_in(client)
    page = client.get(reverse("account_login")).content.decode()
    assert "You were signed out after 30 minutes without using the portal." in page


def test_a_reviewer_in_use_is_signed_out_12_hours_after_signing_in(client, reviewer, clock):
    client.force_login(reviewer)
    for _ in range(12 * 3 + 1):  # a request every 20 minutes, for 12 hours
        assert signed_in(client)
        clock.forward(minutes=20)
    assert not signed_in(client)
    page = client.get(reverse("account_login")).content.decode()
    assert "You were signed out 12 hours after signing in." in page


def test_others_keep_an_unused_session_for_two_weeks(client, member_user, clock):
    assert not member_user.requires_two_factor
    client.force_login(member_user)
    assert signed_in(client)
    clock.forward(days=13)
    assert signed_in(client)
    clock.forward(days=14, minutes=1)
    assert not signed_in(client)


def test_others_are_signed_out_30_days_after_signing_in(client, member_user, clock):
    client.force_login(member_user)
    for days in (10, 10, 9):
        assert signed_in(client)
        clock.forward(days=days)
    assert signed_in(client)
    clock.forward(days=1, minutes=1)
    assert not signed_in(client)


def test_the_limits_come_from_the_settings(client, member_user, clock, settings):
    settings.SESSION_IDLE_SECONDS = 600
    client.force_login(member_user)
    assert signed_in(client)
    clock.forward(minutes=11)
    assert not signed_in(client)


def test_signing_in_again_starts_a_new_session(client, reviewer, clock):
    client.force_login(reviewer)
    assert signed_in(client)
    clock.forward(hours=1)
    assert not signed_in(client)
    client.force_login(reviewer)
    assert signed_in(client)
    clock.forward(minutes=20)
    assert signed_in(client)


def test_the_lifetime_counts_from_signing_in(client, member_user, clock):
    response = client.post(
        reverse("account_login"), {"login": member_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(member_user.pk)
    clock.forward(days=13)
    assert signed_in(client)
    clock.forward(days=13)
    assert signed_in(client)
    clock.forward(days=4, minutes=1)
    assert not signed_in(client)
