"""Industry-led pilots of recognised micro-credentials: who runs them, where, and when."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Membership, Organisation, OrganisationKind


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    INDUSTRY = "industry", _("Industry partner")
    EDUCATION = "education", _("Education partner")
    OTHER = "other", _("Other partner")


class Setting(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    BLENDED = "blended", _("Blended")
    WORK_BASED = "work_based", _("Work-based")


# Who sees a pilot's aggregates beyond its partners: the ministries and quality authorities
# of the pilot's country.
AGGREGATE_READER_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.QUALITY_AUTHORITY)


def aggregate_reader_organisations(user):
    """The person's verified ministries and quality authorities: they read the aggregates of
    every pilot in their country."""
    return Organisation.objects.verified().filter(
        kind__in=AGGREGATE_READER_KINDS, memberships__user=user
    )


class PilotQuerySet(models.QuerySet):
    def partnered_by(self, user):
        """Pilots one of the person's verified organisations is a partner in: they see
        participant-level data."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            partners__organisation__in=Membership.objects.filter(
                user=user, organisation__verified_at__isnull=False
            ).values("organisation")
        ).distinct()

    def aggregates_visible_to(self, user):
        """Pilots whose aggregates the person may read: partners, the ministries and quality
        authorities of the pilot's country, and project staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        readers = aggregate_reader_organisations(user)
        return self.filter(
            models.Q(pk__in=self.partnered_by(user).values("pk"))
            | models.Q(country__in=readers.values("country"))
        ).distinct()


class Pilot(models.Model):
    title = models.CharField(_("title"), max_length=200)
    # What is piloted: an entry of the public register (a design approved by an authority).
    register_entry = models.ForeignKey(
        "codesign.RegisterEntry", on_delete=models.PROTECT, related_name="pilots"
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_pilots"
    )
    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.PROTECT, related_name="pilots"
    )
    sector = models.ForeignKey(
        "frameworks.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=PilotStatus.choices, default=PilotStatus.PLANNED
    )
    # The partners' own account of the pilot, for its outcome report.
    narrative = models.TextField(_("the partners' narrative"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pilots:pilot", args=[self.pk])


class PilotPartner(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pilot_partnerships"
    )
    role = models.CharField(max_length=20, choices=PartnerRole.choices)

    class Meta:
        ordering = ["pilot", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "organisation"], name="one_partnership_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.pilot} ({self.get_role_display()})"


class Site(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey("pilots.District", on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(_("rural or urban"), max_length=10, choices=Setting.choices)

    class Meta:
        ordering = ["pilot", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "name"], name="unique_site_name_in_pilot")
        ]

    def __str__(self):
        return self.name


class Cohort(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="cohorts")
    # What participants' rows name the cohort by (e.g. "2026-A").
    code = models.CharField(_("cohort code"), max_length=40)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts"
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices
    )
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["pilot", "starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "code"], name="unique_cohort_code_in_pilot")
        ]

    def __str__(self):
        return self.code
