"""Credits from notional hours, and a framework's rules applied to a design's values.

Plain functions over the data: a framework's hours per credit and its rules are rows staff
edit, so nothing here names a country.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import (
    YES_NO_FIELDS,
    EctsReference,
    FrameworkRule,
    QualificationFramework,
    RuleField,
    RuleKind,
    Severity,
)

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Credits:
    framework: QualificationFramework
    notional_hours: Decimal
    # In the framework's unit, rounded to one place; None when the framework has no credit
    # system of its own (the EQF).
    credits: Decimal | None
    ects: Decimal  # the ECTS equivalent, rounded to one place
    hours_per_credit: Decimal | None
    ects_hours_per_credit: Decimal


@dataclass(frozen=True)
class Finding:
    key: str
    severity: str
    text: str
    field: str
    value: object
    source: str


@dataclass
class RuleCheck:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    infos: list = field(default_factory=list)
    # Rules whose value was not given, so they could not be checked.
    not_checked: list = field(default_factory=list)

    @property
    def findings(self):
        return self.errors + self.warnings + self.infos

    @property
    def blocks_submission(self):
        return bool(self.errors)


def get_framework(framework):
    """A framework instance, or the one with this code; ValueError naming the field if none."""
    if isinstance(framework, QualificationFramework):
        return framework
    code = str(framework or "").strip()
    found = QualificationFramework.objects.filter(code__iexact=code).first() if code else None
    if found is None:
        raise ValueError(
            _("framework: there is no qualification framework with code %(code)r.") % {"code": code}
        )
    return found


def _number(name, value, *, allow_negative=False):
    names = {"name": name, "value": value}
    if isinstance(value, bool) or value is None:
        raise ValueError(_("%(name)s: expected a number, got %(value)r.") % names)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(_("%(name)s: expected a number, got %(value)r.") % names) from None
    if not number.is_finite():
        raise ValueError(_("%(name)s: expected a finite number, got %(value)r.") % names)
    if number < 0 and not allow_negative:
        raise ValueError(_("%(name)s: cannot be negative (got %(value)r).") % names)
    return _unsigned_zero(number)


def _unsigned_zero(value):
    # Decimal keeps the sign of "-0", and -0 / 20 is -0: nobody counts -0 credits.
    return abs(value) if value == 0 else value


def _round(value):
    return _unsigned_zero(value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP))


def ects_hours_per_credit():
    reference = EctsReference.objects.filter(key="ects").first()
    if reference is None:
        raise ValueError(
            _("ects: the ECTS reference is missing; run `manage.py load_reference` to restore it.")
        )
    return reference.hours_per_credit


def credits_for(framework, notional_hours):
    """The framework's credits and the ECTS equivalent for this many notional hours.

    A framework with no credit system of its own (no hours per credit, as the EQF) has no
    credits to count: `credits` is None, and the ECTS equivalent still comes from the ECTS
    reference."""
    framework = get_framework(framework)
    hours = _number("notional_hours", notional_hours)
    ects_hours = ects_hours_per_credit()
    credits = None
    if framework.has_credit_system:
        credits = _round(hours / framework.hours_per_credit)
    return Credits(
        framework=framework,
        notional_hours=hours,
        credits=credits,
        ects=_round(hours / ects_hours),
        hours_per_credit=framework.hours_per_credit,
        ects_hours_per_credit=ects_hours,
    )


def _clean_values(values):
    known = set(RuleField.values)
    cleaned = {}
    for name, value in values.items():
        if name not in known:
            raise ValueError(
                _("%(name)s: not a value rules can test (known: %(known)s).")
                % {"name": name, "known": ", ".join(sorted(known))}
            )
        if name in YES_NO_FIELDS:
            if not isinstance(value, bool):
                raise ValueError(
                    _("%(name)s: expected yes or no (True or False), got %(value)r.")
                    % {"name": name, "value": value}
                )
            cleaned[name] = value
        else:
            cleaned[name] = _number(name, value)
    return cleaned


def _inside(rule, value):
    low, high = rule.min_value, rule.max_value
    above_low = low is None or value > low or (value == low and rule.min_inclusive)
    below_high = high is None or value < high or (value == high and rule.max_inclusive)
    return above_low and below_high


def _fires(rule, value):
    if rule.kind == RuleKind.RANGE:
        return not _inside(rule, value)
    if rule.kind == RuleKind.BAND:
        return _inside(rule, value)
    if rule.kind == RuleKind.MUST_BE_NO:
        return value is True
    return False  # a fact states a value; it does not test one


def check_rules(framework, values):
    """Apply the framework's rules in force to a design's values.

    `values` maps RuleField names to values, e.g. {"credits": 24, "is_core_module": False}.
    Returns a RuleCheck: findings sorted into errors, warnings and infos, each with the rule's
    key, severity and text; rules whose value was not given are listed in not_checked.
    """
    framework = get_framework(framework)
    if not isinstance(values, dict):
        raise ValueError(_("values: expected a mapping of value names to values."))
    values = _clean_values(values)
    result = RuleCheck()
    buckets = {
        Severity.ERROR: result.errors,
        Severity.WARNING: result.warnings,
        Severity.INFO: result.infos,
    }
    rules = FrameworkRule.objects.filter(framework=framework, is_active=True).exclude(
        kind=RuleKind.FACT
    )
    for rule in rules:
        if rule.field not in values:
            result.not_checked.append(rule)
            continue
        value = values[rule.field]
        if _fires(rule, value):
            buckets[rule.severity].append(
                Finding(
                    key=rule.key,
                    severity=rule.severity,
                    text=rule.text,
                    field=rule.field,
                    value=value,
                    source=rule.source,
                )
            )
    return result
