"""The standard indicators of a pilot, each with one definition, and progress against target.

Every indicator is computed from the counts pilots/disaggregation.py reads in SQL, so the
dashboards, the exports and the reports show the same figure for the same definition. A
figure is named by its cell: (dimension, category, measure); ("all", "", measure) is the whole
pilot (or the whole selection of pilots). The measures, each a count of people unless said:

- enrolled: every participant (each row is an enrolment in a cohort);
- completed: participants with a completion date;
- assessed: participants with an assessment result (passed or failed);
- passed: participants whose assessment result is "passed";
- awarded: participants with a date the credential was awarded;
- followed_6: participants with a status at six months other than "not reached";
- in_work_6: participants employed, promoted or self-employed at six months;
- satisfaction_n: participants with an employer satisfaction score (1 to 5);
- satisfaction_sum: the sum of those scores (not a count of people; never shown itself).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ALL = ("all", "")

# Counts of people, in the order tables show them.
PEOPLE_MEASURES = (
    "enrolled",
    "completed",
    "assessed",
    "passed",
    "awarded",
    "followed_6",
    "in_work_6",
    "satisfaction_n",
)
MEASURES = (*PEOPLE_MEASURES, "satisfaction_sum")
# What the breakdowns count for each category; employer satisfaction is reported for the whole
# pilot (or selection) only.
CATEGORY_MEASURES = PEOPLE_MEASURES[:-1]

MEASURE_LABELS = {
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "assessed": _("Assessed"),
    "passed": _("Passed"),
    "awarded": _("Awarded"),
    "followed_6": _("Followed up at 6 months"),
    "in_work_6": _("In work at 6 months"),
    "satisfaction_n": _("Employer scores"),
}

# The funnel: each stage a measure of the whole.
FUNNEL = ("enrolled", "completed", "awarded", "in_work_6")
FUNNEL_LABELS = {
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "awarded": _("Awarded the credential"),
    "in_work_6": _("In work at 6 months"),
}

COUNT = "count"
PERCENT = "percent"
SCORE = "score"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    unit: str  # COUNT, PERCENT or SCORE
    # What is counted, and out of what, in words (shown beside the figure).
    definition: object
    # Cells added up for the numerator and the denominator (none for a count).
    numerator: tuple
    denominator: tuple = ()

    def value(self, values):
        """The indicator from `values` ({cell: number}); None when the denominator is 0."""
        numerator = sum(values.get(cell, 0) for cell in self.numerator)
        if self.unit == COUNT:
            return Decimal(numerator)
        denominator = sum(values.get(cell, 0) for cell in self.denominator)
        if not denominator:
            return None
        scale = 100 if self.unit == PERCENT else 1
        return Decimal(numerator * scale) / Decimal(denominator)

    def hidden(self, hidden):
        """True when the indicator would give a hidden cell away (rule 3 of
        pilots/suppression.py): any cell of its numerator or denominator is hidden."""
        return any(cell in hidden for cell in (*self.numerator, *self.denominator))

    def parts(self, values):
        """(numerator, denominator) as counts; denominator None for a count."""
        numerator = sum(values.get(cell, 0) for cell in self.numerator)
        if self.unit == COUNT:
            return numerator, None
        return numerator, sum(values.get(cell, 0) for cell in self.denominator)


def _all(measure):
    return (*ALL, measure)


STANDARD_INDICATORS = (
    Indicator(
        key="enrolments",
        label=_("Enrolments"),
        unit=COUNT,
        definition=_("Participants enrolled in a cohort of the pilot."),
        numerator=(_all("enrolled"),),
    ),
    Indicator(
        key="completion_rate",
        label=_("Completion rate"),
        unit=PERCENT,
        definition=_("Participants who completed, out of all participants enrolled."),
        numerator=(_all("completed"),),
        denominator=(_all("enrolled"),),
    ),
    Indicator(
        key="pass_rate",
        label=_("Pass rate"),
        unit=PERCENT,
        definition=_("Participants who passed the assessment, out of those assessed."),
        numerator=(_all("passed"),),
        denominator=(_all("assessed"),),
    ),
    Indicator(
        key="award_rate",
        label=_("Award rate"),
        unit=PERCENT,
        definition=_("Participants awarded the credential, out of all participants enrolled."),
        numerator=(_all("awarded"),),
        denominator=(_all("enrolled"),),
    ),
    Indicator(
        key="employment_6_months",
        label=_("Employment at six months"),
        unit=PERCENT,
        definition=_(
            "Participants employed, promoted or self-employed six months on, out of those "
            "whose status at six months is recorded (those not reached are left out)."
        ),
        numerator=(_all("in_work_6"),),
        denominator=(_all("followed_6"),),
    ),
    Indicator(
        key="share_women",
        label=_("Share of women"),
        unit=PERCENT,
        definition=_("Women, out of all participants enrolled."),
        numerator=(("gender", "female", "enrolled"),),
        denominator=(_all("enrolled"),),
    ),
    Indicator(
        key="share_rural",
        label=_("Share of rural participants"),
        unit=PERCENT,
        definition=_("Participants living in a rural area, out of all participants enrolled."),
        numerator=(("setting", "rural", "enrolled"),),
        denominator=(_all("enrolled"),),
    ),
    Indicator(
        key="share_youth",
        label=_("Share of young people"),
        unit=PERCENT,
        definition=_(
            "Participants whose age in the pilot's start year is within the ages their "
            "country's youth policy defines as youth (inclusive), out of all participants "
            "enrolled in pilots of countries with such a definition."
        ),
        numerator=(("youth", "young", "enrolled"),),
        denominator=(("youth", "young", "enrolled"), ("youth", "not_young", "enrolled")),
    ),
    Indicator(
        key="employer_satisfaction",
        label=_("Employer satisfaction"),
        unit=SCORE,
        definition=_("The mean of the employers' scores, from 1 (poor) to 5 (excellent)."),
        numerator=(_all("satisfaction_sum"),),
        denominator=(_all("satisfaction_n"),),
    ),
)
STANDARD = {indicator.key: indicator for indicator in STANDARD_INDICATORS}
STANDARD_KEYS = tuple(STANDARD)

# The rates each row of a breakdown shows: (key, numerator measure, denominator measure).
ROW_RATES = (
    ("completion_rate", "completed", "enrolled"),
    ("pass_rate", "passed", "assessed"),
    ("award_rate", "awarded", "enrolled"),
    ("employment_6_months", "in_work_6", "followed_6"),
)
ROW_RATE_LABELS = {
    "completion_rate": _("Completion rate"),
    "pass_rate": _("Pass rate"),
    "award_rate": _("Award rate"),
    "employment_6_months": _("Employment rate at 6 months"),
}


def row_rate(values, hidden, row, key):
    """A breakdown row's rate in percent: (value, hidden). `row` is (dimension, category);
    `key` one of ROW_RATES. None when its denominator is 0."""
    _key, numerator, denominator = next(r for r in ROW_RATES if r[0] == key)
    cells = ((*row, numerator), (*row, denominator))
    if any(cell in hidden for cell in cells):
        return None, True
    bottom = values.get(cells[1], 0)
    if not bottom:
        return None, False
    return Decimal(values.get(cells[0], 0) * 100) / Decimal(bottom), False


def rounded(value, places=1):
    """A Decimal rounded half up to `places` decimals (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Progress:
    """One indicator of a pilot against its target."""

    key: str
    label: object
    unit: str
    definition: object
    value: Decimal | None  # None: no data yet, or hidden
    hidden: bool
    target: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    is_custom: bool = False
    custom_unit: str = ""

    @property
    def percent_of_target(self):
        """How far the value has come towards the target, in percent of it (rounded)."""
        if self.hidden or self.value is None or not self.target:
            return None
        return rounded(self.value * 100 / self.target, 0)

    @property
    def met(self):
        """True or False against the target; None without a target or a value."""
        if self.hidden or self.value is None or self.target is None:
            return None
        return self.value >= self.target


def progress(values, hidden, targets=()):
    """Every standard indicator against its target, then the custom ones.

    `targets` are IndicatorTarget rows of one pilot (any order); standard keys without a row
    have no target. A custom indicator's value is what the partners recorded (`actual`): it is
    their own figure, not a count the portal makes, so no suppression applies to it.
    """
    by_key = {target.key: target for target in targets}
    rows = []
    for indicator in STANDARD_INDICATORS:
        target = by_key.get(indicator.key)
        is_hidden = indicator.hidden(hidden)
        numerator, denominator = indicator.parts(values)
        rows.append(
            Progress(
                key=indicator.key,
                label=indicator.label,
                unit=indicator.unit,
                definition=indicator.definition,
                value=None if is_hidden else indicator.value(values),
                hidden=is_hidden,
                target=target.target if target is not None else None,
                numerator=None if is_hidden or indicator.unit == SCORE else numerator,
                denominator=None if is_hidden else denominator,
            )
        )
    for target in sorted(
        (t for t in targets if t.is_custom or t.key not in STANDARD), key=lambda t: t.key
    ):
        rows.append(
            Progress(
                key=target.key,
                label=target.label or target.key,
                unit=COUNT,
                definition=_("An indicator of the partners' own; they record its value."),
                value=target.actual,
                hidden=False,
                target=target.target,
                is_custom=True,
                custom_unit=target.unit,
            )
        )
    return rows


def actual_values(pilot):
    """{key: value} of the pilot's standard indicators, unsuppressed (percentages to one
    decimal, the satisfaction score to two; None where there is nothing to divide by). For
    its partners' pages only: anyone else reads them on the dashboard, suppressed."""
    from .disaggregation import read

    figures = read([pilot], raw_pilot_ids={pilot.pk}).total
    places = {COUNT: 0, PERCENT: 1, SCORE: 2}
    return {
        indicator.key: rounded(indicator.value(figures.values), places[indicator.unit])
        for indicator in STANDARD_INDICATORS
    }
