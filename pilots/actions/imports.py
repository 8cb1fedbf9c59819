"""Importing participants from a file: receive it, check it, let a person confirm, import it.

Nothing reaches the participants until a person confirms, and then all or nothing: the import
is one transaction around `save_participants`. Each import owns its ParticipantImport row.

- `receive_import` keeps the file (private storage, its SHA-256, who and when) after the
  checks that need no parsing (`pilots.imports.files`), and has it checked: at once while the
  person waits when it is small, else by a huey job enqueued after the commit.
- `check_import` (the job's body, or called inline) claims the row with a conditional UPDATE
  (RECEIVED -> CHECKING) that one caller wins, reads and validates the file, and leaves the
  row with its problems (PROBLEMS) or what the import would do (READY). It writes nothing
  else, so running it again is harmless.
- `confirm_import` moves READY to IMPORTING with a conditional UPDATE: of two confirmations
  only one goes through. `run_import` then reads the file again and, in one transaction with
  the pilot's row locked, checks that nothing has moved since the preview (no newer upload
  imported meanwhile, the participants as the preview saw them) and saves the rows.
- huey has no acknowledgements: `requeue_stale_imports` (a periodic task) queues again a row
  whose job stopped beating its heartbeat (a dead worker; its transaction was rolled back),
  at most MAX_ATTEMPTS times before it is marked failed.
"""

import hashlib
import logging
import time
import unicodedata
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actions import record
from portal.notifications.actions import notify

from ..imports import check as checking
from ..imports import files
from ..models import ImportStatus, ParticipantImport
from ..models.imports import WORKING
from .common import lock_pilot, require_partner
from .participants import save_participants

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OSError, OperationalError)
HEARTBEAT_EVERY_SECONDS = 1.0


def stale_seconds():
    return getattr(settings, "PILOT_IMPORT_STALE_SECONDS", 120)


def max_attempts():
    return getattr(settings, "PILOT_IMPORT_MAX_ATTEMPTS", 3)


def clean_file_name(name):
    """The name a person's file is shown by: no folders, no control characters, not too long."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return " ".join(name.split())[:200] or "participants"


def is_small(*, file_format, size, rows):
    """Whether the file is checked (and imported) at once rather than by a background job."""
    if file_format == "xlsx":
        return size <= files.XLSX_INLINE_MAX_BYTES
    return size <= files.INLINE_MAX_BYTES and (rows or 0) <= files.INLINE_MAX_ROWS


def _enqueue(task_name, import_id):
    from .. import tasks

    transaction.on_commit(partial(getattr(tasks, task_name), import_id), robust=True)


def receive_import(*, pilot, upload, by, encoding="utf-8"):
    """Keep an uploaded file as a new import of `pilot` and have it checked. Raises
    ValidationError, keeping nothing, when the file is refused before any parsing: not a .csv
    or .xlsx, too large, not what its name says, a workbook beyond the limits."""
    require_partner(pilot, by)
    if encoding not in files.ENCODINGS:
        raise ValidationError(_("Choose the file's encoding from the list."), code="encoding")
    name = clean_file_name(getattr(upload, "name", ""))
    try:
        file_format = files.format_of(name)
        files.check_size(upload.size)
        upload.seek(0)
        data = upload.read(files.MAX_BYTES + 1)
        files.check_size(len(data))
        rows = None
        if file_format == "csv":
            files.check_csv(data)
            rows = files.check_csv_rows(data)
        else:
            files.open_xlsx(data)
    except files.Refused as refused:
        raise ValidationError(str(refused), code="refused") from refused
    small = is_small(file_format=file_format, size=len(data), rows=rows)
    with transaction.atomic():
        participant_import = ParticipantImport(
            pilot=pilot,
            file_name=name,
            file_format=file_format,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            status=ImportStatus.RECEIVED,
            summary={"encoding": encoding} if file_format == "csv" else {},
            uploaded_by=by,
            heartbeat=timezone.now(),
        )
        participant_import.file.save("upload", ContentFile(data), save=False)
        participant_import.save()
        record(
            action="pilots.import_receive",
            by=by,
            obj=participant_import,
            detail={
                "pilot": pilot.pk,
                "file_name": name,
                "size": len(data),
                "sha256": participant_import.sha256,
            },
        )
        if not small:
            _enqueue("check_import", participant_import.pk)
    if small:
        check_import(import_id=participant_import.pk)
        participant_import.refresh_from_db()
    return participant_import


class _Progress:
    """Writes the percentage and the heartbeat at most once a second, while the row is still
    this job's (its status and attempt)."""

    def __init__(self, participant_import, status):
        self.pk = participant_import.pk
        self.status = status
        self.attempts = participant_import.attempts
        self.last = time.monotonic()

    def __call__(self, percent):
        now = time.monotonic()
        if now - self.last < HEARTBEAT_EVERY_SECONDS / 4:
            return
        self.last = now
        ParticipantImport.objects.filter(
            pk=self.pk, status=self.status, attempts=self.attempts
        ).update(progress=max(0, min(99, int(percent))), heartbeat=timezone.now())


