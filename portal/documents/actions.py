"""Asking for documents, making them, publishing them, and the house style.

A document owns its row. `request_document` creates it (or returns the one already made for
that kind, subject and revision) and enqueues the task after the commit. `render` is the
task's body: it claims the row with a conditional UPDATE that only one worker can win, so a
task that runs twice makes one file. While it works it beats a heartbeat; huey has no
acknowledgements, so `requeue_stale_documents` (a periodic task) queues again whatever a dead
worker left running and whatever task was lost before it started.
"""

import hashlib
import logging
import time
from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actions import record
from portal.notifications.actions import notify

from . import registry
from .models import (
    PUBLISHABLE_ORGANISATION_KINDS,
    GeneratedDocument,
    HouseStyle,
    Status,
    private_storage,
)

logger = logging.getLogger(__name__)

# Failures worth another try: the disk, the network, a locked or lost database.
TRANSIENT_ERRORS = (OSError, OperationalError)
# The least time between two heartbeats written to the database while a document is made.
HEARTBEAT_EVERY_SECONDS = 1.0


def _kind(kind):
    return kind if isinstance(kind, registry.DocumentKind) else registry.get(kind)


def subject_for(kind, subject_id):
    """The subject `subject_id` of `kind`, or None."""
    model = apps.get_model(_kind(kind).subject_model)
    return model._default_manager.filter(pk=subject_id).first()


def _enqueue(document_id):
    from . import tasks

    transaction.on_commit(partial(tasks.render_document, document_id), robust=True)


def request_document(*, kind, subject, by):
    """The document of `kind` for `subject` as it is now, and whether this call created it.

    The same kind, subject and revision give the same document; a failed one is queued again.
    `by` may be anonymous (public kinds). The task is enqueued after the commit."""
    kind = _kind(kind)
    revision = str(kind.revision_of(subject))
    subject_type = ContentType.objects.get_for_model(subject)
    requester = by if by is not None and by.is_authenticated else None
    lookup = {
        "kind": kind.slug,
        "subject_type": subject_type,
        "subject_id": subject.pk,
        "revision": revision,
    }
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().filter(**lookup).first()
        if document is not None:
            if document.status != Status.FAILED:
                return document, False
            return _queue_again(document, by=by, requester=requester), False
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    **lookup,
                    title=str(kind.title_of(subject))[:300],
                    country=(kind.country_of(subject) or "")[:2].upper(),
                    requested_by=requester,
                )
        except IntegrityError:
            # Someone asked at the same moment and won: theirs is the one.
            return GeneratedDocument.objects.get(**lookup), False
        record(
            action="documents.request",
            by=by,
            obj=document,
            detail={"kind": kind.slug, "subject": subject.pk, "revision": revision},
        )
        _enqueue(document.pk)
    return document, True


def _queue_again(document, *, by, requester):
    now = timezone.now()
    previous_error = document.error
    document.status = Status.QUEUED
    document.progress = 0
    document.error = ""
    document.queued_at = now
    document.started_at = document.finished_at = document.heartbeat_at = None
    document.attempts = 0
    if requester is not None:
        document.requested_by = requester
    document.save(
        update_fields=[
            "status",
            "progress",
            "error",
            "queued_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "attempts",
            "requested_by",
        ]
    )
    record(
        action="documents.request_again",
        by=by,
        obj=document,
        detail={"previous_error": previous_error},
    )
    _enqueue(document.pk)
    return document


def _claim(document_id):
    """Mark a queued document as being made; True if this caller won it."""
    now = timezone.now()
    return bool(
        GeneratedDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
            status=Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress=0,
            attempts=F("attempts") + 1,
        )
    )


class _Progress:
    """The `progress(percent)` a kind calls: writes the percentage and the heartbeat, at most
    once a second, only while the row is still this worker's."""

    def __init__(self, document_id):
        self.document_id = document_id
        self.last_beat = time.monotonic()
        self.percent = 0

    def __call__(self, percent):
        percent = max(0, min(99, int(percent)))
        now = time.monotonic()
        since = now - self.last_beat
        moved = percent > self.percent and since >= HEARTBEAT_EVERY_SECONDS / 4
        if not moved and since < HEARTBEAT_EVERY_SECONDS:
            return
        self.percent = max(percent, self.percent)
        self.last_beat = now
        GeneratedDocument.objects.filter(pk=self.document_id, status=Status.RUNNING).update(
            progress=self.percent, heartbeat_at=timezone.now()
        )


