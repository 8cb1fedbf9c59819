"""Participants: saving already-validated rows (from an import or a form), and recording one
participant's outcomes.

save_participants is the one way participant rows reach the database. The import part
validates a file's rows first (pilots/imports/) and may give this function a faster body, with
the same signature and behaviour: an upsert keyed by the participant reference, all or
nothing, one audit entry with the counts, and the achievements following the award dates.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actions import record

from ..models import (
    FOLLOW_UP_MONTHS,
    IN_WORK,
    SATISFACTION_SCALE,
    AssessmentResult,
    Cohort,
    District,
    FollowUpStatus,
    Participant,
)
from .achievements import sync_achievements
from .common import lock_pilot, require_partner

# Every field a row may carry besides its reference; district and cohort as objects or ids.
DEMOGRAPHIC_FIELDS = (
    "gender",
    "birth_year",
    "district",
    "setting",
    "disability",
    "employment_at_entry",
    "education_at_entry",
)
ENROLMENT_FIELDS = ("cohort", "enrolled_on")
OUTCOME_FIELDS = (
    "completed_on",
    "assessment_result",
    "assessment_score",
    "awarded_on",
    "status_3_months",
    "status_6_months",
    "status_12_months",
    "employer_satisfaction",
)
ROW_FIELDS = DEMOGRAPHIC_FIELDS + ENROLMENT_FIELDS + OUTCOME_FIELDS
REQUIRED_FIELDS = DEMOGRAPHIC_FIELDS + ENROLMENT_FIELDS
# Stored as "" when unknown; the others as NULL.
TEXT_OUTCOMES = ("assessment_result", "status_3_months", "status_6_months", "status_12_months")
CENTS = Decimal("0.01")
# Up to this many rows, the existing participants are looked up by reference (one IN list,
# within SQLite's limit on parameters); beyond it, the pilot's participants are read whole.
REFERENCE_LOOKUP_MAX = 500


def _attname(field):
    return f"{field}_id" if field in ("district", "cohort") else field


def _normalise(field, value):
    """A row's value as the column stores it (ids for district and cohort)."""
    if field in ("district", "cohort"):
        return getattr(value, "pk", value)
    if value is None or value == "":
        return "" if field in TEXT_OUTCOMES else None
    if field == "assessment_score":
        return Decimal(str(value)).quantize(CENTS)
    if field in ("enrolled_on", "completed_on", "awarded_on") and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _row_problem(number, reference, message):
    return ValidationError(
        _("Row %(row)d (participant %(reference)s): %(problem)s")
        % {"row": number, "reference": reference or "?", "problem": message}
    )


