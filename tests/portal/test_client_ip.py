"""Behind the reverse proxy every request arrives from the proxy's address: rate limits must
count the visitor's own address, taken from the entry the proxy adds to X-Forwarded-For, and a
visitor must not be able to choose it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.accounts.actions import create_user_with_verified_email
from portal.clientip import client_ip

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"


def _settings_from_environment(**env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TRUSTED_PROXY_COUNT"}}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": "x" * 64, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_trusted_proxy_count_and_header_come_from_the_environment():
    assert _settings_from_environment() == ["0", "None"]
    assert _settings_from_environment(TRUSTED_PROXY_COUNT="1") == ["1", "None"]
    assert _settings_from_environment(TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == ["0", "X-Real-IP"]


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_the_client_ip_is_the_entry_the_proxy_added(rf, behind_one_proxy):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


def test_an_ipv6_visitor_is_counted_by_their_network(rf):
    # A phone or household gets a whole /64: rotating within it must not escape a limit.
    first = rf.get("/", REMOTE_ADDR="2001:db8:1:2::a")
    second = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::b")
    assert client_ip(first) == client_ip(second) == "2001:db8:1:2::"


def failed_sign_in(client, visitor, attempt, spoofed=None):
    forwarded = f"{spoofed}, {visitor}" if spoofed else visitor
    return client.post(
        "/accounts/login/",
        {"login": f"nobody{attempt}@example.org", "password": "not the password 1"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def is_locked_out(response):
    return response.status_code == 429 or b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_wrong_passwords_lock_out_one_visitor_not_everyone_behind_the_proxy(
    client, behind_one_proxy
):
    create_user_with_verified_email(email="someone@example.org", password="a long password 1")
    for attempt in range(10):
        # Each try names another address first: a spoofed entry cannot reset the count.
        response = failed_sign_in(client, "203.0.113.5", attempt, spoofed=f"6.6.6.{attempt}")
        assert not is_locked_out(response)

    assert is_locked_out(failed_sign_in(client, "203.0.113.5", 10, spoofed="7.7.7.7"))
    assert not is_locked_out(failed_sign_in(client, "198.51.100.7", 11))
