"""Large files go through huey jobs (immediate in the tests): checked and imported in the
background, with their heartbeat; a job that stops is queued again and leaves nothing
half-done."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from pilots.actions import imports as actions
from pilots.imports import bulk, files
from pilots.models import ImportStatus, Participant, ParticipantImport

from .conftest import csv_bytes, rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Files of more than two rows are large."""
    monkeypatch.setattr(files, "INLINE_MAX_ROWS", 2)
    monkeypatch.setattr(files, "XLSX_INLINE_MAX_BYTES", 100)


def test_a_large_file_is_checked_and_imported_by_jobs(world, large, receive, confirm):
    participant_import = receive(csv_bytes(rows(5)))
    assert participant_import.status == ImportStatus.READY
    assert participant_import.progress == 100
    assert participant_import.attempts == 1
    assert [message.to for message in mail.outbox] == [[world.provider.email]]
    assert "Checked: waiting for confirmation" in mail.outbox[0].subject

    participant_import = confirm(participant_import, by=world.academic)
    assert participant_import.status == ImportStatus.IMPORTED
    assert Participant.objects.count() == 5
    assert mail.outbox[-1].to == [world.academic.email]


def test_a_large_workbook_too(world, large, receive, confirm):
    participant_import = confirm(receive(xlsx_bytes(rows(4), typed=True), name="p.xlsx"))
    assert participant_import.status == ImportStatus.IMPORTED
    assert Participant.objects.count() == 4


def test_a_large_file_waits_for_its_job_after_the_upload(world, large):
    participant_import = actions.receive_import(
        pilot=world.pilot, upload=upload(csv_bytes(rows(5))), by=world.provider
    )
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.RECEIVED
    assert participant_import.heartbeat is not None


def _stale(participant_import, status, **values):
    ParticipantImport.objects.filter(pk=participant_import.pk).update(
        status=status, heartbeat=timezone.now() - timedelta(minutes=10), **values
    )


def test_a_check_left_by_a_dead_worker_is_queued_again(world, large):
    participant_import = actions.receive_import(
        pilot=world.pilot, upload=upload(csv_bytes(rows(5))), by=world.provider
    )
    _stale(participant_import, ImportStatus.CHECKING, attempts=1)

    assert actions.requeue_stale_imports() == 1

    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.READY
    assert participant_import.attempts == 2


def test_an_import_killed_midway_leaves_nothing_and_runs_again(world, large, receive, monkeypatch):
    participant_import = receive(csv_bytes(rows(5)))
    real_write = bulk.write

    def killed(*args, **kwargs):
        real_write(*args, **kwargs)  # the rows are written, then the worker dies
        raise SystemExit("killed")

    monkeypatch.setattr(bulk, "write", killed)
    actions.confirm_import(participant_import=participant_import, by=world.provider)
    with pytest.raises(SystemExit):
        actions.run_import(import_id=participant_import.pk)
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.IMPORTING
    assert not Participant.objects.exists()

    monkeypatch.setattr(bulk, "write", real_write)
    assert actions.requeue_stale_imports() == 0  # its heartbeat is fresh: not yet
    _stale(participant_import, ImportStatus.IMPORTING)
    assert actions.requeue_stale_imports() == 1
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.IMPORTED
    assert participant_import.attempts == 2
    assert Participant.objects.count() == 5


def test_a_job_that_keeps_stopping_is_failed(world, large, receive):
    participant_import = receive(csv_bytes(rows(5)))
    actions.confirm_import(participant_import=participant_import, by=world.provider)
    _stale(participant_import, ImportStatus.IMPORTING, attempts=3)

    assert actions.requeue_stale_imports() == 0

    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.FAILED
    assert "stopped 3 times" in participant_import.error
    assert not Participant.objects.exists()


def test_a_transient_failure_puts_the_check_back_for_a_retry(world, large, monkeypatch):
    participant_import = actions.receive_import(
        pilot=world.pilot, upload=upload(csv_bytes(rows(5))), by=world.provider
    )

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions.checking, "check", locked)
    with pytest.raises(OperationalError):
        actions.check_import(import_id=participant_import.pk)
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.RECEIVED


def test_a_check_runs_once_however_often_it_is_asked(world, receive):
    participant_import = receive(csv_bytes(rows(2)))
    assert actions.check_import(import_id=participant_import.pk) is None
    participant_import.refresh_from_db()
    assert participant_import.attempts == 1
