"""The public register of recognised micro-credentials.

An approved design becomes a register entry: a stable identifier, the content the authority
recognised (frozen in `content`, fingerprinted), and columns copied out of it for the list's
filters. A re-review that approves again gives the same entry a new version.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .designs import CredentialType, Design


class EntryStatus(models.TextChoices):
    RECOGNISED = "recognised", _("Recognised")
    LAPSED = "lapsed", _("Lapsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RegisterEntryQuerySet(models.QuerySet):
    def recognised(self):
        return self.filter(status=EntryStatus.RECOGNISED)


class RegisterEntry(models.Model):
    # Stable and public: the entry's address and what verification asks for.
    identifier = models.CharField(max_length=40, unique=True)
    design = models.ForeignKey(
        Design, null=True, blank=True, on_delete=models.SET_NULL, related_name="register_entries"
    )
    # The recognised content in canonical form (see codesign.register), and its SHA-256.
    content = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)

    # Copied out of `content` for filters, sorting and search.
    title = models.CharField(_("title"), max_length=200)
    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.PROTECT, related_name="register_entries"
    )
    sector = models.ForeignKey(
        "frameworks.Sector",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_entries",
    )
    framework = models.ForeignKey(
        "frameworks.QualificationFramework", on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "frameworks.FrameworkLevel", on_delete=models.PROTECT, related_name="+"
    )
    level_number = models.PositiveSmallIntegerField(_("national level"))
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"), null=True, blank=True)
    sadcqf_level = models.PositiveSmallIntegerField(_("SADCQF level"), null=True, blank=True)
    credential_type = models.CharField(
        _("type of micro-credential"), max_length=20, choices=CredentialType.choices
    )
    notional_hours = models.DecimalField(max_digits=7, decimal_places=2)
    credits = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    ects_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    awarding_bodies = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="awarded_register_entries"
    )
    # Every awarding body's name, one per line (bodies outside the portal included).
    awarding_body_names = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="register_entries"
    )
    approved_on = models.DateField()
    review_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=EntryStatus.choices, default=EntryStatus.RECOGNISED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_reason = models.TextField(blank=True)
    # Shelf-life reminders, each sent once per review date.
    reminded_six_months_at = models.DateTimeField(null=True, blank=True)
    reminded_one_month_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "-pk"]
        verbose_name_plural = "register entries"
        indexes = [
            models.Index(fields=["status", "-approved_on"]),
            models.Index(fields=["country", "status"]),
            models.Index(fields=["review_date"]),
        ]

    def __str__(self):
        return f"{self.identifier}: {self.title}"

    def get_absolute_url(self):
        return reverse("register:entry", args=[self.identifier])


class RegisterEntryVersion(models.Model):
    """Each approval of an entry, kept: what was recognised, when, by whom, on which
    submission; an older fingerprint still verifies as what it was."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    submission = models.ForeignKey(
        "codesign.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField()
    fingerprint = models.CharField(max_length=64, db_index=True)
    approved_on = models.DateField()
    review_date = models.DateField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="unique_entry_version")
        ]

    def __str__(self):
        return f"{self.entry.identifier} version {self.number}"
