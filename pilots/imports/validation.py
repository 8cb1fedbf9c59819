"""Checking every cell of a participants file with pandas, a column at a time.

Each problem is {"row", "column", "value", "reason"}: the row number a spreadsheet program
shows (the heading is row 1), the column's heading, the cell as written and what is wrong, in
words a provider can act on. Every problem is counted; the first MAX_LISTED are kept.

Headings come first: a missing column, an unknown one (refused, not ignored: a misspelt
heading would otherwise drop a column of outcomes without a word, and a column of names must
not slip in) or one that appears twice stops the check there, since no cell can be read
reliably under wrong headings. Then each cell is parsed once per distinct value (a column of
100,000 dates holds a few hundred), and the rules between columns run on whole columns: the
same rules `pilots.actions.participants.outcome_problems` applies to one participant.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.text import describe

from ..models import IN_WORK, SATISFACTION_SCALE, AssessmentResult, Cohort, District
from . import columns as spec

MAX_LISTED = 1_000
# A cell is quoted in a problem up to this many characters.
VALUE_MAX_LENGTH = 200
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
WHOLE_NUMBER = re.compile(r"[0-9]+(?:\.0+)?")
CENTS = Decimal("0.01")
NO_DATE = np.datetime64("NaT", "D")


def _first_unprintable(value):
    return next(c for c in value if not c.isprintable() and c != " ")


@dataclass(frozen=True)
class Context:
    """What a file is checked against: the pilot's country's districts, its cohorts, today."""

    country_name: str
    districts: dict  # casefolded name: id
    district_names: tuple
    cohorts: dict  # code: (id, starts_on, ends_on)
    today: datetime.date

    @classmethod
    def for_pilot(cls, pilot, today=None):
        districts = list(
            District.objects.filter(country=pilot.country_id).values_list("pk", "name")
        )
        cohorts = Cohort.objects.filter(pilot=pilot).values_list(
            "code", "pk", "starts_on", "ends_on"
        )
        return cls(
            country_name=pilot.country.name,
            districts={name.casefold(): pk for pk, name in districts},
            district_names=tuple(sorted(name for _pk, name in districts)),
            cohorts={code: (pk, starts, ends) for code, pk, starts, ends in cohorts},
            today=today or timezone.localdate(),
        )


@dataclass
class Result:
    problems: list  # the first MAX_LISTED, by row then column
    problem_total: int
    values: dict | None = None  # typed values by Participant field (arrays), when no problems
    numbers: object = None  # the row number of each of them, as the spreadsheet shows it
    row_count: int = 0
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return self.problem_total == 0


class _Problems:
    """Problems gathered a column at a time, as arrays."""

    def __init__(self):
        self.batches = []

    def add(self, rows, column, values, reasons):
        rows = np.asarray(rows)
        if len(rows) == 0:
            return
        if isinstance(reasons, str):
            reasons = np.full(len(rows), reasons, dtype=object)
        self.batches.append(
            pd.DataFrame(
                {
                    "row": rows.astype(np.int64),
                    "column": column,
                    "order": spec.COLUMN_NAMES.index(column) if column in spec.COLUMN_NAMES else -1,
                    "value": np.asarray(values, dtype=object),
                    "reason": np.asarray(reasons, dtype=object),
                }
            )
        )

    def one(self, row, column, value, reason):
        self.add([row], column, [value], reason)

    def result(self, **kwargs):
        if not self.batches:
            return Result(problems=[], problem_total=0, **kwargs)
        every = pd.concat(self.batches, ignore_index=True)
        every = every.sort_values(["row", "order"], kind="stable").head(MAX_LISTED)
        problems = [
            {
                "row": int(row),
                "column": str(column)[:VALUE_MAX_LENGTH],
                "value": str(value)[:VALUE_MAX_LENGTH],
                "reason": str(reason),
            }
            for row, column, value, reason in zip(
                every["row"], every["column"], every["value"], every["reason"], strict=True
            )
        ]
        total = sum(len(batch) for batch in self.batches)
        return Result(problems=problems, problem_total=total, **kwargs)


def _per_value(values, parse):
    """parse() applied once per distinct value: (codes, [result per distinct value])."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, [parse(value) for value in uniques]


