import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _start_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_refuses_the_development_key_in_production():
    result = _start_settings(DEBUG="0", SECRET_KEY="dev-only-insecure-key-never-use-in-production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_starts_with_a_real_key():
    result = _start_settings(DEBUG="0", SECRET_KEY="x" * 64)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy(client):
    response = client.get("/healthz")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def _directives(policy):
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.django_db
def test_the_admin_may_be_framed_by_itself_only_with_a_valid_policy(client):
    for path in ("/admin/", "/django-admin/"):
        directives = _directives(client.get(path)["Content-Security-Policy"])
        # 'none' beside 'self' is invalid: browsers ignore it and log an error on every page.
        assert directives["frame-ancestors"] == "'self'"
        assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert _directives(client.get("/healthz")["Content-Security-Policy"])["frame-ancestors"] == (
        "'none'"
    )


@pytest.mark.django_db
def test_the_admin_dashboard_reaches_nowhere_but_this_server(client, settings):
    from portal.accounts.actions import (
        DEMO_TOTP_SECRET,
        activate_two_factor_with_secret,
        create_user_with_verified_email,
    )

    settings.DEMO_MODE = True  # only for the known two-factor secret
    boss = create_user_with_verified_email(
        email="boss@example.org", password="a long password 1", is_staff=True, is_superuser=True
    )
    activate_two_factor_with_secret(user=boss, secret=DEMO_TOTP_SECRET)
    client.force_login(boss)
    html = client.get("/admin/").content.decode()

    assert "Dashboard" in html
    assert "gravatar.com" not in html
    assert 'data-controller="w-upgrade' not in html  # fetches releases.wagtail.org


@pytest.mark.django_db
def test_unknown_pages_get_the_branded_404(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="#main"' in response.content


def test_huey_is_configured_explicitly():
    from django.conf import settings

    assert settings.HUEY["immediate"] is False
    expected = "huey.PriorityRedisHuey" if settings.REDIS_URL else "huey.SqliteHuey"
    assert settings.HUEY["huey_class"] == expected


@pytest.mark.django_db
def test_wagtails_own_sign_in_form_is_closed(client):
    from portal.accounts.models import User

    User.objects.create_superuser(email="boss@example.org", password="a long password 1")
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    client.post("/admin/login/", {"username": "boss@example.org", "password": "a long password 1"})
    assert "_auth_user_id" not in client.session


def test_the_500_page_is_branded_and_needs_no_database(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b'lang="en-gb"' in response.content  # the language in force, British English


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_the_branded_403(client):
    # A POST without a CSRF token is the portal's everyday 403.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert b"Form expired" in response.content
    assert b"Nothing was saved" in response.content