def current_house_style():
    """The bytes of the current uploaded house style, or None for the repository's own."""
    style = HouseStyle.objects.current()
    if style is None:
        return None
    with style.file.open("rb") as handle:
        return handle.read()


def _build(document):
    from .builder import DocumentBuilder

    kind = registry.get(document.kind)
    subject = document.subject
    if subject is None:
        raise LookupError(_("What this document was made from no longer exists."))
    builder = DocumentBuilder(house_style=current_house_style())
    kind.render(subject, builder, _Progress(document.pk))
    return builder.to_bytes()


def _store(document, content):
    """Write the file under the document's own name, replacing what an earlier attempt left."""
    name = document.file.field.generate_filename(document, "document.docx")
    storage = private_storage()
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def _plain_error(error):
    problem = " ".join(str(error).split())[:300] or type(error).__name__
    return _(
        "The document could not be made: %(problem)s. Ask for it again; if it fails again, "
        "tell the project team."
    ) % {"problem": problem}


def render(*, document_id):
    """Make the document `document_id` if it is waiting, and return it (None if another worker
    has it or it is already made). A transient error puts it back in the queue and is raised
    again for the task's retry; any other marks it failed with the reason in plain words."""
    if not _claim(document_id):
        return None
    document = GeneratedDocument.objects.get(pk=document_id)
    try:
        content = _build(document)
        name = _store(document, content)
    except TRANSIENT_ERRORS:
        logger.warning("Document %s: transient failure, tried again later.", document.pk)
        GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
            status=Status.QUEUED, queued_at=timezone.now(), heartbeat_at=None
        )
        raise
    except Exception as error:
        logger.exception("Document %s (%s) failed.", document.pk, document.kind)
        _fail(document, _plain_error(error))
        return document
    return _finish(document, name=name, content=content)


@transaction.atomic
def _finish(document, *, name, content):
    finished = GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
        status=Status.DONE,
        progress=100,
        file=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        error="",
    )
    document.refresh_from_db()
    if not finished:
        # The periodic task took it back meanwhile; whichever worker finishes it notifies.
        return document
    record(
        action="documents.render",
        obj=document,
        detail={"size": document.size, "sha256": document.sha256, "attempts": document.attempts},
    )
    if document.requested_by is not None:
        url = reverse("documents:detail", args=[document.public_id])
        notify(
            recipient=document.requested_by,
            kind="documents.done",
            subject=_("Your document is ready: %(title)s") % {"title": document.title},
            body=_(
                "The document you asked for, “%(title)s”, is ready to download. Only people "
                "who may read it can open the link."
            )
            % {"title": document.title},
            url=url,
        )
    return document


@transaction.atomic
def _fail(document, message):
    GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )
    document.refresh_from_db()
    record(action="documents.fail", obj=document, detail={"error": message})


def requeue_stale_documents():
    """Queue again the documents whose worker died (running, no heartbeat for
    DOCUMENTS_STALE_SECONDS) and those whose task was lost before any worker took it. One
    that has stopped DOCUMENTS_MAX_ATTEMPTS times is marked failed. Returns how many were
    queued again."""
    from . import tasks

    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS)
    requeued = []
    for document in GeneratedDocument.objects.stale(cutoff):
        if document.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
            _fail(
                document,
                _(
                    "The document stopped %(count)s times before it was finished. Ask for it "
                    "again; if it stops again, tell the project team."
                )
                % {"count": document.attempts},
            )
            continue
        released = GeneratedDocument.objects.filter(
            pk=document.pk, status=Status.RUNNING, heartbeat_at__lt=cutoff
        ).update(status=Status.QUEUED, queued_at=now, heartbeat_at=None)
        if released:
            requeued.append(document.pk)
    lost = list(GeneratedDocument.objects.lost(cutoff).values_list("pk", flat=True))
    if lost:
        GeneratedDocument.objects.filter(pk__in=lost, status=Status.QUEUED).update(queued_at=now)
    for pk in requeued + lost:
        tasks.render_document(pk)
    if requeued or lost:
        logger.info(
            "Documents queued again: %d left running by a worker, %d never started.",
            len(requeued),
            len(lost),
        )
    return len(requeued) + len(lost)


