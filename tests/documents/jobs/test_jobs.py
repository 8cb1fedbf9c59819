"""Asking for a document, making it once, and finishing what a dead worker left."""

import io

import docx
import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from portal.accounts import actions as accounts_actions
from portal.audit.models import AuditEntry
from portal.documents import actions, tasks
from portal.documents.models import GeneratedDocument, Status

from .conftest import FAILURES, PUBLIC_KIND, RENDERED

pytestmark = pytest.mark.django_db


def _text(document):
    with document.file.open("rb") as handle:
        return "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)


def test_asking_makes_the_document_and_e_mails_the_requester(ask, organisation, member_user):
    document, created = ask(organisation, member_user)

    assert created
    document.refresh_from_db()
    assert document.status == Status.DONE
    assert document.progress == 100
    assert document.title == "Report on University of Testing"
    assert document.country == "MU"
    assert document.attempts == 1
    assert document.size == document.file.size > 0
    assert len(document.sha256) == 64
    assert "University of Testing" in _text(document)
    assert [message.to for message in mail.outbox] == [[member_user.email]]
    assert "Report on University of Testing" in mail.outbox[0].subject
    assert f"/documents/{document.public_id}/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="documents.render", object_id=str(document.pk)).exists()


def test_asking_twice_returns_the_same_document(ask, organisation, member_user, admin_user):
    first, created_first = ask(organisation, member_user)
    second, created_second = ask(organisation, admin_user)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert [organisation.pk] == RENDERED
    assert GeneratedDocument.objects.count() == 1


def test_a_new_revision_makes_a_new_document(ask, organisation, admin_user, staff):
    first, _created = ask(organisation, admin_user)
    accounts_actions.update_organisation_details(
        organisation=organisation, sectors=[], website="https://uni.example", by=admin_user
    )
    second, created = ask(organisation, admin_user)

    assert created and second.pk != first.pk
    assert second.revision == "https://uni.example"


def test_a_failed_document_is_queued_again_when_asked_for(ask, organisation, member_user):
    FAILURES.append(ValueError("the subject has no name"))
    failed, _created = ask(organisation, member_user)
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert "the subject has no name" in failed.error
    assert not failed.file

    again, created = ask(organisation, member_user)

    again.refresh_from_db()
    assert not created and again.pk == failed.pk
    assert again.status == Status.DONE
    assert again.error == ""
    assert AuditEntry.objects.filter(action="documents.request_again").count() == 1


def test_an_error_fails_the_document_in_plain_words(ask, organisation, member_user, caplog):
    FAILURES.append(KeyError("learning_outcomes"))
    document, _created = ask(organisation, member_user)

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error.startswith("The document could not be made: ")
    assert "Traceback" not in document.error
    assert "Traceback" in caplog.text or any(record.exc_info for record in caplog.records)
    assert mail.outbox == []


def test_a_transient_error_puts_it_back_in_the_queue_for_a_retry(organisation, member_user):
    # Asked for without running the task; then the task's body runs as a worker would.
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )
    FAILURES.append(OperationalError("database is locked"))

    with pytest.raises(OperationalError):
        actions.render(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == Status.QUEUED
    assert document.error == ""

    # The retry makes it.
    actions.render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Status.DONE
    assert document.attempts == 2


def test_running_the_task_twice_makes_one_file(organisation, member_user, settings):
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )

    tasks.render_document.call_local(document.pk)
    first = GeneratedDocument.objects.get(pk=document.pk)
    tasks.render_document.call_local(document.pk)
    second = GeneratedDocument.objects.get(pk=document.pk)

    assert [organisation.pk] == RENDERED
    assert (first.file.name, first.sha256, first.finished_at) == (
        second.file.name,
        second.sha256,
        second.finished_at,
    )
    folder = settings.PRIVATE_MEDIA_ROOT / "documents" / "test_organisation_report"
    assert [path.name for path in folder.glob(f"{document.public_id}*")] == [
        f"{document.public_id}.docx"
    ]


def test_a_job_killed_midway_is_finished_by_the_periodic_task(organisation, member_user, settings):
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )
    # A worker claimed it, beat once, and died: the row is left running, with no file.
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS + 5)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago, progress=40, attempts=1
    )

    tasks.requeue_stale_documents.call_local()

    document.refresh_from_db()
    assert document.status == Status.DONE
    assert document.attempts == 2
    assert document.file and document.size > 0


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(organisation, member_user):
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, heartbeat_at=timezone.now(), attempts=1
    )

    assert actions.requeue_stale_documents() == 0
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.RUNNING


def test_a_task_lost_before_it_started_is_queued_again(organisation, member_user, settings):
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS + 5)
    GeneratedDocument.objects.filter(pk=document.pk).update(queued_at=long_ago)

    assert actions.requeue_stale_documents() == 1
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.DONE


def test_a_job_that_keeps_dying_is_failed_in_the_end(organisation, member_user, settings):
    document, _created = actions.request_document(
        kind="test_organisation_report", subject=organisation, by=member_user
    )
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS + 5)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, heartbeat_at=long_ago, attempts=settings.DOCUMENTS_MAX_ATTEMPTS
    )

    actions.requeue_stale_documents()

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert "stopped 3 times" in document.error


def test_anonymous_visitors_may_ask_for_a_public_kind(ask, mauritius):
    from django.contrib.auth.models import AnonymousUser

    document, created = ask(mauritius, AnonymousUser(), kind=PUBLIC_KIND)

    document.refresh_from_db()
    assert created and document.requested_by is None
    assert document.status == Status.DONE
    assert mail.outbox == []
