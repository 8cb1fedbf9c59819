"""Countries, qualification frameworks, their levels and credit rules: policy as data.

Nothing here knows a country by name. A framework's rules are rows with a severity that
`portal.frameworks.credits.check_rules` evaluates; staff edit them in the Django admin.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def plain_number(value):
    """20.00 -> "20", 7.50 -> "7.5": how people write a figure."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


class Country(models.Model):
    code = models.CharField("ISO code", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=20, help_text="SADC or EU.")
    is_partner = models.BooleanField(
        default=False, help_text="One of the project's partner countries."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class Sector(models.Model):
    key = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    source = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class EctsReference(models.Model):
    """The European Credit Transfer System's workload per credit, the common yardstick every
    framework's credits are translated into. One row, key "ects"."""

    key = models.SlugField(max_length=20, unique=True, default="ects")
    hours_per_credit = models.DecimalField(
        "hours per ECTS credit",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The figure the portal converts with.",
    )
    hours_per_credit_min = models.DecimalField(
        "fewest hours per credit", max_digits=5, decimal_places=2
    )
    hours_per_credit_max = models.DecimalField(
        "most hours per credit", max_digits=5, decimal_places=2
    )
    status = models.TextField(help_text="Confirmed, or the working assumption it rests on.")
    source = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ECTS reference"
        verbose_name_plural = "ECTS reference"

    def __str__(self):
        return f"ECTS: {self.hours_per_credit} hours per credit"

    def clean(self):
        low, high = self.hours_per_credit_min, self.hours_per_credit_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"hours_per_credit_min": _("The fewest hours cannot exceed the most hours.")}
            )


class QualificationFrameworkQuerySet(models.QuerySet):
    def regional(self):
        return self.filter(country__isnull=True)

    def national(self):
        return self.filter(country__isnull=False)

    def for_listing(self):
        return self.select_related("country").prefetch_related("rules")

    def for_detail(self):
        return self.select_related("country").prefetch_related(
            "rules",
            "approval_criteria",
            models.Prefetch(
                "levels",
                queryset=FrameworkLevel.objects.prefetch_related(
                    models.Prefetch(
                        "mappings",
                        queryset=LevelMapping.objects.select_related("target_level__framework"),
                    ),
                    models.Prefetch(
                        "mapped_from",
                        queryset=LevelMapping.objects.select_related("level__framework"),
                    ),
                ),
            ),
        )


class QualificationFramework(models.Model):
    code = models.SlugField(
        max_length=20, unique=True, help_text="Short code used in addresses, e.g. MU-NQF."
    )
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=20, help_text="SADC or EU.")
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text="Empty for a regional meta-framework (EQF, SADCQF).",
    )
    level_count = models.PositiveSmallIntegerField("number of levels")
    credit_unit = models.CharField(
        max_length=50, blank=True, help_text="Empty when the framework has no credit system."
    )
    hours_per_credit = models.DecimalField(
        "notional hours per credit",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Empty when the framework has no credit system of its own, as the EQF: "
        "it places learning by level, and ECTS credits belong to higher education.",
    )
    is_confirmed = models.BooleanField(
        "confirmed",
        default=False,
        help_text="Off while any value here is a working assumption no official source has "
        "stated yet.",
    )
    status = models.TextField(help_text="What is confirmed and what is a working assumption.")
    source = models.TextField()
    quality_bodies = models.TextField(blank=True, help_text="One body per line.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = QualificationFrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_regional(self):
        return self.country_id is None

    @property
    def quality_body_list(self):
        return [line.strip() for line in self.quality_bodies.splitlines() if line.strip()]

    @property
    def has_credit_system(self):
        return self.hours_per_credit is not None

    @property
    def credit_rule(self):
        """How this framework counts credits, in one sentence."""
        if not self.has_credit_system:
            return _(
                "The %(code)s has no credit system of its own: it places learning by level, "
                "not by volume. Workload is counted in ECTS credits, which belong to higher "
                "education."
            ) % {"code": self.code}
        return _("One %(unit)s is %(hours)s notional hours of learning.") % {
            "unit": self.credit_unit or _("credit"),
            "hours": plain_number(self.hours_per_credit),
        }

    @property
    def status_note(self):
        """The status in words, or nothing when it only repeats the confirmed or
        working-assumption tag shown beside it."""
        tag = "confirmed" if self.is_confirmed else "working assumption"
        if self.status.strip().rstrip(".").strip().lower() == tag:
            return ""
        return self.status


class FrameworkLevel(models.Model):
    framework = models.ForeignKey(
        QualificationFramework, on_delete=models.CASCADE, related_name="levels"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    knowledge = models.TextField(blank=True)
    skills = models.TextField(blank=True)
    responsibility_autonomy = models.TextField("responsibility and autonomy", blank=True)
    descriptor = models.TextField(
        blank=True, help_text="For frameworks that describe a level in one text."
    )
    source = models.TextField(blank=True, help_text="Where the descriptors come from.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework__position", "framework__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_level_number")
        ]

    def __str__(self):
        return f"{self.framework.code} level {self.number}"

    @property
    def has_strands(self):
        return bool(self.knowledge or self.skills or self.responsibility_autonomy)

    @property
    def has_descriptor(self):
        return self.has_strands or bool(self.descriptor)


class MappingBasis(models.TextChoices):
    DEFAULT = "default", "Documented one-to-one default (staff may edit)"
    REFERENCING_REPORT = "referencing_report", "Country's referencing report"
    STAFF = "staff", "Decided by project staff"


class LevelMapping(models.Model):
    """A national level's place on a regional meta-framework (EQF or SADCQF)."""

    level = models.ForeignKey(FrameworkLevel, on_delete=models.CASCADE, related_name="mappings")
    target_level = models.ForeignKey(
        FrameworkLevel, on_delete=models.CASCADE, related_name="mapped_from"
    )
    basis = models.CharField(max_length=30, choices=MappingBasis.choices)
    source = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level__framework__position", "level__number", "target_level__number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "target_level"], name="unique_level_mapping")
        ]

    def __str__(self):
        return f"{self.level} → {self.target_level}"

    def clean(self):
        if not (self.level_id and self.target_level_id):
            return
        if self.target_level.framework.country_id is not None:
            raise ValidationError(
                {"target_level": _("Map onto a regional framework's level (EQF or SADCQF).")}
            )
        if self.target_level.framework_id == self.level.framework_id:
            raise ValidationError({"target_level": _("A level cannot map onto its own framework.")})


