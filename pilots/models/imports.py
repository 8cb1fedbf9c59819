"""Participant imports: every file kept with who sent it, when, its hash and its report."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pilots import Pilot


class ImportStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting to be checked")
    CHECKING = "checking", _("Being checked")
    PROBLEMS = "problems", _("Problems found: nothing imported")
    READY = "ready", _("Checked: waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")
    CANCELLED = "cancelled", _("Cancelled")


# The states a background job still has to move on from.
WORKING = (ImportStatus.RECEIVED, ImportStatus.CHECKING, ImportStatus.IMPORTING)


def _import_file_path(instance, filename):
    # The stored name is random: a person's file name never becomes a path on the server.
    return f"pilot-imports/{instance.pilot_id}/{uuid.uuid4().hex}"


def private_storage():
    return storages["private"]


class ParticipantImport(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to=_import_file_path, storage=private_storage)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(max_length=10)  # csv | xlsx
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.RECEIVED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    row_count = models.PositiveIntegerField(null=True, blank=True)
    # Every problem found: [{"row", "column", "value", "reason"}], and what the import did or
    # would do: {"created", "updated", "unchanged"}.
    problems = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A job's sign of life; a periodic task re-queues rows left working without one.
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("pilots:import", args=[self.pilot_id, self.pk])