@transaction.atomic
def record_download(*, document, by):
    """The audit entry of one download."""
    record(
        action="documents.download",
        by=by,
        obj=document,
        detail={"kind": document.kind, "sha256": document.sha256},
    )


def publishable_to(organisation):
    return organisation.is_verified and organisation.kind in PUBLISHABLE_ORGANISATION_KINDS


@transaction.atomic
def publish_document(*, document, organisations, by):
    """Let the members of these ministries and quality authorities read `document` (done ones
    only). Returns the organisations it was newly published to."""
    if document.status != Status.DONE:
        raise ValidationError(
            _("“%(title)s” is not ready yet: only a finished document can be published.")
            % {"title": document.title},
            code="not_ready",
        )
    problems = [
        ValidationError(
            _(
                "%(organisation)s is not a verified ministry or quality authority: documents "
                "are published only to those."
            )
            % {"organisation": organisation.name},
            code="not_publishable",
        )
        for organisation in organisations
        if not publishable_to(organisation)
    ]
    if problems:
        raise ValidationError(problems)
    already = set(document.published_to.values_list("pk", flat=True))
    added = [organisation for organisation in organisations if organisation.pk not in already]
    if not added:
        return []
    document.published_to.add(*added)
    record(
        action="documents.publish",
        by=by,
        obj=document,
        detail={"organisations": [[o.pk, o.name] for o in added]},
    )
    return added


@transaction.atomic
def unpublish_document(*, document, organisation, by):
    if not document.published_to.filter(pk=organisation.pk).exists():
        return False
    document.published_to.remove(organisation)
    record(
        action="documents.unpublish",
        by=by,
        obj=document,
        detail={"organisation": [organisation.pk, organisation.name]},
    )
    return True


def check_house_style_upload(upload):
    """Raise ValidationError naming every problem of an uploaded house style."""
    from .style import check_house_style

    upload.seek(0)
    problems = check_house_style(upload)
    upload.seek(0)
    if problems:
        raise ValidationError([ValidationError(str(problem)) for problem in problems])


@transaction.atomic
def upload_house_style(*, name, upload, by, make_current=True):
    """Store a checked house style; it becomes the current one unless make_current is off."""
    check_house_style_upload(upload)
    content = upload.read()
    if make_current:
        HouseStyle.objects.filter(is_current=True).update(is_current=False)
    style = HouseStyle(
        name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        is_current=make_current,
        uploaded_by=by,
    )
    style.file.save("house-style.docx", ContentFile(content), save=False)
    style.save()
    record(
        action="documents.upload_house_style",
        by=by,
        obj=style,
        detail={"sha256": style.sha256, "size": style.size, "current": make_current},
    )
    return style


@transaction.atomic
def set_current_house_style(*, style, by):
    """Make `style` the current house style; None returns to the repository's own."""
    previous = HouseStyle.objects.current()
    if previous == style:
        return style
    HouseStyle.objects.filter(is_current=True).update(is_current=False)
    if style is not None:
        HouseStyle.objects.filter(pk=style.pk).update(is_current=True)
        style.refresh_from_db()
    record(
        action="documents.set_house_style",
        by=by,
        obj=style,
        detail={"previous": previous.pk if previous else None},
    )
    return style


@transaction.atomic
def rename_house_style(*, style, name, by):
    previous = HouseStyle.objects.get(pk=style.pk).name
    if previous == name:
        return style
    style.name = name
    style.save(update_fields=["name"])
    record(action="documents.rename_house_style", by=by, obj=style, detail={"from": previous})
    return style


@transaction.atomic
def delete_house_style(*, style, by):
    record(
        action="documents.delete_house_style",
        by=by,
        obj=style,
        detail={"sha256": style.sha256, "was_current": style.is_current},
    )
    style.file.delete(save=False)
    style.delete()
