"""E-mail leaves after the commit, from huey, and the file back end works from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from huey.contrib.djhuey import HUEY

from portal.mail import send_after_commit
from tests.mailserver import BROKEN_MAIL_SERVER, WORKING_MAIL_SERVER, run_retries, waiting_tasks

ROOT = Path(__file__).resolve().parents[2]


def message():
    return EmailMessage("Hello", "A body", "portal@example.org", ["someone@example.org"])


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(message())
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Hello"]

    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(message())
        raise RuntimeError("the change failed")
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_retried_until_it_answers(
    db, settings, django_capture_on_commit_callbacks
):
    HUEY.flush()
    settings.EMAIL_BACKEND = BROKEN_MAIL_SERVER
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(message())
    run_retries()  # still down
    assert waiting_tasks() == ["send_email"]
    assert HUEY.scheduled()[0].retries == 3

    settings.EMAIL_BACKEND = WORKING_MAIL_SERVER
    run_retries()
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    assert waiting_tasks() == []


def test_the_file_back_end_works_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_HOST", "EMAIL_BACKEND"}}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", EMAIL_FILE_PATH=str(tmp_path))
    script = (
        "import django; django.setup()\n"
        "from django.core.mail import send_mail\n"
        "send_mail('Hello', 'A body', 'portal@example.org', ['someone@example.org'])\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [written] = tmp_path.iterdir()
    assert "Subject: Hello" in written.read_text()
