import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_the_deploy_check_fails_when_demo_mode_is_on(settings):
    settings.DEMO_MODE = True
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True)
    assert "portal.E001" in str(raised.value)
    assert "DEMO_MODE" in str(raised.value)


def test_the_deploy_check_passes_with_demo_mode_off(settings):
    settings.DEMO_MODE = False
    call_command("check", deploy=True)


def test_the_everyday_check_leaves_demo_mode_alone(settings):
    # make run turns demo mode on and runs checks without --deploy: it must not fail there.
    settings.DEMO_MODE = True
    call_command("check")
