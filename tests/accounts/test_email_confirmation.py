"""The e-mail confirmation link tells an already-used link from an expired or a broken one:
allauth calls all three "expired or invalid"."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from .conftest import PASSWORD


@pytest.fixture
def link(client, db, django_capture_on_commit_callbacks):
    # The verification e-mail leaves after the commit (portal.mail).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "newcomer@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    [message] = mail.outbox
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


def test_a_fresh_link_asks_to_confirm(client, link):
    page = client.get(link).content.decode()
    assert "Confirm" in page and "newcomer@example.org" in page


def test_an_already_used_link_says_so_not_expired(client, link):
    client.post(link)
    assert EmailAddress.objects.get(email="newcomer@example.org").verified
    client.logout()
    for response in (client.get(link), client.post(link)):
        page = response.content.decode()
        assert response.status_code == 200
        assert "already confirmed" in page
        assert "<h1>Your address is confirmed</h1>" in page
        assert "expired" not in page
        assert reverse("account_login") in page


def test_an_expired_link_says_it_expired(client, link, settings):
    address = EmailAddress.objects.get(email="newcomer@example.org")
    days = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    with mock.patch("django.core.signing.time.time", return_value=time.time() - (days + 1) * 86400):
        old_key = EmailConfirmationHMAC(address).key
    page = client.get(reverse("account_confirm_email", args=[old_key])).content.decode()
    assert "has expired" in page
    assert "already confirmed" not in page
    assert reverse("account_login") in page


def test_a_broken_link_says_it_is_not_valid(client, link):
    page = client.get(link[:-5] + "xxxx/").content.decode()
    assert "not valid" in page
    assert "expired" not in page and "already confirmed" not in page
