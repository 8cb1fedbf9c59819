"""Checking a stored file against its pilot: read it, validate it, and work out what importing
it would do. Nothing is written here; `pilots.actions.imports` keeps the outcome on the
import's row.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils import timezone

from ..models import Participant
from . import bulk, reading
from . import columns as spec
from .files import Refused
from .validation import Context, validate

SAMPLE_SIZE = 10


@dataclass
class Outcome:
    ok: bool
    row_count: int = 0
    problems: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    error: str = ""  # why the file cannot be read at all
    rows: object = None  # the rows for save_participants (bulk.ColumnRows), when ok
    numbers: list | None = None  # their row numbers in the file


def state_of(pilot):
    """A token that changes whenever the pilot's participants do (any save moves updated_at;
    a removal changes the count)."""
    found = Participant.objects.filter(pilot=pilot).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    latest = found["latest"].isoformat() if found["latest"] else ""
    return f"{found['count']}:{latest}"


def rows_for_saving(result):
    """The validated rows as save_participants takes them: an iterable of dicts, kept as
    columns (bulk.ColumnRows) so that no dict is made per row."""
    return bulk.ColumnRows({name: result.values[name] for name in spec.COLUMN_NAMES}, plain=True)


def read_and_validate(pilot, data, *, file_format, encoding, progress=None, today=None):
    """(Outcome) the file's problems, or its rows ready for save_participants."""
    progress = progress or (lambda percent: None)
    try:
        table = reading.read(data, file_format=file_format, encoding=encoding)
    except Refused as refused:
        return Outcome(ok=False, error=str(refused))
    progress(40)
    result = validate(table.frame, Context.for_pilot(pilot, today=today))
    progress(60)
    notes = list(table.notes)
    summary = {"notes": notes}
    if table.encoding:
        summary["encoding"] = table.encoding
    if not result.ok:
        summary["problem_total"] = result.problem_total
        return Outcome(
            ok=False, row_count=result.row_count, problems=result.problems, summary=summary
        )
    return Outcome(
        ok=True,
        row_count=result.row_count,
        summary=summary,
        rows=rows_for_saving(result),
        numbers=[int(number) for number in result.numbers],
    )


def check(pilot, data, *, file_format, encoding, progress=None, today=None):
    """Read and validate the file, and when it is clean, what importing it would do now:
    summary {"created", "updated", "unchanged", "changes" (updates per column), "sample",
    "state" (of the pilot's participants the plan was made from), "checked_at"}."""
    progress = progress or (lambda percent: None)
    outcome = read_and_validate(
        pilot, data, file_format=file_format, encoding=encoding, progress=progress, today=today
    )
    if not outcome.ok:
        return outcome
    outcome.summary.update(preview(pilot, outcome.rows, outcome.numbers))
    progress(95)
    return outcome


def preview(pilot, rows, row_numbers):
    """What saving `rows` would do now, with a sample of the rows by their number in the
    file (`row_numbers`, one per row)."""
    state = state_of(pilot)
    prepared = bulk.prepare(rows)
    plan = bulk.plan(pilot, prepared)
    numbers = {
        reference: row_numbers[position - 1] for reference, (position, *_rest) in prepared.items()
    }
    names = _names(pilot)
    changes = dict.fromkeys(bulk.FIELDS, 0)
    for _pk, _reference, values, old in plan.update:
        for name, new, before in zip(bulk.FIELDS, values, old, strict=True):
            if new != before:
                changes[name] += 1
    sample = []
    for reference, values in plan.create[:SAMPLE_SIZE]:
        sample.append(
            {
                "row": numbers[reference],
                "reference": reference,
                "action": "create",
                "values": [
                    [name, _shown(name, value, names)]
                    for name, value in zip(bulk.FIELDS, values, strict=True)
                    if value not in (None, "")
                ],
            }
        )
    for _pk, reference, values, old in plan.update[:SAMPLE_SIZE]:
        sample.append(
            {
                "row": numbers[reference],
                "reference": reference,
                "action": "update",
                "values": [
                    [name, _shown(name, before, names), _shown(name, new, names)]
                    for name, new, before in zip(bulk.FIELDS, values, old, strict=True)
                    if new != before
                ],
            }
        )
    sample.sort(key=lambda item: item["row"])
    return {
        **plan.counts,
        "changes": {name: count for name, count in changes.items() if count},
        "sample": sample,
        "state": state,
        "checked_at": timezone.now().isoformat(),
    }


def _names(pilot):
    from ..models import Cohort, District

    return {
        "district": dict(
            District.objects.filter(country=pilot.country_id).values_list("pk", "name")
        ),
        "cohort": dict(Cohort.objects.filter(pilot=pilot).values_list("pk", "code")),
    }


def _shown(name, value, names):
    """A value as the file writes it."""
    if value is None:
        return ""
    if name in names:
        return names[name].get(value, str(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
