"""The commands that the README and the demo data's output print work exactly as printed, in a
laptop's shell (no DEBUG, SECRET_KEY or DEMO_MODE set), after the demo data is loaded as
`make run` loads it."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from portal.accounts.actions import DEMO_TOTP_SECRET

ROOT = Path(__file__).resolve().parents[2]
DEV_ENV = {"DEBUG": "1", "DEMO_MODE": "1"}  # what the Makefile's DEV_ENV sets


def _run(args, env):
    return subprocess.run(  # noqa: S603 - our own interpreter, code and printed commands
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """A shell on a laptop after `make run` loaded the demo data: its own SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DEMO_MODE", "DATABASE_URL", "REDIS_URL"}
        # A person's shell is not inside make, as `make test` is: no "Entering directory".
        and key not in {"MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"}
    }
    env["PORTAL_VAR_DIR"] = str(tmp_path_factory.mktemp("laptop-var"))
    printed = []
    for step in (["migrate", "--noinput"], ["load_handbook"], ["seed_demo"]):
        result = _run([sys.executable, "manage.py", *step], env | DEV_ENV)
        assert result.returncode == 0, result.stderr
        printed.append(result.stdout)
    return env, "\n".join(printed)


def _current_codes():
    step = int(time.time()) // 30
    return {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, step + delta)) for delta in (-1, 0, 1)}


def test_every_printed_two_factor_command_prints_the_current_code(laptop):
    env, printed = laptop
    readme = (ROOT / "README.md").read_text()
    # A command, not the bare name: `make demo-totp EMAIL=...`, `manage.py demo_totp ...`.
    commands = {
        source: re.findall(r"`([^`]*demo[-_]totp\s[^`]*)`", text)
        for source, text in (("README", readme), ("demo output", printed))
    }
    assert commands["README"], "the README says how to read a demo account's code"
    assert commands["demo output"], "the demo data's output says how, too"
    for command in {command for found in commands.values() for command in found}:
        result = _run(["bash", "-c", command], env)
        assert result.returncode == 0, f"{command!r} failed as printed: {result.stderr}"
        assert result.stdout.strip() in _current_codes(), command
