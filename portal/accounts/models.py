import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in the portal, derived from their verified organisations."""

    STAFF = "staff", _("Project staff")
    INDUSTRY_PARTNER = "industry_partner", _("Industry partner")
    ACADEMIC = "academic", _("Academic")
    QA_REVIEWER = "qa_reviewer", _("QA reviewer")
    MINISTRY_OFFICIAL = "ministry_official", _("Ministry official")


# Which organisation kinds give which role. Only verified organisations count: anyone may
# register an organisation, but only project staff can make it a quality authority.
ROLE_BY_ORGANISATION_KIND = {
    "industry": Role.INDUSTRY_PARTNER,
    "university": Role.ACADEMIC,
    "tvet": Role.ACADEMIC,
    "quality_authority": Role.QA_REVIEWER,
    "ministry": Role.MINISTRY_OFFICIAL,
}
ROLES_REQUIRING_TWO_FACTOR = frozenset({Role.STAFF, Role.QA_REVIEWER, Role.MINISTRY_OFFICIAL})


class PortalUserManager(UserManager):
    """Users are known by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("How colleagues see you in the portal.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PortalUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.email

    @cached_property
    def roles(self):
        kinds = self.memberships.filter(organisation__verified_at__isnull=False).values_list(
            "organisation__kind", flat=True
        )
        roles = {
            ROLE_BY_ORGANISATION_KIND[kind] for kind in kinds if kind in ROLE_BY_ORGANISATION_KIND
        }
        if self.is_staff:
            roles.add(Role.STAFF)
        return frozenset(roles)

    @property
    def requires_two_factor(self):
        # Wagtail editors and moderators publish what the public reads: they count as staff here.
        return bool(self.roles & ROLES_REQUIRING_TWO_FACTOR) or self.has_perm(
            "wagtailadmin.access_admin"
        )


class OrganisationKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry partner")
    UNIVERSITY = "university", _("University")
    TVET = "tvet", _("TVET college")
    QUALITY_AUTHORITY = "quality_authority", _("Quality or qualifications authority")
    MINISTRY = "ministry", _("Ministry")
    NGO = "ngo", _("NGO")
    PROJECT_TEAM = "project_team", _("Project team")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def unverified(self):
        return self.filter(verified_at__isnull=True)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user, memberships__role=MembershipRole.ADMIN
        ).distinct()

    def with_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        "frameworks.Country", on_delete=models.PROTECT, related_name="organisations"
    )
    sectors = models.ManyToManyField("frameworks.Sector", blank=True, related_name="organisations")
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # One organisation per name in a country, whatever the letter case.
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "country",
                name="unique_organisation_name_in_country",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verified_at is not None


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    MEMBER = "member", _("Member")


class MembershipQuerySet(models.QuerySet):
    def admins(self):
        return self.filter(role=MembershipRole.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self):
        return self.role == MembershipRole.ADMIN


INVITATION_LIFETIME_DAYS = 7


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def with_token(self, token):
        return self.filter(token_hash=hash_invitation_token(token))


def hash_invitation_token(token):
    """Only this hash is stored: a copy of the database cannot be used to accept invitations."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An organisation admin's invitation to an e-mail address; its token works once."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.organisation}"

    @property
    def status(self):
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
