"""Participants, pseudonymous by design, with their enrolment and outcomes in one row.

No names, no contact details: a participant is a reference the provider chooses. One row per
participant of a pilot holds the enrolment (cohort) and every outcome, so the dashboards
aggregate one table (a million rows in well under a second on PostgreSQL) and an import row
maps to one row here.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pilots import Cohort, Pilot, Setting


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class Disability(models.TextChoices):
    YES = "yes", _("With a disability")
    NO = "no", _("Without a disability")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class EmploymentAtEntry(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    STUDENT = "student", _("In education")
    INACTIVE = "inactive", _("Not in the labour force")


class EducationLevel(models.TextChoices):
    # Broad ISCED 2011 groups, which every partner country can report.
    NONE = "none", _("No formal education")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    POST_SECONDARY = "post_secondary", _("Post-secondary, non-tertiary (TVET)")
    SHORT_TERTIARY = "short_tertiary", _("Short-cycle tertiary (diploma)")
    BACHELOR = "bachelor", _("Bachelor's or equivalent")
    POSTGRADUATE = "postgraduate", _("Master's, doctorate or equivalent")


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class FollowUpStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    PROMOTED = "promoted", _("Promoted")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    STUDYING = "studying", _("In further study")
    NO_RESPONSE = "no_response", _("Not reached")


# Follow-up answers that count as in work for the employment indicators.
IN_WORK = (FollowUpStatus.EMPLOYED, FollowUpStatus.PROMOTED, FollowUpStatus.SELF_EMPLOYED)
FOLLOW_UP_MONTHS = (3, 6, 12)
SATISFACTION_SCALE = (1, 5)


class Participant(models.Model):
    # Imports write up to 200,000 rows at once and every index costs each of them, so only
    # the indexes something reads by: (pilot, reference) serves every look-up by pilot,
    # cohort the participant list's filter, (pilot, updated_at) the dashboards. A district is
    # deleted rarely enough that its PROTECT check may scan.
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    reference = models.CharField(_("participant reference"), max_length=60)
    # At entry
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    district = models.ForeignKey(
        "pilots.District", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    setting = models.CharField(_("rural or urban"), max_length=10, choices=Setting.choices)
    disability = models.CharField(_("disability"), max_length=20, choices=Disability.choices)
    employment_at_entry = models.CharField(
        _("employment status at entry"), max_length=20, choices=EmploymentAtEntry.choices
    )
    education_at_entry = models.CharField(
        _("education level at entry"), max_length=20, choices=EducationLevel.choices
    )
    # Enrolment
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="participants")
    enrolled_on = models.DateField(_("enrolment date"))
    # Outcomes (empty until known)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    assessment_result = models.CharField(
        _("assessment result"), max_length=10, choices=AssessmentResult.choices, blank=True
    )
    assessment_score = models.DecimalField(
        _("assessment score (0 to 100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    awarded_on = models.DateField(_("credential awarded on"), null=True, blank=True)
    status_3_months = models.CharField(
        _("status at 3 months"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    status_6_months = models.CharField(
        _("status at 6 months"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    status_12_months = models.CharField(
        _("status at 12 months"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    employer_satisfaction = models.PositiveSmallIntegerField(
        _("employer satisfaction (1 to 5)"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pilot", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "reference"], name="unique_participant_reference_in_pilot"
            )
        ]
        indexes = [
            # The dashboards' check of what changed: each pilot's latest update, one probe.
            models.Index(fields=["pilot", "updated_at"], name="participant_pilot_updated"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("pilots:participant", args=[self.pilot_id, self.pk])

    @property
    def completed(self):
        return self.completed_on is not None


class IndicatorTarget(models.Model):
    """A pilot's target for one indicator: a standard one (its key from pilots.indicators)
    or a custom one, whose actual value the partners record themselves."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="indicator_targets")
    key = models.SlugField(max_length=60)
    # Custom indicators only: their name, unit and recorded value.
    label = models.CharField(_("indicator"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    actual = models.DecimalField(
        _("actual value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_custom = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pilot", "is_custom", "key"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "key"], name="one_target_per_indicator")
        ]

    def __str__(self):
        return f"{self.pilot}: {self.label or self.key} {self.target}"


class Achievement(models.Model):
    """An awarded credential in the register of learner achievements. Its public page shows
    the credential, issuer and date, never who holds it."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="achievement"
    )
    verification_code = models.CharField(max_length=20, unique=True)
    # Written in bulk with their participants, read by code or participant only: the two
    # references below are checked (PROTECT) on a rare delete, by a scan.
    register_entry = models.ForeignKey(
        "codesign.RegisterEntry",
        on_delete=models.PROTECT,
        related_name="achievements",
        db_index=False,
    )
    issuer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_achievements",
        db_index=False,
    )
    awarded_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-awarded_on", "-pk"]

    def __str__(self):
        return self.verification_code

    def get_absolute_url(self):
        return reverse("pilots:achievement", args=[self.verification_code])
