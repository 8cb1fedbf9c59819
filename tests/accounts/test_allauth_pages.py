"""allauth's pages in the portal's layout, and the sign-in rules the settings promise."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User

from .conftest import PASSWORD


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_allauth_pages_use_the_portal_layout(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert page.count("<h1") == 1
    assert "<script" not in page and "style=" not in page


def test_sign_in_page_labels_its_fields_and_links_password_reset(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in page and '<label for="id_password">' in page
    assert reverse("account_reset_password") in page


def test_sign_up_needs_a_verified_address_before_sign_in(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "Newcomer@Example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "newcomer@example.org"
    assert not EmailAddress.objects.get(user=user).verified
    [message] = mail.outbox
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")

    client.post(link)
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_honeypot_creates_no_account(client, db):
    client.post(
        reverse("account_signup"),
        {
            "email": "bot@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website_url": "http://spam.example",
        },
    )
    assert not User.objects.exists()


def test_sign_up_errors_are_tied_to_their_fields(client, db):
    page = client.post(
        reverse("account_signup"), {"email": "nope", "password1": "x", "password2": "x"}
    ).content.decode()
    assert 'class="error-summary"' in page
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_email_error"', page)
    assert 'id="id_email_error"' in page


def test_password_reset_does_not_reveal_who_has_an_account(
    client, make_user, django_capture_on_commit_callbacks
):
    make_user("known@example.org")
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "known@example.org"})
        unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # The known address gets the reset link; the unknown one gets a note that it has no
    # account (allauth's enumeration-safe behaviour), never a link.
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_sign_up_with_a_taken_address_looks_like_success(client, make_user):
    make_user("taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1


def test_failed_sign_ins_are_rate_limited(client, make_user):
    make_user("target@example.org")
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": "target@example.org", "password": "wrong-password-1"})
    page = client.post(url, {"login": "target@example.org", "password": PASSWORD})
    assert page.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
