import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_the_deploy_check_fails_when_demo_mode_is_on(settings):
    settings.DEMO_MODE = True
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True)
    assert "portal.E001" in str(raised.value)
    assert "DEMO_MODE" in str(raised.value)


def check_ids(deploy=True):
    return {message.id for message in run_checks(include_deployment_checks=deploy)}


def test_the_deploy_check_passes_with_demo_mode_off(settings):
    settings.DEMO_MODE = False
    assert "portal.E001" not in check_ids()


def test_the_everyday_check_leaves_demo_mode_alone(settings):
    # make run turns demo mode on and runs checks without --deploy: it must not fail there.
    settings.DEMO_MODE = True
    assert "portal.E001" not in check_ids(deploy=False)


def test_the_deploy_check_warns_when_rate_limits_would_count_the_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    assert "portal.W001" in check_ids()

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert "portal.W001" not in check_ids()

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert "portal.W001" not in check_ids()


def test_without_a_proxy_the_connection_address_is_right(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert "portal.W001" not in check_ids()
