"""Pilots: a recognised micro-credential run by a lead organisation with its partners, at
sites, in cohorts, with targets for its indicators.

Who may do what: a member of a verified industry organisation, university or TVET college
starts a pilot for that organisation (its lead); from then on the members of the pilot's
verified partner organisations change it. Ministries and quality authorities read a pilot's
aggregates and are never its partners (partners see participant-level data).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from codesign.models.register import EntryStatus
from portal.accounts.models import Organisation, OrganisationKind
from portal.audit.actions import record
from portal.text import clean_name, clean_text

from ..models import (
    Cohort,
    DeliveryMode,
    IndicatorTarget,
    PartnerRole,
    Pilot,
    PilotPartner,
    PilotStatus,
    Setting,
    Site,
)
from .common import lock_pilot, plain, require_partner

TITLE_MAX_LENGTH = 200
SITE_NAME_MAX_LENGTH = 200
COHORT_CODE_MAX_LENGTH = 40
NARRATIVE_MAX_LENGTH = 20_000
LABEL_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
# A whole sector's intake in one country fits; a typing slip of extra zeros does not.
CAPACITY_MAX = 100_000
# Pilots run for months or a few years; a date a century away is a typing slip.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

# Organisations that may lead a pilot, and the kinds each partner role takes.
LEAD_KINDS = (OrganisationKind.INDUSTRY, OrganisationKind.UNIVERSITY, OrganisationKind.TVET)
ROLE_KINDS = {
    PartnerRole.INDUSTRY: (OrganisationKind.INDUSTRY,),
    PartnerRole.EDUCATION: (OrganisationKind.UNIVERSITY, OrganisationKind.TVET),
    PartnerRole.OTHER: (
        OrganisationKind.INDUSTRY,
        OrganisationKind.UNIVERSITY,
        OrganisationKind.TVET,
        OrganisationKind.NGO,
        OrganisationKind.PROJECT_TEAM,
    ),
}
# Partners see participants; these kinds see aggregates only, so they are never partners.
NEVER_PARTNER_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.QUALITY_AUTHORITY)

# The standard indicators a pilot sets targets for: key -> (label, unit, lowest, highest).
# Their actual values are computed from the participants (pilots.indicators).
PERCENT = gettext_lazy("%")
STANDARD_TARGETS = {
    "enrolments": (gettext_lazy("Enrolments"), gettext_lazy("participants"), 0, 1_000_000),
    "completion_rate": (gettext_lazy("Completion rate"), PERCENT, 0, 100),
    "pass_rate": (gettext_lazy("Pass rate"), PERCENT, 0, 100),
    "award_rate": (gettext_lazy("Award rate"), PERCENT, 0, 100),
    "employment_6_months": (gettext_lazy("In work at six months"), PERCENT, 0, 100),
    "share_women": (gettext_lazy("Share of women"), PERCENT, 0, 100),
    "share_rural": (gettext_lazy("Share of rural participants"), PERCENT, 0, 100),
    "share_youth": (gettext_lazy("Share of young people"), PERCENT, 0, 100),
    "employer_satisfaction": (
        gettext_lazy("Employer satisfaction"),
        gettext_lazy("out of 5"),
        1,
        5,
    ),
}
CUSTOM_TARGET_MAX = Decimal("9999999999.99")  # what the column holds
# Status moves: forward as the pilot runs, and back one step to correct a slip.
STATUS_MOVES = {
    PilotStatus.PLANNED: {PilotStatus.RUNNING},
    PilotStatus.RUNNING: {PilotStatus.PLANNED, PilotStatus.COMPLETED},
    PilotStatus.COMPLETED: {PilotStatus.RUNNING},
}


# Who may do what.


def organisations_that_may_lead(user):
    """The verified industry organisations, universities and TVET colleges the person belongs
    to: the organisations they may start a pilot for."""
    return Organisation.objects.verified().of_kind(*LEAD_KINDS).with_member(user)


def may_start_pilot(user):
    return organisations_that_may_lead(user).exists()


# Cleaning what people type.


def _clean_title(value, *, max_length, field="title"):
    try:
        return clean_text(clean_name(value, max_length=max_length), max_length=max_length)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _check_date(value, field, errors, label):
    if not isinstance(value, date):
        errors[field] = [_("Enter the %(what)s as a date.") % {"what": label}]
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        errors[field] = [
            _("%(date)s is not a plausible %(what)s: enter a year from %(first)d to %(last)d.")
            % {
                "date": value.isoformat(),
                "what": label,
                "first": EARLIEST_YEAR,
                "last": LATEST_YEAR,
            }
        ]
        return None
    return value


def _clean_dates(starts_on, ends_on, errors):
    starts_on = _check_date(starts_on, "starts_on", errors, _("start date"))
    ends_on = _check_date(ends_on, "ends_on", errors, _("end date"))
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [
            _("The end date (%(end)s) is before the start date (%(start)s).")
            % {"end": ends_on.isoformat(), "start": starts_on.isoformat()}
        ]
    return starts_on, ends_on


def _changes(obj, values):
    """Set `values` on obj; {field: {"from", "to"}} for those that changed."""
    changes = {}
    for field, value in values.items():
        before = getattr(obj, field)
        if before != value:
            changes[field] = {"from": plain(before), "to": plain(value)}
            setattr(obj, field, value)
    return changes


# Pilots.


@transaction.atomic
def create_pilot(
    *, register_entry, title, lead_organisation, country, starts_on, ends_on, by, sector=None
):
    """Start a pilot of a recognised micro-credential, led by a verified industry
    organisation, university or TVET college the person belongs to (its first partner).
    The sector is the register entry's unless another is given."""
    errors = {}
    if (
        lead_organisation is None
        or not organisations_that_may_lead(by).filter(pk=lead_organisation.pk).exists()
    ):
        errors["lead_organisation"] = [
            _(
                "Pilots are led by verified industry organisations, universities and TVET "
                "colleges: choose one you belong to."
            )
        ]
    if register_entry is None:
        errors["register_entry"] = [_("Choose the recognised micro-credential to pilot.")]
    elif register_entry.status != EntryStatus.RECOGNISED:
        errors["register_entry"] = [
            _(
                "“%(title)s” is %(status)s in the register: only recognised "
                "micro-credentials are piloted."
            )
            % {"title": register_entry.title, "status": register_entry.get_status_display().lower()}
        ]
    if country is None:
        errors["country"] = [_("Choose the country the pilot runs in.")]
    try:
        title = _clean_title(title, max_length=TITLE_MAX_LENGTH)
    except ValidationError as error:
        errors.update(error.message_dict)
    starts_on, ends_on = _clean_dates(starts_on, ends_on, errors)
    if errors:
        raise ValidationError(errors)
    pilot = Pilot.objects.create(
        title=title,
        register_entry=register_entry,
        lead_organisation=lead_organisation,
        country=country,
        sector=sector if sector is not None else register_entry.sector,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    PilotPartner.objects.create(pilot=pilot, organisation=lead_organisation, role=PartnerRole.LEAD)
    record(
        action="pilots.create_pilot",
        by=by,
        obj=pilot,
        detail={
            "register_entry": register_entry.identifier,
            "lead_organisation": lead_organisation.slug,
            "country": country.code,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return pilot


@transaction.atomic
def edit_pilot(*, pilot, title, starts_on, ends_on, by, sector=None):
    """Change a pilot's basics: its title, dates and sector (none given: the register
    entry's)."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    errors = {}
    try:
        title = _clean_title(title, max_length=TITLE_MAX_LENGTH)
    except ValidationError as error:
        errors.update(error.message_dict)
    starts_on, ends_on = _clean_dates(starts_on, ends_on, errors)
    if errors:
        raise ValidationError(errors)
    if sector is None:
        sector = pilot.register_entry.sector
    changes = _changes(
        pilot, {"title": title, "starts_on": starts_on, "ends_on": ends_on, "sector": sector}
    )
    if changes:
        pilot.updated_at = timezone.now()
        pilot.save()
        record(action="pilots.edit_pilot", by=by, obj=pilot, detail=changes)
    return pilot


@transaction.atomic
def set_narrative(*, pilot, narrative, by):
    """The partners' own account of the pilot, for its outcome report."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    try:
        narrative = clean_text(narrative, max_length=NARRATIVE_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({"narrative": error.messages}) from error
    if narrative != pilot.narrative:
        pilot.narrative = narrative
        pilot.updated_at = timezone.now()
        pilot.save(update_fields=["narrative", "updated_at"])
        # The text is named, not copied: the trail says it changed, the pilot says what it is.
        record(action="pilots.set_narrative", by=by, obj=pilot, detail={"length": len(narrative)})
    return pilot


@transaction.atomic
def set_status(*, pilot, status, by):
    """Planned, running, completed: forward as the pilot runs, or back one step."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    if status not in PilotStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == pilot.status:
        raise ValidationError(
            {
                "status": _("The pilot is already “%(status)s”.")
                % {"status": pilot.get_status_display()}
            }
        )
    if status not in STATUS_MOVES[pilot.status]:
        raise ValidationError(
            {
                "status": _("A pilot that is “%(from)s” cannot become “%(to)s”.")
                % {"from": pilot.get_status_display(), "to": PilotStatus(status).label}
            }
        )
    before = pilot.status
    pilot.status = status
    pilot.updated_at = timezone.now()
    pilot.save(update_fields=["status", "updated_at"])
    record(action="pilots.set_status", by=by, obj=pilot, detail={"from": before, "to": status})
    return pilot


# Partners.


@transaction.atomic
def add_partner(*, pilot, organisation, role, by):
    """Add a verified organisation as an industry, education or other partner: its members
    see the pilot's participants and change its data."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    errors = {}
    if role not in PartnerRole.values:
        errors["role"] = [_("Choose the partner's role.")]
    elif role == PartnerRole.LEAD:
        errors["role"] = [
            _("A pilot has one lead organisation, %(lead)s: choose another role.")
            % {"lead": pilot.lead_organisation}
        ]
    if organisation is None:
        errors["organisation"] = [_("Choose the organisation.")]
    elif not Organisation.objects.verified().filter(pk=organisation.pk).exists():
        errors["organisation"] = [
            _("%(organisation)s is not verified yet: only verified organisations are partners.")
            % {"organisation": organisation}
        ]
    elif organisation.kind in NEVER_PARTNER_KINDS:
        errors["organisation"] = [
            _(
                "%(organisation)s (%(kind)s) cannot be a partner: ministries and authorities "
                "read a pilot's aggregates, while partners see participants' records."
            )
            % {"organisation": organisation, "kind": organisation.get_kind_display().lower()}
        ]
    elif role in ROLE_KINDS and organisation.kind not in ROLE_KINDS[role]:
        errors["role"] = [
            _("%(organisation)s (%(kind)s) cannot be the pilot's %(role)s.")
            % {
                "organisation": organisation,
                "kind": organisation.get_kind_display().lower(),
                "role": PartnerRole(role).label.lower(),
            }
        ]
    elif pilot.partners.filter(organisation=organisation).exists():
        errors["organisation"] = [
            _("%(organisation)s is already a partner in this pilot.")
            % {"organisation": organisation}
        ]
    if errors:
        raise ValidationError(errors)
    partner = PilotPartner.objects.create(pilot=pilot, organisation=organisation, role=role)
    record(
        action="pilots.add_partner",
        by=by,
        obj=pilot,
        detail={"organisation": organisation.slug, "role": role},
    )
    return partner


@transaction.atomic
def remove_partner(*, pilot, organisation, by):
    """Remove a partner other than the lead: its members no longer see the pilot's
    participants."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    partner = pilot.partners.filter(organisation=organisation).first()
    if partner is None:
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is not a partner in this pilot.")
                % {"organisation": organisation}
            }
        )
    if partner.role == PartnerRole.LEAD or organisation.pk == pilot.lead_organisation_id:
        raise ValidationError(
            {
                "organisation": _(
                    "%(organisation)s leads the pilot: the lead organisation stays a partner."
                )
                % {"organisation": organisation}
            }
        )
    partner.delete()
    record(
        action="pilots.remove_partner",
        by=by,
        obj=pilot,
        detail={"organisation": organisation.slug, "role": partner.role},
    )


# Sites and cohorts.


@transaction.atomic
def add_site(*, pilot, name, district, setting, by):
    """A place the pilot runs, in one of its country's districts, rural or urban."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    errors = {}
    try:
        name = _clean_title(name, max_length=SITE_NAME_MAX_LENGTH, field="name")
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if pilot.sites.filter(name__iexact=name).exists():
            errors["name"] = [_("The pilot already has a site called “%(name)s”.") % {"name": name}]
    if district is None or district.country_id != pilot.country_id:
        errors["district"] = [
            _("Choose one of %(country)s's districts.") % {"country": pilot.country}
        ]
    if setting not in Setting.values:
        errors["setting"] = [_("Say whether the site is rural or urban.")]
    if errors:
        raise ValidationError(errors)
    site = Site.objects.create(pilot=pilot, name=name, district=district, setting=setting)
    record(
        action="pilots.add_site",
        by=by,
        obj=pilot,
        detail={"site": site.pk, "name": name, "district": district.name, "setting": setting},
    )
    return site


@transaction.atomic
def add_cohort(*, pilot, code, site, starts_on, ends_on, delivery_mode, capacity, by):
    """A group of participants who start together, at one of the pilot's sites (or none,
    online), with its dates, delivery mode and capacity."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    errors = {}
    try:
        code = _clean_title(code, max_length=COHORT_CODE_MAX_LENGTH, field="code")
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if pilot.cohorts.filter(code__iexact=code).exists():
            errors["code"] = [_("The pilot already has a cohort “%(code)s”.") % {"code": code}]
    if site is not None and site.pilot_id != pilot.pk:
        errors["site"] = [_("Choose one of this pilot's sites.")]
    starts_on, ends_on = _clean_dates(starts_on, ends_on, errors)
    if delivery_mode not in DeliveryMode.values:
        errors["delivery_mode"] = [_("Choose how the cohort is taught.")]
    if (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not 1 <= capacity <= CAPACITY_MAX
    ):
        errors["capacity"] = [
            _("Enter the number of places, a whole number from 1 to %(max)s.")
            % {"max": f"{CAPACITY_MAX:,}"}
        ]
    if errors:
        raise ValidationError(errors)
    cohort = Cohort.objects.create(
        pilot=pilot,
        code=code,
        site=site,
        starts_on=starts_on,
        ends_on=ends_on,
        delivery_mode=delivery_mode,
        capacity=capacity,
    )
    record(
        action="pilots.add_cohort",
        by=by,
        obj=pilot,
        detail={
            "cohort": cohort.pk,
            "code": code,
            "site": site.pk if site else None,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "delivery_mode": delivery_mode,
            "capacity": capacity,
        },
    )
    return cohort


# Indicator targets.


def _number(value, field, errors, low=None, high=None):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = [_("“%(value)s” is not a number.") % {"value": value}]
        return None
    if not number.is_finite():
        errors[field] = [_("“%(value)s” is not a number.") % {"value": value}]
        return None
    number = number.quantize(Decimal("0.01"))
    if (low is not None and number < low) or (high is not None and number > high):
        errors[field] = [
            _("%(value)s is out of range: enter a number from %(low)s to %(high)s.")
            % {"value": value, "low": low, "high": high}
        ]
        return None
    return number


def target_key_for(label):
    """The key a custom indicator is stored under: its label, slugged, kept apart from the
    standard keys."""
    return ("custom-" + slugify(label))[:60].rstrip("-")


@transaction.atomic
def set_target(*, pilot, key, target, by, label="", unit="", actual=None):
    """Set the target for a standard indicator (key from STANDARD_TARGETS: its actual value
    is computed) or a custom one (any other key, or none: with its label, unit and the actual
    value the partners record). Setting it again replaces it."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    errors = {}
    is_custom = key not in STANDARD_TARGETS
    if is_custom:
        try:
            label = _clean_title(label, max_length=LABEL_MAX_LENGTH, field="label")
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            unit = clean_text(
                clean_name(unit, required=False, max_length=UNIT_MAX_LENGTH),
                max_length=UNIT_MAX_LENGTH,
            )
        except ValidationError as error:
            errors["unit"] = error.messages
        key = slugify(key)[:60] if key else (target_key_for(label) if "label" not in errors else "")
        if not errors and not key:
            errors["label"] = [_("Name the indicator with at least one letter or digit.")]
        target = _number(target, "target", errors, Decimal(0), CUSTOM_TARGET_MAX)
        actual = _number(actual, "actual", errors, Decimal(0), CUSTOM_TARGET_MAX)
    else:
        _label, _unit, low, high = STANDARD_TARGETS[key]
        if actual not in (None, ""):
            errors["actual"] = [
                _("The actual value of “%(indicator)s” is computed from the participants.")
                % {"indicator": _label}
            ]
        label, unit, actual = "", "", None
        target = _number(target, "target", errors, low, high)
    if target is None and "target" not in errors:
        errors["target"] = [_("Enter the target.")]
    if errors:
        raise ValidationError(errors)
    existing = IndicatorTarget.objects.filter(pilot=pilot, key=key).first()
    values = {
        "label": label,
        "unit": unit,
        "target": target,
        "actual": actual,
        "is_custom": is_custom,
    }
    if existing is None:
        indicator = IndicatorTarget.objects.create(pilot=pilot, key=key, **values)
        changes = {name: {"from": None, "to": plain(value)} for name, value in values.items()}
    else:
        indicator = existing
        changes = _changes(indicator, values)
        if not changes:
            return indicator
        indicator.updated_at = timezone.now()
        indicator.save()
    record(action="pilots.set_target", by=by, obj=pilot, detail={"key": key, "changes": changes})
    return indicator


@transaction.atomic
def remove_target(*, pilot, key, by):
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    deleted, _rows = IndicatorTarget.objects.filter(pilot=pilot, key=key).delete()
    if not deleted:
        raise ValidationError({"key": _("The pilot has no target for “%(key)s”.") % {"key": key}})
    record(action="pilots.remove_target", by=by, obj=pilot, detail={"key": key})