def _read_file(participant_import):
    with participant_import.file.open("rb") as handle:
        return handle.read()


def _plain_error(error):
    problem = " ".join(str(error).split())[:300] or type(error).__name__
    return _(
        "The file could not be processed: %(problem)s. Nothing was imported. Try again; if it "
        "fails again, tell the project team."
    ) % {"problem": problem}


def check_import(*, import_id):
    """Check a received file and keep the outcome on its row (the check job's body). Returns
    the import, or None when another caller has it."""
    now = timezone.now()
    claimed = ParticipantImport.objects.filter(pk=import_id, status=ImportStatus.RECEIVED).update(
        status=ImportStatus.CHECKING,
        heartbeat=now,
        progress=0,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    participant_import = ParticipantImport.objects.select_related("pilot").get(pk=import_id)
    if participant_import.attempts > max_attempts():
        return _stopped_too_often(participant_import)
    try:
        outcome = checking.check(
            participant_import.pilot,
            _read_file(participant_import),
            file_format=participant_import.file_format,
            encoding=participant_import.summary.get("encoding", "utf-8"),
            progress=_Progress(participant_import, ImportStatus.CHECKING),
        )
    except TRANSIENT_ERRORS:
        logger.warning("Import %s: transient failure while checking.", import_id)
        ParticipantImport.objects.filter(
            pk=import_id, status=ImportStatus.CHECKING, attempts=participant_import.attempts
        ).update(status=ImportStatus.RECEIVED, heartbeat=timezone.now())
        raise
    except Exception as error:
        logger.exception("Import %s failed while checking.", import_id)
        return _fail(participant_import, ImportStatus.CHECKING, _plain_error(error))
    return _checked(participant_import, outcome)


@transaction.atomic
def _checked(participant_import, outcome):
    status = ImportStatus.READY if outcome.ok else ImportStatus.PROBLEMS
    summary = {**participant_import.summary, **outcome.summary}
    done = ParticipantImport.objects.filter(
        pk=participant_import.pk,
        status=ImportStatus.CHECKING,
        attempts=participant_import.attempts,
    ).update(
        status=status,
        progress=100,
        row_count=outcome.row_count,
        problems=outcome.problems,
        summary=summary,
        error=outcome.error,
        finished_at=timezone.now(),
        heartbeat=timezone.now(),
    )
    participant_import.refresh_from_db()
    if not done:
        return participant_import
    record(
        action="pilots.import_check",
        obj=participant_import,
        detail={
            "status": status,
            "rows": outcome.row_count,
            "problems": summary.get("problem_total", 0),
            "error": outcome.error[:300],
            **{key: summary[key] for key in ("created", "updated", "unchanged") if key in summary},
        },
    )
    _tell(participant_import, participant_import.uploaded_by, checked=True)
    return participant_import


def _tell(participant_import, person, *, checked):
    """E-mail the person about a file a background job handled (a small one they saw at once)."""
    if person is None or is_small(
        file_format=participant_import.file_format,
        size=participant_import.size,
        rows=participant_import.row_count,
    ):
        return
    status = participant_import.get_status_display()
    notify(
        recipient=person,
        kind="pilots.import_checked" if checked else "pilots.import_done",
        subject=_("%(file)s: %(status)s")
        % {"file": participant_import.file_name, "status": status},
        body=_("The participants file “%(file)s” for “%(pilot)s”: %(status)s.")
        % {
            "file": participant_import.file_name,
            "pilot": participant_import.pilot.title,
            "status": status,
        },
        url=participant_import.get_absolute_url(),
    )


@transaction.atomic
def _fail(participant_import, from_status, message):
    ParticipantImport.objects.filter(pk=participant_import.pk, status=from_status).update(
        status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    participant_import.refresh_from_db()
    record(action="pilots.import_fail", obj=participant_import, detail={"error": message})
    return participant_import


def _stopped_too_often(participant_import):
    return _fail(
        participant_import,
        participant_import.status,
        _(
            "The import stopped %(count)s times before it was finished. Nothing was imported. "
            "Upload the file again; if it stops again, tell the project team."
        )
        % {"count": max_attempts()},
    )


def confirm_import(*, participant_import, by):
    """The person confirms a checked import: it runs (at once when small, else in a job).
    Of two confirmations, or a confirmation and a cancellation, only the first goes through:
    ValidationError for the other."""
    require_partner(participant_import.pilot, by)
    with transaction.atomic():
        confirmed = ParticipantImport.objects.filter(
            pk=participant_import.pk, status=ImportStatus.READY
        ).update(
            status=ImportStatus.IMPORTING,
            confirmed_by=by,
            confirmed_at=timezone.now(),
            heartbeat=timezone.now(),
            progress=0,
            attempts=0,
        )
        if not confirmed:
            participant_import.refresh_from_db()
            raise ValidationError(
                _("This import is no longer waiting for confirmation: it is “%(status)s”.")
                % {"status": participant_import.get_status_display()},
                code="not_ready",
            )
        participant_import.refresh_from_db()
        record(action="pilots.import_confirm", by=by, obj=participant_import)
        small = is_small(
            file_format=participant_import.file_format,
            size=participant_import.size,
            rows=participant_import.row_count,
        )
        if not small:
            _enqueue("run_import", participant_import.pk)
    if small:
        run_import(import_id=participant_import.pk)
        participant_import.refresh_from_db()
    return participant_import


def cancel_import(*, participant_import, by):
    """Set aside an import that is not imported: it stays in the history, its file kept."""
    require_partner(participant_import.pilot, by)
    with transaction.atomic():
        cancelled = ParticipantImport.objects.filter(
            pk=participant_import.pk,
            status__in=(ImportStatus.READY, ImportStatus.PROBLEMS),
        ).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
        participant_import.refresh_from_db()
        if not cancelled:
            raise ValidationError(
                _("This import cannot be cancelled now: it is “%(status)s”.")
                % {"status": participant_import.get_status_display()},
                code="not_cancellable",
            )
        record(action="pilots.import_cancel", by=by, obj=participant_import)
    return participant_import


def run_import(*, import_id):
    """Import a confirmed file (the import job's body). The file is read and validated
    outside the transaction; then, with the pilot locked, the rows are saved all or nothing.
    Running it twice imports once: the second finds the row no longer IMPORTING."""
    now = timezone.now()
    started = ParticipantImport.objects.filter(pk=import_id, status=ImportStatus.IMPORTING).update(
        heartbeat=now, attempts=F("attempts") + 1, progress=5
    )
    if not started:
        return None
    participant_import = ParticipantImport.objects.select_related("pilot", "confirmed_by").get(
        pk=import_id
    )
    if participant_import.attempts > max_attempts():
        return _stopped_too_often(participant_import)
    progress = _Progress(participant_import, ImportStatus.IMPORTING)
    try:
        outcome = checking.read_and_validate(
            participant_import.pilot,
            _read_file(participant_import),
            file_format=participant_import.file_format,
            encoding=participant_import.summary.get("encoding", "utf-8"),
            progress=progress,
        )
        ParticipantImport.objects.filter(pk=import_id, status=ImportStatus.IMPORTING).update(
            progress=70, heartbeat=timezone.now()
        )
        return _import(participant_import, outcome)
    except TRANSIENT_ERRORS:
        logger.warning("Import %s: transient failure while importing.", import_id)
        raise
    except ValidationError as error:
        return _fail(
            participant_import, ImportStatus.IMPORTING, _plain_error("; ".join(error.messages))
        )
    except Exception as error:
        logger.exception("Import %s failed while importing.", import_id)
        return _fail(participant_import, ImportStatus.IMPORTING, _plain_error(error))


@transaction.atomic
def _import(participant_import, outcome):
    pilot = lock_pilot(participant_import.pilot)
    current = ParticipantImport.objects.select_for_update().get(pk=participant_import.pk)
    if current.status != ImportStatus.IMPORTING:
        return current  # another worker finished it while this one waited for the lock
    by = current.confirmed_by
    newer = (
        ParticipantImport.objects.filter(pilot=pilot, status=ImportStatus.IMPORTED)
        .filter(
            Q(uploaded_at__gt=current.uploaded_at)
            | Q(uploaded_at=current.uploaded_at, pk__gt=current.pk)
        )
        .exclude(pk=current.pk)
        .order_by("-uploaded_at")
        .first()
    )
    if newer is not None:
        message = _(
            "A file uploaded after this one (“%(file)s”, %(when)s) has been imported since this "
            "one was checked: importing this one would undo it. Nothing was imported. If this "
            "file is the right one, upload it again."
        ) % {
            "file": newer.file_name,
            "when": timezone.localtime(newer.uploaded_at).strftime("%Y-%m-%d %H:%M"),
        }
        return _finish(current, ImportStatus.CANCELLED, error=message, by=by)
    if not outcome.ok:
        # Districts or cohorts changed since the check.
        return _finish(
            current,
            ImportStatus.PROBLEMS,
            problems=outcome.problems,
            summary={**current.summary, **outcome.summary},
            error=outcome.error,
            by=by,
        )
    if checking.state_of(pilot) != current.summary.get("state"):
        # The participants changed since the preview: show what the import would do now.
        summary = {
            **current.summary,
            **outcome.summary,
            **checking.preview(pilot, outcome.rows, outcome.numbers),
            "rechecked": True,
        }
        return _finish(current, ImportStatus.READY, summary=summary, by=by, done=False)
    counts = save_participants(pilot=pilot, rows=outcome.rows, by=by)
    summary = {
        **current.summary,
        **outcome.summary,
        **counts,
        "imported_at": timezone.now().isoformat(),
    }
    summary.pop("rechecked", None)
    return _finish(current, ImportStatus.IMPORTED, summary=summary, by=by)


def _finish(current, status, *, by, summary=None, problems=None, error="", done=True):
    values = {
        "status": status,
        "progress": 100 if done else 0,
        "error": error,
        "heartbeat": timezone.now(),
    }
    if done:
        values["finished_at"] = timezone.now()
    if summary is not None:
        values["summary"] = summary
    if problems is not None:
        values["problems"] = problems
    ParticipantImport.objects.filter(pk=current.pk).update(**values)
    current.refresh_from_db()
    record(
        action="pilots.import" if status == ImportStatus.IMPORTED else "pilots.import_stop",
        by=by,
        obj=current,
        detail={
            "status": status,
            "error": error[:300],
            **{key: current.summary.get(key) for key in ("created", "updated", "unchanged")},
        },
    )
    if done:
        _tell(current, by, checked=False)
    return current


def requeue_stale_imports():
    """Queue again the imports whose job stopped (no heartbeat for PILOT_IMPORT_STALE_SECONDS:
    its worker died, or its task was lost before any worker took it). One that has stopped
    PILOT_IMPORT_MAX_ATTEMPTS times is marked failed. Returns how many were queued again."""
    from .. import tasks

    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=stale_seconds())
    queued = []
    for participant_import in ParticipantImport.objects.filter(
        status__in=WORKING, heartbeat__lt=cutoff
    ):
        if participant_import.attempts >= max_attempts():
            _stopped_too_often(participant_import)
            continue
        if participant_import.status == ImportStatus.IMPORTING:
            again = ParticipantImport.objects.filter(
                pk=participant_import.pk, status=ImportStatus.IMPORTING, heartbeat__lt=cutoff
            ).update(heartbeat=now)
            if again:
                queued.append((tasks.run_import, participant_import.pk))
            continue
        again = ParticipantImport.objects.filter(
            pk=participant_import.pk,
            status__in=(ImportStatus.RECEIVED, ImportStatus.CHECKING),
            heartbeat__lt=cutoff,
        ).update(status=ImportStatus.RECEIVED, heartbeat=now)
        if again:
            queued.append((tasks.check_import, participant_import.pk))
    for task, pk in queued:
        task(pk)
    if queued:
        logger.info("Participant imports queued again: %d.", len(queued))
    return len(queued)