class Severity(models.TextChoices):
    ERROR = "error", "Error (blocks submission)"
    WARNING = "warning", "Warning"
    INFO = "info", "Information"


class RuleField(models.TextChoices):
    """The values of a design a rule can test (the keys `check_rules` accepts)."""

    CREDITS = "credits", gettext_lazy("Credits in the framework's unit")
    NOTIONAL_HOURS = "notional_hours", gettext_lazy("Notional hours")
    ECTS_CREDITS = "ects_credits", gettext_lazy("ECTS credits")
    IS_CORE_MODULE = (
        "is_core_module",
        gettext_lazy("Is a core module of an academic qualification (yes/no)"),
    )


YES_NO_FIELDS = frozenset({RuleField.IS_CORE_MODULE})


class RuleKind(models.TextChoices):
    RANGE = "range", "Requirement: the value should lie within the bounds (fires when not)"
    BAND = "band", "Class: fires when the value lies within the bounds"
    MUST_BE_NO = "must_be_no", "Requirement: fires when the yes/no value is yes"
    FACT = "fact", "Stated value: shown, never fires"


class FrameworkRule(models.Model):
    framework = models.ForeignKey(
        QualificationFramework, on_delete=models.CASCADE, related_name="rules"
    )
    key = models.SlugField(max_length=50)
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    field = models.CharField(
        max_length=30, choices=RuleField.choices, blank=True, help_text="Empty for a fact."
    )
    severity = models.CharField(max_length=10, choices=Severity.choices)
    text = models.TextField(help_text="What a designer reads when the rule fires.")
    min_value = models.DecimalField(
        "lower bound", max_digits=9, decimal_places=2, null=True, blank=True
    )
    min_inclusive = models.BooleanField(
        "lower bound included", default=False, help_text="Ticked: the bound itself is inside."
    )
    max_value = models.DecimalField(
        "upper bound", max_digits=9, decimal_places=2, null=True, blank=True
    )
    max_inclusive = models.BooleanField(
        "upper bound included", default=False, help_text="Ticked: the bound itself is inside."
    )
    value = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="For a fact."
    )
    unit = models.CharField(max_length=30, blank=True, help_text="For a fact, e.g. years.")
    source = models.TextField()
    is_active = models.BooleanField(
        "in force",
        default=True,
        help_text="Untick to retire a rule: a deleted rule that came with the reference data "
        "returns when `load_reference` runs again.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework__position", "position", "key"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="unique_rule_key")]

    def __str__(self):
        return f"{self.framework.code}: {self.key}"

    def clean(self):
        has_bounds = self.min_value is not None or self.max_value is not None
        if self.kind == RuleKind.FACT:
            if self.value is None:
                raise ValidationError({"value": _("A fact needs its value.")})
            return
        if not self.field:
            raise ValidationError({"field": _("Choose the value this rule tests.")})
        if self.kind == RuleKind.MUST_BE_NO:
            if self.field not in YES_NO_FIELDS:
                raise ValidationError({"field": _("This kind of rule tests a yes/no value.")})
            return
        if self.field in YES_NO_FIELDS:
            raise ValidationError({"field": _("Bounds need a numeric value, not a yes/no one.")})
        if not has_bounds:
            raise ValidationError({"max_value": _("Give a lower bound, an upper bound or both.")})
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"min_value": _("The lower bound exceeds the upper bound.")})

    def bounds_label(self):
        """The bounds in words, e.g. "more than 6 and fewer than 120"."""
        low = high = None
        if self.min_value is not None:
            low = "at least" if self.min_inclusive else "more than"
        if self.max_value is not None:
            high = "at most" if self.max_inclusive else "fewer than"
        if low is None and high is None:
            return ""
        return BOUNDS_WORDING[low, high] % {
            "low": plain_number(self.min_value),
            "high": plain_number(self.max_value),
        }


# bounds_label's phrases: each combination of bounds whole, for translators.
BOUNDS_WORDING = {
    ("at least", None): gettext_lazy("at least %(low)s"),
    ("more than", None): gettext_lazy("more than %(low)s"),
    (None, "at most"): gettext_lazy("at most %(high)s"),
    (None, "fewer than"): gettext_lazy("fewer than %(high)s"),
    ("at least", "at most"): gettext_lazy("at least %(low)s and at most %(high)s"),
    ("at least", "fewer than"): gettext_lazy("at least %(low)s and fewer than %(high)s"),
    ("more than", "at most"): gettext_lazy("more than %(low)s and at most %(high)s"),
    ("more than", "fewer than"): gettext_lazy("more than %(low)s and fewer than %(high)s"),
}


class ApprovalCriterion(models.Model):
    """A criterion a quality body approves micro-credentials against; reviews score them."""

    framework = models.ForeignKey(
        QualificationFramework, on_delete=models.CASCADE, related_name="approval_criteria"
    )
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework__position", "order", "key"]
        verbose_name_plural = "approval criteria"
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="unique_criterion_key")
        ]

    def __str__(self):
        return f"{self.framework.code}: {self.label}"
