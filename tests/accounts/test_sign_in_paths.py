"""Every way in goes through allauth, where rate limits and two-factor sign-in apply.

The walk below posts a real person's e-mail address and password to every URL the portal
serves, as an anonymous visitor, as a signed-in stranger and as that person signed in, and
fails if any view outside allauth checks a password, or if the session ever becomes that
person's. A view added later that accepts credentials (Django's admin login, a password-change
form, a "confirm your password" step) fails it without anyone having to list it here.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from .conftest import PASSWORD
from .helpers import enable_totp

# Values tried, in order, for each URL parameter until the pattern accepts one.
SAMPLES = [
    "999999",
    "no-such-thing",
    "no-such-thing/",
    "accounts",
    "",
    "00000000-0000-4000-8000-000000000000",
]


class RecordingPasswordHasher(MD5PasswordHasher):
    """The tests' fast hasher, noting every password it is asked to check."""

    checked = []

    def verify(self, password, encoded):
        RecordingPasswordHasher.checked.append(password)
        return super().verify(password, encoded)


def _pattern_chains(patterns, prefix=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _pattern_chains(pattern.url_patterns, (*prefix, pattern.pattern))
        else:
            yield (*prefix, pattern.pattern), pattern


def _fill(piece, is_endpoint):
    """A string the pattern piece accepts, built as reverse() builds one."""
    template, params = normalize(piece.regex.pattern)[0]
    for sample in SAMPLES:
        text = template % dict.fromkeys(params, sample)
        match = piece.regex.match(text)
        if match and (not is_endpoint or match.end() == len(text)):
            return text
    return None


def every_url():
    """One concrete URL for every pattern in portal.urls, and the patterns it could not fill."""
    urls, unfilled = {}, []
    for chain, pattern in _pattern_chains(get_resolver().url_patterns):
        pieces = [_fill(piece, piece is chain[-1]) for piece in chain]
        if None in pieces:
            unfilled.append(pattern.lookup_str)
            continue
        urls.setdefault("/" + "".join(pieces), pattern.lookup_str)
    return urls, unfilled


@pytest.fixture
def recording_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.RecordingPasswordHasher"]
    RecordingPasswordHasher.checked.clear()
    return RecordingPasswordHasher


@pytest.fixture
def superuser(recording_hasher, make_user):
    user = make_user("root@portal.example", is_staff=True, is_superuser=True)
    enable_totp(user)
    return user


def credentials(user):
    """Every name a sign-in or password form gives its fields."""
    return {
        "username": user.email,
        "email": user.email,
        "login": user.email,
        "password": PASSWORD,
        "old_password": PASSWORD,
        "oldpassword": PASSWORD,
        "current_password": PASSWORD,
    }


def test_the_walk_reaches_every_pattern(db):
    urls, unfilled = every_url()
    assert unfilled == [], "add a sample value these patterns accept to SAMPLES"
    assert "/django-admin/login/" in urls and "/admin/login/" in urls
    assert len(urls) > 300


@pytest.mark.parametrize("signed_in_as", ["nobody", "stranger", "the person"])
def test_no_view_outside_allauth_accepts_a_password(
    signed_in_as, superuser, stranger, recording_hasher
):
    urls, _ = every_url()
    accepted, checked_by_allauth = [], []
    for url in urls:
        client = Client(raise_request_exception=False)
        if signed_in_as == "stranger":
            client.force_login(stranger)
        elif signed_in_as == "the person":
            client.force_login(superuser)
        recording_hasher.checked.clear()
        try:
            # A savepoint each: a view that breaks the transaction (on PostgreSQL) must not
            # leave every later URL failing before it reads a password.
            with transaction.atomic():
                client.post(url, credentials(superuser))
                session_user = client.session.get("_auth_user_id")
        except DatabaseError:
            session_user = None
        view = resolve(url)._func_path
        if recording_hasher.checked and view.startswith("allauth."):
            checked_by_allauth.append(url)
        elif recording_hasher.checked:
            accepted.append(f"{url} ({view}) checked a password")
        if signed_in_as != "the person" and session_user == str(superuser.pk):
            accepted.append(f"{url} ({view}) signed the {signed_in_as} in as the superuser")
    assert accepted == [], "\n".join(accepted)
    # The walk does notice a password being checked: allauth's own forms check it.
    assert checked_by_allauth


def test_allauth_sign_in_still_asks_for_the_second_factor(client, superuser):
    response = client.post("/accounts/login/", {"login": superuser.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/django-admin/login/", "/admin/login/"])
def test_admin_sign_in_sends_visitors_to_allauth(client, db, path):
    response = client.get(path + "?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fdjango-admin%2F"


@pytest.mark.parametrize("path", ["/django-admin/", "/admin/"])
def test_a_signed_in_stranger_is_refused_the_admins_without_a_loop(client, stranger, path):
    client.force_login(stranger)
    response = client.get(path, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert client.session["_auth_user_id"] == str(stranger.pk)


def test_django_admin_password_change_is_allauths(client, superuser):
    client.force_login(superuser)
    response = client.get("/django-admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"
