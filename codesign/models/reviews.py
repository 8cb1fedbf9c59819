"""Quality review: a design put before a quality authority, judged round by round against
the rubric of its target framework.

A submission is one trip of a design through review; each (re)submission is a round that
points at the design revision it froze. Revisions are never edited by any action, so what
reviewers read cannot change under them while the authors go on drafting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Membership, Organisation

from .designs import Design, DesignRevision
from .needs import is_staff
from .workspaces import WorkspaceMember


class SubmissionStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the workspace")


# A design has at most one submission in these states at a time.
ACTIVE_STATUSES = (SubmissionStatus.IN_REVIEW, SubmissionStatus.CHANGES_REQUESTED)


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    REJECT = "reject", _("Reject")


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class SubmissionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_authority_member(self, user):
        """Submissions to a verified authority the person is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            authority__in=Membership.objects.filter(
                user=user, organisation__verified_at__isnull=False
            ).values("organisation")
        )

    def for_workspace_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            design__workspace__in=WorkspaceMember.objects.filter(user=user).values("workspace")
        )

    def visible_to(self, user):
        """The authority's members, the workspace's members, and project staff."""
        if not user.is_authenticated:
            return self.none()
        if is_staff(user):
            return self.all()
        return self.for_authority_member(user) | self.for_workspace_member(user)


class Submission(models.Model):
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="submissions")
    authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions_received"
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.IN_REVIEW
    )
    # A re-review of an entry already in the register (its shelf life running out).
    rereview_of = models.ForeignKey(
        "codesign.RegisterEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rereviews",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the status last changed (a decision, a resubmission, a withdrawal).
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["design"],
                condition=Q(status__in=["in_review", "changes_requested"]),
                name="one_active_submission_per_design",
            )
        ]

    def __str__(self):
        return f"{self.design} to {self.authority} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("codesign:submission", args=[self.pk])


class ReviewerAssignment(models.Model):
    """A member of the authority its admin named to review the submission: only they judge
    the rubric and decide."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.submission}"


class ReviewRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(decision="")


class ReviewRound(models.Model):
    """One (re)submission: the frozen revision, the proposal made of it, and the decision."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    revision = models.ForeignKey(DesignRevision, on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(
        "documents.GeneratedDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the lead says about this round (for a resubmission: what changed and why).
    cover_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_round_number")
        ]

    def __str__(self):
        return f"{self.submission.design} round {self.number}"

    @property
    def is_open(self):
        return not self.decision


class CriterionJudgement(models.Model):
    """One rubric line of one round. The criterion's key and label are copied from the
    rubric when judged, so a later change to the framework's criteria leaves past rounds as
    they were."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="judgements")
    criterion_key = models.SlugField(max_length=80)
    criterion_label = models.CharField(max_length=255)
    position = models.PositiveSmallIntegerField(default=0)
    judgement = models.CharField(max_length=20, choices=Judgement.choices)
    comment = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "position", "criterion_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "criterion_key"], name="one_judgement_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion_label}: {self.get_judgement_display()}"
