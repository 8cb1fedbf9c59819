"""The audit key is required when DEBUG is off, as SECRET_KEY is, and must differ from it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "s" * 64


def _start_settings(**env):
    unset = {"SECRET_KEY", "AUDIT_KEY", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_an_audit_key_when_debug_is_off():
    result = _start_settings(DEBUG="0", SECRET_KEY=SECRET_KEY)
    assert result.returncode != 0
    assert "AUDIT_KEY must be set" in result.stderr


def test_refuses_a_short_audit_key():
    result = _start_settings(DEBUG="0", SECRET_KEY=SECRET_KEY, AUDIT_KEY="a" * 31)
    assert result.returncode != 0
    assert "AUDIT_KEY must be set" in result.stderr


def test_refuses_the_secret_key_as_the_audit_key():
    result = _start_settings(DEBUG="0", SECRET_KEY=SECRET_KEY, AUDIT_KEY=SECRET_KEY)
    assert result.returncode != 0
    assert "AUDIT_KEY must be set" in result.stderr


def test_refuses_the_development_audit_key():
    result = _start_settings(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        AUDIT_KEY="dev-only-insecure-audit-key-never-use-in-production",
    )
    assert result.returncode != 0
    assert "AUDIT_KEY must be set" in result.stderr


def test_starts_with_a_real_audit_key():
    result = _start_settings(DEBUG="0", SECRET_KEY=SECRET_KEY, AUDIT_KEY="k" * 43)
    assert result.returncode == 0, result.stderr
