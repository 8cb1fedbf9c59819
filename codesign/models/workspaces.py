"""Private workspaces where industry and education co-author designs."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import (
    InvitationStatus,
    Organisation,
    OrganisationKind,
    hash_invitation_token,
)

from .needs import Offer, SkillNeed, is_staff

WORKSPACE_INVITATION_LIFETIME_DAYS = 7
# A workspace keeps a member from each side: industry, and an education provider.
INDUSTRY_KINDS = frozenset({OrganisationKind.INDUSTRY})
EDUCATION_KINDS = frozenset({OrganisationKind.UNIVERSITY, OrganisationKind.TVET})


class WorkspaceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members, and project staff; nobody else knows a workspace exists."""
        if not user.is_authenticated:
            return self.none()
        if is_staff(user):
            return self.all()
        return self.filter(pk__in=WorkspaceMember.objects.filter(user=user).values("workspace"))

    def with_summary(self):
        """What lists show of each workspace, in a fixed number of queries: its need, its
        members' organisations, how many designs it has and when anything last happened."""
        last_activity = (
            Activity.objects.filter(workspace=models.OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return (
            self.select_related("need")
            .prefetch_related(
                models.Prefetch(
                    "members", queryset=WorkspaceMember.objects.select_related("organisation")
                )
            )
            .annotate(
                designs_count=models.Count("designs", distinct=True),
                last_activity_at=models.Subquery(last_activity),
            )
        )


class Workspace(models.Model):
    title = models.CharField(_("title"), max_length=200)
    need = models.ForeignKey(
        SkillNeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="workspaces"
    )
    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="workspace"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("codesign:workspace_detail", args=[self.pk])

    def member_organisations(self):
        """The organisations its members speak for, each once, by name (reads the prefetched
        members when there are some)."""
        organisations = {m.organisation for m in self.members.all() if m.organisation}
        return sorted(organisations, key=lambda organisation: organisation.name.casefold())


def side_of(organisation):
    """ "industry", "education" or None (an independent expert, or another kind)."""
    if organisation is None:
        return None
    if organisation.kind in INDUSTRY_KINDS:
        return "industry"
    if organisation.kind in EDUCATION_KINDS:
        return "education"
    return None


class WorkspaceRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_AUTHOR = "co_author", _("Co-author")
    COMMENTER = "commenter", _("Commenter")


# What each workspace role may do; the actions check these, whoever asks.
CAN_WRITE = frozenset({WorkspaceRole.LEAD, WorkspaceRole.CO_AUTHOR})
CAN_MANAGE = frozenset({WorkspaceRole.LEAD})


class WorkspaceMemberQuerySet(models.QuerySet):
    def leads(self):
        return self.filter(role=WorkspaceRole.LEAD)


class WorkspaceMember(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_memberships"
    )
    # The organisation the person speaks for here; empty for an independent expert.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=20, choices=WorkspaceRole.choices)
    # What others type after @ to mention this person in a comment; unique in the workspace.
    handle = models.SlugField(max_length=60)
    joined_at = models.DateTimeField(default=timezone.now)

    objects = WorkspaceMemberQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_seat_per_workspace"),
            models.UniqueConstraint(fields=["workspace", "handle"], name="unique_mention_handle"),
        ]

    def __str__(self):
        return f"{self.user} in {self.workspace} ({self.get_role_display()})"

    @property
    def can_write(self):
        return self.role in CAN_WRITE

    @property
    def can_manage(self):
        return self.role in CAN_MANAGE


class WorkspaceInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def with_token(self, token):
        return self.filter(token_hash=hash_invitation_token(token))


class WorkspaceInvitation(models.Model):
    """A lead's invitation to an e-mail address, on the portal or not yet. As with
    organisation invitations: single use, only the token's hash is stored, it expires."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(max_length=20, choices=WorkspaceRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WorkspaceInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.workspace}"

    @property
    def status(self):
        # The same four states as an organisation's invitation.
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_pending(self):
        return self.status == InvitationStatus.PENDING


class ActivityKind(models.TextChoices):
    WORKSPACE_OPENED = "workspace_opened", _("opened the workspace")
    MEMBER_INVITED = "member_invited", _("invited someone")
    MEMBER_JOINED = "member_joined", _("joined")
    MEMBER_LEFT = "member_left", _("left")
    MEMBER_REMOVED = "member_removed", _("removed a member")
    ROLE_CHANGED = "role_changed", _("changed a role")
    DESIGN_CREATED = "design_created", _("started a design")
    SECTION_SAVED = "section_saved", _("edited a design")
    REVISION_RESTORED = "revision_restored", _("restored an earlier revision")
    DESIGN_READY = "design_ready", _("marked a design ready")
    DESIGN_REOPENED = "design_reopened", _("reopened a design for editing")
    COMMENTED = "commented", _("commented")
    COMMENT_RESOLVED = "comment_resolved", _("resolved a comment")
    COMMENT_REOPENED = "comment_reopened", _("reopened a comment thread")
    COMMENT_DELETED = "comment_deleted", _("deleted a comment")
    FILE_UPLOADED = "file_uploaded", _("uploaded a file")
    FILE_DELETED = "file_deleted", _("deleted a file")
    DESIGN_SUBMITTED = "design_submitted", _("submitted a design for approval")
    DESIGN_RESUBMITTED = "design_resubmitted", _("resubmitted a design for approval")
    SUBMISSION_WITHDRAWN = "submission_withdrawn", _("withdrew a submission")
    CHANGES_REQUESTED = "changes_requested", _("asked for changes to a design")
    DESIGN_APPROVED = "design_approved", _("approved a design")
    DESIGN_REJECTED = "design_rejected", _("rejected a design")
    REREVIEW_STARTED = "rereview_started", _("started a re-review of a register entry")


class Activity(models.Model):
    """One line of the workspace's feed: who did what, to which thing. Written by the actions
    beside their audit entry, in words the members read (the audit trail is for staff)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    design = models.ForeignKey(
        "codesign.Design", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What the line names: a section's title, a person, a file name; shown escaped.
    subject = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]
        verbose_name_plural = "activities"

    def __str__(self):
        return f"{self.actor} {self.get_kind_display()} {self.subject}"


def _workspace_file_path(instance, filename):
    # The stored name is random: a person's file name never becomes a path on the server.
    return f"workspaces/{instance.workspace_id}/{uuid.uuid4().hex}"


def private_storage():
    return storages["private"]


class WorkspaceFile(models.Model):
    """A file shared in a workspace: kept in private storage, served only to its members."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_workspace_file_path, storage=private_storage)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.name
