"""A mail server that fails never answers 500 nor leaves a half-made account.

allauth's e-mails are rendered in the request and sent by huey after the commit, with retries
(portal.mail). So an account made while the mail server is down is complete: the person and
their unverified address are saved, and the verification e-mail goes out once the server is
back. Should every retry fail, signing in with the address sends a new one.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from portal.accounts.models import Invitation, User
from tests.caches import clear_caches
from tests.mailserver import BROKEN_MAIL_SERVER, WORKING_MAIL_SERVER, run_retries, waiting_tasks

from .conftest import PASSWORD

SEND_EMAIL = "send_email"


@pytest.fixture
def broken_mail_server(settings):
    HUEY.flush()
    settings.EMAIL_BACKEND = BROKEN_MAIL_SERVER
    yield settings
    HUEY.flush()


def sign_up(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_makes_a_complete_account_and_retries_the_mail(
    client, db, broken_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "newcomer@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="newcomer@example.org")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, False, True)
    assert user.has_usable_password()
    assert mail.outbox == []
    assert waiting_tasks() == [SEND_EMAIL]

    broken_mail_server.EMAIL_BACKEND = WORKING_MAIL_SERVER
    run_retries()
    [message] = mail.outbox
    assert message.to == ["newcomer@example.org"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)
    client.post(link)
    address.refresh_from_db()
    assert address.verified


def test_sign_up_with_a_taken_address_answers_the_same(
    client, make_user, broken_mail_server, django_capture_on_commit_callbacks
):
    make_user("taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "taken@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert waiting_tasks() == [SEND_EMAIL]


def test_password_reset_answers_without_the_mail_server(
    client, make_user, broken_mail_server, django_capture_on_commit_callbacks
):
    make_user("known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert waiting_tasks() == [SEND_EMAIL]


def test_a_lost_verification_mail_is_sent_again_at_sign_in(
    client, db, broken_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "newcomer@example.org")
    HUEY.flush()  # every retry failed, or the worker died: the e-mail is lost
    broken_mail_server.EMAIL_BACKEND = WORKING_MAIL_SERVER
    clear_caches()  # allauth sends one verification e-mail per address every 3 minutes
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD}
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    [message] = mail.outbox
    assert "/accounts/confirm-email/" in message.body


def test_an_invitation_survives_a_failing_mail_server(
    client, organisation, admin_user, broken_mail_server, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organisation_invite", args=[organisation.slug]),
            {"email": "colleague@uni.example", "role": "member"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "colleague@uni.example"
    assert waiting_tasks() == ["send_invitation_email"]

    broken_mail_server.EMAIL_BACKEND = WORKING_MAIL_SERVER
    run_retries()
    [message] = mail.outbox
    assert message.to == ["colleague@uni.example"]
    assert "/invitations/" in message.body
