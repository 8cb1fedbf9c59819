"""Micro-credential designs: co-authored section by section, every save a revision."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .needs import is_staff
from .workspaces import Workspace, WorkspaceMember


class CredentialType(models.TextChoices):
    # The three types the field names (PoMiSA 2025, Mauritius).
    STACKABLE = "stackable", _("Stackable (part of an academic programme)")
    INDUSTRY_LED = "industry_led", _("Industry-led")
    STAND_ALONE = "stand_alone", _("Stand-alone")


class DesignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for review")


class DesignQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if is_staff(user):
            return self.all()
        return self.filter(
            workspace__in=WorkspaceMember.objects.filter(user=user).values("workspace")
        )


class Design(index.Indexed, models.Model):
    """A micro-credential as its authors are designing it.

    The basics (title, framework, level, type) are columns, because lists, search and rules
    read them; everything else is in its sections. The latest revision's snapshot always
    equals what the columns and sections hold.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="designs")
    title = models.CharField(_("title"), max_length=200)
    framework = models.ForeignKey(
        "frameworks.QualificationFramework", on_delete=models.PROTECT, related_name="designs"
    )
    level = models.ForeignKey(
        "frameworks.FrameworkLevel", on_delete=models.PROTECT, related_name="designs"
    )
    credential_type = models.CharField(
        _("type of micro-credential"), max_length=20, choices=CredentialType.choices
    )
    is_core_module = models.BooleanField(
        _("a core module of an academic qualification"), default=False
    )
    status = models.CharField(
        max_length=20, choices=DesignStatus.choices, default=DesignStatus.DRAFT
    )
    # The number of the newest revision; revisions are numbered 1, 2, 3... per design.
    revision_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DesignQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("outcomes_text"),
        index.FilterField("workspace_id"),
    ]

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("codesign:design", args=[self.pk])

    def outcomes_text(self):
        section = self.sections.filter(key="learning_outcomes").first()
        if section is None:
            return ""
        return " ".join(item.get("statement", "") for item in section.content.get("outcomes", []))


class DesignSection(models.Model):
    """One section's current content and its version, the unit two people can edit at once
    without losing each other's work: a save names the version it started from."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=80)
    content = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["design", "key"]
        constraints = [
            models.UniqueConstraint(fields=["design", "key"], name="one_row_per_design_section")
        ]

    def __str__(self):
        return f"{self.design}: {self.key} v{self.version}"


class DesignRevisionQuerySet(models.QuerySet):
    def listing(self, design):
        """The design's revisions newest first, without their snapshots (a list of hundreds
        must not load a copy of the whole design for each)."""
        return (
            self.filter(design=design)
            .defer("snapshot")
            .select_related("author")
            .order_by("-number")
        )


class DesignRevision(models.Model):
    """Every save: who, when, which sections, and a snapshot of the whole design after it."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    changed_sections = models.JSONField(default=list)
    snapshot = models.JSONField()
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    objects = DesignRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["design", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"{self.design} revision {self.number}"


@dataclass(frozen=True)
class SectionCommentSummary:
    """What the design page shows under a section: its threads open and resolved, and the
    newest comment (with its author loaded)."""

    open_threads: int
    resolved_threads: int
    latest: "Comment"


class CommentQuerySet(models.QuerySet):
    def threads(self):
        return self.filter(parent__isnull=True)

    def open(self):
        return self.filter(resolved_at__isnull=True)

    def discussion(self, design, section_key):
        """The section's threads, open ones first, then by their newest comment; each with
        its replies in order (prefetched) and `last_activity`."""
        replies = Comment.objects.select_related("author").order_by("created_at", "pk")
        return (
            self.threads()
            .filter(design=design, section_key=section_key)
            .select_related("author", "resolved_by")
            .annotate(
                last_activity=Coalesce(Max("replies__created_at"), F("created_at")),
                is_open=ExpressionWrapper(
                    Q(resolved_at__isnull=True), output_field=models.BooleanField()
                ),
            )
            .order_by("-is_open", "-last_activity", "-pk")
            .prefetch_related(Prefetch("replies", queryset=replies))
        )

    def summary_for(self, design):
        """{section key: SectionCommentSummary} for every section with comments, in one
        query: the newest comment of each section, its thread counts annotated."""
        in_section = Comment.objects.filter(design=design, section_key=OuterRef("section_key"))
        newest = in_section.order_by("-created_at", "-pk").values("pk")[:1]

        def count_of(threads):
            return Coalesce(
                Subquery(
                    threads.order_by()
                    .values("section_key")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )

        threads = in_section.filter(parent__isnull=True)
        latest = (
            self.filter(design=design, pk=Subquery(newest))
            .select_related("author")
            .annotate(
                open_threads=count_of(threads.filter(resolved_at__isnull=True)),
                resolved_threads=count_of(threads.filter(resolved_at__isnull=False)),
            )
        )
        return {
            comment.section_key: SectionCommentSummary(
                open_threads=comment.open_threads,
                resolved_threads=comment.resolved_threads,
                latest=comment,
            )
            for comment in latest
        }


class Comment(models.Model):
    """A comment anchored to a section. A reply points at the thread's first comment; a thread
    is resolved as a whole."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField(max_length=80)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    mentioned = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["design", "section_key"])]

    def __str__(self):
        return f"Comment by {self.author} on {self.design} ({self.section_key})"

    @property
    def is_resolved(self):
        return self.resolved_at is not None
