"""Generated documents (one row per kind, subject and revision) and the house style they use.

A document is made by a huey task that owns its row: the row is claimed with a conditional
UPDATE, keeps a heartbeat while it is made, and a periodic task queues again whatever a dead
worker left running (portal/documents/actions.py).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import OrganisationKind

from . import registry

# Organisations a document can be published to: their verified members read it in the library.
PUBLISHABLE_ORGANISATION_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.QUALITY_AUTHORITY)


def private_storage():
    return storages["private"]


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def subject_type_of(kind):
    """The ContentType of a kind's subjects."""
    app_label, model_name = kind.subject_model.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model_name.lower())


class GeneratedDocumentQuerySet(models.QuerySet):
    def of_subject(self, kind, subject):
        return self.filter(
            kind=kind.slug,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )

    def published_to_member(self, user):
        """Documents published to a verified ministry or quality authority `user` belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            published_to__verified_at__isnull=False,
            published_to__kind__in=PUBLISHABLE_ORGANISATION_KINDS,
            published_to__memberships__user=user,
        )

    def readable_by(self, user):
        """Every document `user` may read: those of the subjects each kind lets them read,
        and those published to their ministry or authority."""
        readable = Q(pk__in=self.published_to_member(user).values("pk"))
        for kind in registry.all_kinds():
            subjects = kind.readable(user)
            readable |= Q(
                kind=kind.slug,
                subject_type=subject_type_of(kind),
                subject_id__in=subjects.values("pk"),
            )
        return self.filter(readable)

    def stale(self, cutoff):
        """Rows a worker claimed and stopped beating for before `cutoff`: it died."""
        return self.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)

    def lost(self, cutoff):
        """Rows queued before `cutoff` that no worker has claimed: their task was lost."""
        return self.filter(status=Status.QUEUED, queued_at__lt=cutoff)


def _document_path(instance, filename):
    # The stored name is the document's own id: a title never becomes a path on the server.
    return f"documents/{instance.kind}/{instance.public_id}.docx"


class GeneratedDocument(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.SlugField(_("kind"), max_length=50)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    # The state of the subject it shows (kind.revision_of): a new revision makes a new document.
    revision = models.CharField(max_length=100)
    title = models.CharField(_("title"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=_document_path, storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When it was last put in the queue (asked for, asked again after failing, or re-queued).
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why it failed, in plain words for the person who asked.
    error = models.TextField(blank=True)
    published_to = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="published_documents"
    )

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "revision"],
                name="one_document_per_kind_subject_revision",
            )
        ]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["kind", "country", "created_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def document_kind(self):
        """The registered kind, or None if no app registers it any more."""
        try:
            return registry.get(self.kind)
        except KeyError:
            return None

    @property
    def kind_label(self):
        kind = self.document_kind
        return kind.label if kind is not None else self.kind

    @property
    def is_pending(self):
        return self.status in (Status.QUEUED, Status.RUNNING)

    @property
    def is_done(self):
        return self.status == Status.DONE


def _house_style_path(instance, filename):
    return f"house-styles/{uuid.uuid4().hex}.docx"


class HouseStyleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()


class HouseStyle(models.Model):
    """A reference .docx uploaded by staff in place of the repository's house style. The
    current one (at most one) styles every document made from then on; none means the
    repository's own."""

    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=_house_style_path, storage=private_storage)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    is_current = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("Documents made from now on use the current house style."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = HouseStyleQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("house style")
        verbose_name_plural = _("house styles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_house_style",
            )
        ]

    def __str__(self):
        return self.name
