"""Skill needs that industry posts, and the offers universities and colleges make to meet them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.accounts.models import Organisation, Role


class Urgency(models.TextChoices):
    # The field asks for training "within weeks rather than months" (PoMiSA 2025).
    WEEKS = "weeks", _("Within weeks")
    MONTHS = "months", _("Within one to three months")
    HALF_YEAR = "half_year", _("Within six months")
    YEAR = "year", _("Within a year or more")


class Delivery(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    BLENDED = "blended", _("Blended")
    WORK_BASED = "work_based", _("Work-based")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members of verified organisations")
    ORGANISATION = "organisation", _("Only my organisation")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_CODESIGN = "in_codesign", _("In co-design")
    MET = "met", _("Met")
    CLOSED = "closed", _("Closed")


def is_staff(user):
    return user.is_authenticated and Role.STAFF in user.roles


class SkillNeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=NeedStatus.OPEN)

    def visible_to(self, user):
        """What this person may read: public needs; members-only needs for members of verified
        organisations; the rest for the posting organisation, the workspace that answers it
        and project staff."""
        if not user.is_authenticated:
            return self.filter(visibility=Visibility.PUBLIC)
        if is_staff(user):
            return self.all()
        rule = Q(visibility=Visibility.PUBLIC)
        rule |= Q(organisation__in=Organisation.objects.with_member(user))
        rule |= Q(workspaces__members__user=user)
        if user.memberships.filter(organisation__verified_at__isnull=False).exists():
            rule |= Q(visibility=Visibility.MEMBERS)
        return self.filter(pk__in=self.filter(rule).values("pk"))


class SkillNeed(index.Indexed, models.Model):
    """What an industry organisation says it needs people trained in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="skill_needs"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    sector = models.ForeignKey(
        "frameworks.Sector", on_delete=models.PROTECT, related_name="skill_needs"
    )
    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.PROTECT, related_name="skill_needs"
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    problem = models.TextField(_("the problem, in your own words"))
    # An ordered list of short texts: the skills and competencies wanted.
    skills = models.JSONField(_("skills and competencies"), default=list)
    target_group = models.TextField(_("who is to be trained"))
    trainee_count = models.PositiveIntegerField(_("how many people"))
    urgency = models.CharField(_("how soon"), max_length=20, choices=Urgency.choices)
    delivery = models.CharField(_("preferred delivery"), max_length=20, choices=Delivery.choices)
    visibility = models.CharField(
        _("who may see it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SkillNeedQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("skills_text", boost=2),
        index.SearchField("problem"),
        index.SearchField("target_group"),
        # Every field the needs list filters on, the primary key included: visible_to(user)
        # narrows by pk, and the database backend applies the whole filter in SQL.
        index.FilterField("id"),
        index.FilterField("status"),
        index.FilterField("visibility"),
        index.FilterField("sector"),
        index.FilterField("country"),
        index.FilterField("urgency"),
    ]

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("codesign:need_detail", args=[self.pk])

    def skills_text(self):
        return " ".join(self.skills or [])


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OfferQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=OfferStatus.PENDING)


class Offer(models.Model):
    """A university's or college's answer to a skill need: how it would meet it."""

    need = models.ForeignKey(SkillNeed, on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("your offer"))
    framework = models.ForeignKey(
        "frameworks.QualificationFramework", on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "frameworks.FrameworkLevel", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    decline_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One live offer per organisation and need; a withdrawn one may be made again.
            models.UniqueConstraint(
                fields=["need", "organisation"],
                condition=~Q(status="withdrawn"),
                name="one_live_offer_per_organisation",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.need}"