def _listing(values):
    return ", ".join(values)


def check_headings(frame, problems):
    """{field name: position} of the file's columns, or None when the headings are wrong."""
    positions = {}
    for position, heading in enumerate(frame.columns):
        key = spec.heading_key(heading)
        letter = _column_letter(position)
        if not key:
            if (frame.iloc[:, position] != "").any():
                problems.one(
                    1,
                    _("column %(letter)s") % {"letter": letter},
                    "",
                    _("This column has values but no heading: give it one of the template's."),
                )
            continue
        if key not in spec.BY_NAME:
            problems.one(
                1,
                str(heading),
                str(heading),
                _(
                    "Not a column of the template (column %(letter)s): remove it, or correct "
                    "its heading. The columns are: %(columns)s."
                )
                % {"letter": letter, "columns": _listing(spec.COLUMN_NAMES)},
            )
            continue
        if key in positions:
            problems.one(
                1,
                key,
                str(heading),
                _("This column appears twice (columns %(first)s and %(second)s): keep one.")
                % {"first": _column_letter(positions[key]), "second": letter},
            )
            continue
        positions[key] = position
    for name in spec.COLUMN_NAMES:
        if name not in positions:
            problems.one(
                1,
                name,
                "",
                _(
                    "The column “%(column)s” is missing. Every column of the template must be "
                    "there, even if its cells are empty."
                )
                % {"column": name},
            )
    return None if problems.batches else positions