@transaction.atomic
def save_participants(*, pilot, rows, by):
    """Create or update the pilot's participants from already-validated rows, keyed by their
    reference. A row is a dict of Participant field values ("reference" and any of
    ROW_FIELDS; a new participant needs REQUIRED_FIELDS); fields a row leaves out keep their
    value. All or nothing. Returns {"created", "updated", "unchanged"}."""
    pilot = lock_pilot(pilot)
    require_partner(pilot, by)
    prepared = {}
    for number, row in enumerate(rows, start=1):
        reference = str(row.get("reference") or "").strip()
        if not reference:
            raise _row_problem(number, reference, _("the participant reference is missing."))
        if reference in prepared:
            raise _row_problem(number, reference, _("the reference appears twice."))
        unknown = set(row) - set(ROW_FIELDS) - {"reference"}
        if unknown:
            raise _row_problem(
                number,
                reference,
                _("unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            )
        try:
            values = {field: _normalise(field, row[field]) for field in ROW_FIELDS if field in row}
        except (InvalidOperation, ValueError, TypeError) as error:
            raise _row_problem(number, reference, str(error)) from error
        prepared[reference] = (number, values)

    # Districts of the pilot's country and cohorts of the pilot only.
    district_ids = {v["district"] for _n, v in prepared.values() if v.get("district") is not None}
    cohort_ids = {v["cohort"] for _n, v in prepared.values() if v.get("cohort") is not None}
    known_districts = set(
        District.objects.filter(country=pilot.country_id, pk__in=district_ids).values_list(
            "pk", flat=True
        )
    )
    known_cohorts = set(
        Cohort.objects.filter(pilot=pilot, pk__in=cohort_ids).values_list("pk", flat=True)
    )

    existing_rows = pilot.participants.all()
    if len(prepared) <= REFERENCE_LOOKUP_MAX:  # a form or a small file: only those rows
        existing_rows = existing_rows.filter(reference__in=list(prepared))
    existing = {participant.reference: participant for participant in existing_rows}
    now = timezone.now()
    to_create, to_update, changed_fields, award_changes = [], [], set(), []
    unchanged = 0
    for reference, (number, values) in prepared.items():
        if values.get("district") is not None and values["district"] not in known_districts:
            raise _row_problem(
                number, reference, _("the district is not one of the pilot's country.")
            )
        if values.get("cohort") is not None and values["cohort"] not in known_cohorts:
            raise _row_problem(number, reference, _("the cohort is not one of the pilot's."))
        participant = existing.get(reference)
        if participant is None:
            missing = [field for field in REQUIRED_FIELDS if values.get(field) in (None, "")]
            if missing:
                raise _row_problem(
                    number, reference, _("missing %(fields)s.") % {"fields": ", ".join(missing)}
                )
            participant = Participant(
                pilot=pilot, reference=reference, created_at=now, updated_at=now
            )
            for field, value in values.items():
                setattr(participant, _attname(field), value)
            to_create.append(participant)
            continue
        changed = [f for f, value in values.items() if getattr(participant, _attname(f)) != value]
        if not changed:
            unchanged += 1
            continue
        for field in changed:
            setattr(participant, _attname(field), values[field])
        participant.updated_at = now
        changed_fields.update(changed)
        to_update.append(participant)
        if "awarded_on" in changed:
            award_changes.append(participant)

    Participant.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Participant.objects.bulk_update(
            to_update, [_attname(f) for f in changed_fields] + ["updated_at"], batch_size=500
        )
    awarded_ids = [p.pk for p in to_create if p.awarded_on is not None] + [
        p.pk for p in award_changes
    ]
    sync_achievements(pilot=pilot, participant_ids=awarded_ids, by=by)
    counts = {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}
    record(action="pilots.save_participants", by=by, obj=pilot, detail=counts)
    return counts


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def outcome_problems(*, enrolled_on, values, today=None):
    """{field: message} for what is wrong with one participant's outcomes (values by
    OUTCOME_FIELDS, normalised); empty when they hold together."""
    today = today or timezone.localdate()
    problems = {}
    completed_on = values.get("completed_on")
    awarded_on = values.get("awarded_on")
    result = values.get("assessment_result") or ""
    score = values.get("assessment_score")
    if completed_on is not None:
        if completed_on < enrolled_on:
            problems["completed_on"] = _(
                "The completion date (%(date)s) is before the enrolment date (%(enrolled)s)."
            ) % {"date": completed_on.isoformat(), "enrolled": enrolled_on.isoformat()}
        elif completed_on > today:
            problems["completed_on"] = _("The completion date (%(date)s) is in the future.") % {
                "date": completed_on.isoformat()
            }
    if result and result not in AssessmentResult.values:
        problems["assessment_result"] = _("Choose passed, failed or not assessed.")
    elif result and completed_on is None:
        problems["assessment_result"] = _(
            "Record the completion date before the assessment result."
        )
    if score is not None:
        if not Decimal(0) <= score <= Decimal(100):
            problems["assessment_score"] = _(
                "The score %(score)s is out of range: enter a number from 0 to 100."
            ) % {"score": score}
        elif not result:
            problems["assessment_score"] = _("Record the assessment result with its score.")
    if awarded_on is not None:
        if result != AssessmentResult.PASSED:
            problems["awarded_on"] = _("A credential is awarded only after a passed assessment.")
        elif completed_on is not None and awarded_on < completed_on:
            problems["awarded_on"] = _(
                "The award date (%(date)s) is before the completion date (%(completed)s)."
            ) % {"date": awarded_on.isoformat(), "completed": completed_on.isoformat()}
        elif awarded_on > today:
            problems["awarded_on"] = _("The award date (%(date)s) is in the future.") % {
                "date": awarded_on.isoformat()
            }
    in_work = False
    for months in FOLLOW_UP_MONTHS:
        field = f"status_{months}_months"
        status = values.get(field) or ""
        if not status:
            continue
        if status not in FollowUpStatus.values:
            problems[field] = _("Choose one of the follow-up answers.")
        elif completed_on is None:
            problems[field] = _(
                "Follow-ups are counted from completion: record the completion date first."
            )
        elif _add_months(completed_on, months) > today:
            problems[field] = _(
                "The %(months)d-month follow-up is due on %(due)s, after today."
            ) % {"months": months, "due": _add_months(completed_on, months).isoformat()}
        in_work = in_work or status in IN_WORK
    satisfaction = values.get("employer_satisfaction")
    if satisfaction is not None:
        low, high = SATISFACTION_SCALE
        if (
            isinstance(satisfaction, bool)
            or not isinstance(satisfaction, int)
            or not low <= satisfaction <= high
        ):
            problems["employer_satisfaction"] = _(
                "Enter the employer's satisfaction as a whole number from %(low)d to %(high)d."
            ) % {"low": low, "high": high}
        elif not in_work:
            problems["employer_satisfaction"] = _(
                "An employer's satisfaction is recorded for a participant in work at a follow-up."
            )
    return problems


@transaction.atomic
def record_outcomes(*, participant, by, **outcomes):
    """Record one participant's outcomes (any of OUTCOME_FIELDS; those left out keep their
    value): completion, assessment, award, follow-ups at 3, 6 and 12 months, employer
    satisfaction. An award creates an achievement; clearing it revokes the achievement."""
    unknown = set(outcomes) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"record_outcomes: unknown outcomes {', '.join(sorted(unknown))}")
    pilot = participant.pilot
    require_partner(pilot, by)
    participant = Participant.objects.get(pk=participant.pk)
    values = {field: getattr(participant, field) for field in OUTCOME_FIELDS}
    errors = {}
    for field, value in outcomes.items():
        try:
            values[field] = _normalise(field, value)
        except (InvalidOperation, ValueError, TypeError):
            errors[field] = [_("“%(value)s” is not a valid value here.") % {"value": value}]
    if errors:
        raise ValidationError(errors)
    problems = outcome_problems(enrolled_on=participant.enrolled_on, values=values)
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    counts = save_participants(
        pilot=pilot, rows=[{"reference": participant.reference, **values}], by=by
    )
    participant.refresh_from_db()
    if counts["updated"]:
        record(
            action="pilots.record_outcomes",
            by=by,
            obj=pilot,
            detail={"participant": participant.pk, "fields": sorted(outcomes)},
        )
    return participant