def _column_letter(position):
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _Checker:
    def __init__(self, frame, positions, context):
        self.context = context
        self.numbers = frame.index.to_numpy()
        self.cells = {
            name: frame.iloc[:, position].to_numpy(dtype=object)
            for name, position in positions.items()
        }
        self.empty = {name: cells == "" for name, cells in self.cells.items()}
        self.problems = _Problems()
        self.values = {}  # field: array of typed values for saving
        self.dates = {}  # date column: datetime64[D] array (NaT when empty or wrong)

    def report(self, mask, column, reasons):
        self.problems.add(self.numbers[mask], column, self.cells[column][mask], reasons)

    # Columns

    def reference(self):
        cells = self.cells["reference"]
        empty = self.empty["reference"]
        self.report(empty, "reference", _("The participant reference is missing."))
        too_long = pd.Series(cells).str.len().to_numpy() > spec.REFERENCE_MAX_LENGTH
        self.report(
            too_long,
            "reference",
            _("The reference is longer than %(limit)s characters.")
            % {"limit": spec.REFERENCE_MAX_LENGTH},
        )
        series = pd.Series(cells)
        # References are printed in pages, exports and reports: an invisible or control
        # character (a right-to-left override, a zero-width space) would make one read as
        # another. str.isprintable is False for exactly those, and for spaces other than " ".
        unprintable = ~series.map(lambda value: value.replace(" ", "").isprintable()).to_numpy()
        if unprintable.any():
            self.report(
                unprintable,
                "reference",
                [
                    _(
                        "The reference holds %(character)s, which does not print: use letters, "
                        "digits and punctuation only."
                    )
                    % {"character": describe(_first_unprintable(value))}
                    for value in cells[unprintable]
                ],
            )
        repeated = (series.duplicated(keep="first") & ~empty).to_numpy()
        if repeated.any():
            first_rows = pd.Series(self.numbers, index=cells)
            first_rows = first_rows[~first_rows.index.duplicated(keep="first")]
            firsts = first_rows.reindex(cells[repeated]).to_numpy()
            self.report(
                repeated,
                "reference",
                [
                    _("The same reference is already on row %(row)s: each participant once.")
                    % {"row": first}
                    for first in firsts
                ],
            )
        self.values["reference"] = cells

    def choice(self, name):
        column = spec.BY_NAME[name]
        lookup = spec.choice_lookup(column.choices)
        codes, keys = _per_value(self.cells[name], lambda value: lookup.get(value.casefold()))
        keys = np.array(keys + [None], dtype=object)[:-1].take(codes)
        empty = self.empty[name]
        unknown = (keys == None) & ~empty  # noqa: E711 (element-wise)
        if column.required:
            self.report(empty, name, _("This value is missing."))
        self.report(
            unknown,
            name,
            _("Not one of the allowed values: %(values)s (or their names in English).")
            % {"values": _listing(column.choices.values)},
        )
        keys[empty | unknown] = ""
        self.values[name] = keys

    def district(self):
        cells = self.cells["district"]
        codes, ids = _per_value(cells, lambda value: self.context.districts.get(value.casefold()))
        ids = np.array(ids + [None], dtype=object)[:-1].take(codes)
        empty = self.empty["district"]
        self.report(empty, "district", _("The district is missing."))
        self.report(
            (ids == None) & ~empty,  # noqa: E711
            "district",
            _("Not a district of %(country)s: use one of the names in the list of allowed values.")
            % {"country": self.context.country_name},
        )
        self.values["district"] = ids

    def cohort(self):
        cells = self.cells["cohort"]
        cohorts = self.context.cohorts
        folded = {}
        for code in cohorts:
            folded.setdefault(code.casefold(), []).append(code)

        def find(value):
            if value in cohorts:
                return value
            matches = folded.get(value.casefold(), [])
            return matches[0] if len(matches) == 1 else None

        codes, found = _per_value(cells, find)
        ids = [cohorts[code][0] if code is not None else None for code in found]
        starts = [cohorts[code][1] if code is not None else NO_DATE for code in found]
        ends = [cohorts[code][2] if code is not None else NO_DATE for code in found]
        found = np.array(found + [None], dtype=object)[:-1].take(codes)
        empty = self.empty["cohort"]
        self.report(empty, "cohort", _("The cohort code is missing."))
        self.report(
            (found == None) & ~empty,  # noqa: E711
            "cohort",
            _("Not a cohort of this pilot: its cohort codes are %(codes)s.")
            % {"codes": _listing(sorted(cohorts)) or _("none yet (add the cohorts first)")},
        )
        self.values["cohort"] = np.array(ids + [None], dtype=object)[:-1].take(codes)
        self.cohort_starts = np.array(starts, dtype="datetime64[D]").take(codes)
        self.cohort_ends = np.array(ends, dtype="datetime64[D]").take(codes)
        self.cohort_codes = found

    def date(self, name, required):
        def parse(value):
            matched = ISO_DATE.fullmatch(value)
            if not matched:
                return None
            try:
                return datetime.date(*(int(part) for part in matched.groups()))
            except ValueError:
                return None

        cells = self.cells[name]
        codes, parsed = _per_value(cells, parse)
        objects = np.array(parsed + [None], dtype=object)[:-1].take(codes)
        as_days = np.array(
            [NO_DATE if day is None else np.datetime64(day, "D") for day in parsed],
            dtype="datetime64[D]",
        ).take(codes)
        empty = self.empty[name]
        if required:
            self.report(empty, name, _("This date is missing."))
        self.report(
            (objects == None) & ~empty,  # noqa: E711
            name,
            _("Not a date: write dates as YYYY-MM-DD, for example 2026-03-31."),
        )
        future = as_days > np.datetime64(self.context.today, "D")
        self.report(
            future,
            name,
            _("This date is after today (%(today)s).") % {"today": self.context.today.isoformat()},
        )
        objects[future] = None
        as_days[future] = NO_DATE
        self.values[name] = objects
        self.dates[name] = as_days

    def birth_year(self):
        def parse(value):
            return int(float(value)) if WHOLE_NUMBER.fullmatch(value) else None

        cells = self.cells["birth_year"]
        codes, years = _per_value(cells, parse)
        years = np.array(years + [None], dtype=object)[:-1].take(codes)
        empty = self.empty["birth_year"]
        self.report(empty, "birth_year", _("The year of birth is missing."))
        wrong = (years == None) & ~empty  # noqa: E711
        self.report(wrong, "birth_year", _("Not a year: write four digits, for example 1998."))
        valid = ~(empty | wrong)
        as_numbers = np.where(valid, years, 0).astype(np.int64)
        enrolled = self.dates["enrolled_on"]
        reference_year = np.where(
            np.isnat(enrolled),
            self.context.today.year,
            enrolled.astype("datetime64[Y]").astype(np.int64) + 1970,
        )
        ages = reference_year - as_numbers
        out = valid & ((ages < spec.MIN_AGE) | (ages > spec.MAX_AGE))
        self.report(
            out,
            "birth_year",
            [
                _(
                    "That makes the participant %(age)s at enrolment: the import takes ages "
                    "%(low)s to %(high)s."
                )
                % {"age": age, "low": spec.MIN_AGE, "high": spec.MAX_AGE}
                for age in ages[out]
            ],
        )
        years[~valid | out] = None
        self.values["birth_year"] = years

    def score(self):
        low, high = spec.SCORE_RANGE

        def parse(value):
            if value == "":
                return None, ""
            try:
                number = Decimal(value.replace(",", ".").removesuffix("%").strip())
            except InvalidOperation:
                return None, _("Not a number: write the score from 0 to 100, for example 72.5.")
            if not number.is_finite() or not low <= number <= high:
                return None, _(
                    "The score is out of range: it must be from %(low)s to %(high)s."
                ) % {"low": low, "high": high}
            if number != number.quantize(CENTS):
                return None, _("The score has more than two decimals.")
            return number.quantize(CENTS), ""

        cells = self.cells["assessment_score"]
        codes, parsed = _per_value(cells, parse)
        scores = np.array([score for score, _reason in parsed] + [None], dtype=object)[:-1]
        reasons = np.array([reason for _score, reason in parsed], dtype=object).take(codes)
        scores = scores.take(codes)
        self.has_score = np.array([score is not None for score, _r in parsed], dtype=bool).take(
            codes
        )
        wrong = reasons != ""
        self.report(wrong, "assessment_score", reasons[wrong])
        self.values["assessment_score"] = scores

    def satisfaction(self):
        low, high = SATISFACTION_SCALE

        def parse(value):
            if WHOLE_NUMBER.fullmatch(value):
                number = int(float(value))
                return number if low <= number <= high else None
            return None

        cells = self.cells["employer_satisfaction"]
        codes, parsed = _per_value(cells, parse)
        numbers = np.array(parsed + [None], dtype=object)[:-1].take(codes)
        self.has_satisfaction = np.array([n is not None for n in parsed], dtype=bool).take(codes)
        wrong = (numbers == None) & ~self.empty["employer_satisfaction"]  # noqa: E711
        self.report(
            wrong,
            "employer_satisfaction",
            _("The employer's satisfaction must be a whole number from %(low)s to %(high)s.")
            % {"low": low, "high": high},
        )
        self.values["employer_satisfaction"] = numbers

    # Rules between columns (what outcome_problems says of one participant)

    def rules(self):
        dates = self.dates
        enrolled, completed, awarded = (
            dates["enrolled_on"],
            dates["completed_on"],
            dates["awarded_on"],
        )
        day = _day_text
        # Enrolment and completion against the cohort.
        late = enrolled > self.cohort_ends
        self.report(
            late,
            "enrolled_on",
            [
                _("The enrolment is after the end of cohort %(cohort)s (%(date)s).")
                % {"cohort": code, "date": day(end)}
                for code, end in zip(self.cohort_codes[late], self.cohort_ends[late], strict=True)
            ],
        )
        early = completed < self.cohort_starts
        self.report(
            early,
            "completed_on",
            [
                _("The completion is before the start of cohort %(cohort)s (%(date)s).")
                % {"cohort": code, "date": day(start)}
                for code, start in zip(
                    self.cohort_codes[early], self.cohort_starts[early], strict=True
                )
            ],
        )
        before = completed < enrolled
        self.report(
            before & ~early,
            "completed_on",
            [
                _("The completion is before the enrolment (%(date)s).") % {"date": day(value)}
                for value in enrolled[before & ~early]
            ],
        )
        has_completion = ~np.isnat(completed)
        result = self.values["assessment_result"]
        has_result = result != ""
        self.report(
            has_result & ~has_completion & self.empty["completed_on"],
            "assessment_result",
            _("An assessment result needs a completion date."),
        )
        has_score = self.has_score
        self.report(
            has_score & ~has_result & self.empty["assessment_result"],
            "assessment_score",
            _("A score needs an assessment result (passed or failed)."),
        )
        has_award = ~np.isnat(awarded)
        # A result cell with a wrong value is reported already: no more about it.
        result_known = has_result | self.empty["assessment_result"]
        self.report(
            has_award & result_known & (result != AssessmentResult.PASSED.value),
            "awarded_on",
            _("A credential is awarded only after a passed assessment."),
        )
        award_before = awarded < completed
        self.report(
            award_before,
            "awarded_on",
            [
                _("The award is before the completion (%(date)s).") % {"date": day(value)}
                for value in completed[award_before]
            ],
        )
        in_work = np.zeros(len(self.numbers), dtype=bool)
        today = np.datetime64(self.context.today, "D")
        for months, name in zip((3, 6, 12), spec.FOLLOW_UP_COLUMNS, strict=True):
            status = self.values[name]
            has_status = status != ""
            self.report(
                has_status & ~has_completion & self.empty["completed_on"],
                name,
                _("Follow-ups are counted from completion: the completion date is missing."),
            )
            due = _add_months(completed, months)
            not_yet = has_status & (due > today)
            self.report(
                not_yet,
                name,
                [
                    _("The %(months)s-month follow-up is due on %(date)s, after today.")
                    % {"months": months, "date": day(value)}
                    for value in due[not_yet]
                ],
            )
            in_work |= np.isin(status, [value.value for value in IN_WORK])
        has_satisfaction = self.has_satisfaction
        self.report(
            has_satisfaction & ~in_work,
            "employer_satisfaction",
            _(
                "An employer's satisfaction is recorded for a participant in work (employed, "
                "promoted or self-employed) at a follow-up."
            ),
        )


def _day_text(value):
    return str(np.datetime64(value, "D"))


def _add_months(days, months):
    """days + months, each day on the same day of the month (or the month's last)."""
    codes, uniques = pd.factorize(days, use_na_sentinel=False)
    shifted = []
    for value in uniques:
        if np.isnat(value):
            shifted.append(NO_DATE)
            continue
        day = value.astype(datetime.date)
        month = day.month - 1 + months
        year, month = day.year + month // 12, month % 12 + 1
        last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)).day
        shifted.append(np.datetime64(datetime.date(year, month, min(day.day, last)), "D"))
    return np.array(shifted, dtype="datetime64[D]").take(codes)


def validate(frame, context):
    """Every problem of the file's cells, or (when there is none) its rows as typed values by
    Participant field (district and cohort as ids)."""
    problems = _Problems()
    positions = check_headings(frame, problems)
    if positions is None:
        return problems.result(row_count=len(frame))
    if frame.empty:
        problems.one(2, "reference", "", _("The file has no participants' rows under its heading."))
        return problems.result(row_count=0)
    checker = _Checker(frame, positions, context)
    checker.problems = problems
    checker.reference()
    for name in spec.CHOICE_COLUMNS:
        checker.choice(name)
    checker.district()
    checker.cohort()
    for name in spec.DATE_COLUMNS:
        checker.date(name, required=spec.BY_NAME[name].required)
    checker.birth_year()
    checker.score()
    checker.satisfaction()
    checker.rules()
    if problems.batches:
        return problems.result(row_count=len(frame))
    values = {name: checker.values[name] for name in spec.COLUMN_NAMES}
    return Result(
        problems=[],
        problem_total=0,
        values=values,
        numbers=frame.index.to_numpy(),
        row_count=len(frame),
    )
