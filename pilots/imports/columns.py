"""The columns of a participants file: their order, what each holds and the values allowed.

Every column of the template must be in the file (in any order; headings are matched without
regard to case, spaces or hyphens). The file is the whole record of each participant in it:
an empty outcome cell means "not known", and clears a value recorded before.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..models import (
    SATISFACTION_SCALE,
    AssessmentResult,
    Disability,
    EducationLevel,
    EmploymentAtEntry,
    FollowUpStatus,
    Gender,
    Setting,
)

TEXT, CHOICE, YEAR, DISTRICT, COHORT, DATE, SCORE, SATISFACTION = (
    "text",
    "choice",
    "year",
    "district",
    "cohort",
    "date",
    "score",
    "satisfaction",
)
REFERENCE_MAX_LENGTH = 60
# Age at enrolment, inclusive: anyone outside is more likely a typing slip than a participant.
MIN_AGE, MAX_AGE = 14, 80
SCORE_RANGE = (0, 100)


@dataclass(frozen=True)
class Column:
    name: str  # the heading, and the Participant field (district and cohort as their ids)
    kind: str
    required: bool  # a value in every row
    description: str
    choices: type | None = None
    examples: tuple = field(default=())


COLUMNS = (
    Column(
        "reference",
        TEXT,
        True,
        _(
            "The participant's reference, chosen by the provider: the same person keeps the "
            "same reference in every file. No names, no identity numbers."
        ),
        examples=("P-0001",),
    ),
    Column("gender", CHOICE, True, _("Gender."), Gender),
    Column("birth_year", YEAR, True, _("Year of birth, four digits."), examples=("1999",)),
    Column("district", DISTRICT, True, _("The district the participant lives in.")),
    Column(
        "setting", CHOICE, True, _("Whether the participant lives rurally or in a town."), Setting
    ),
    Column("disability", CHOICE, True, _("Whether the participant has a disability."), Disability),
    Column(
        "employment_at_entry",
        CHOICE,
        True,
        _("Employment status when the participant enrolled."),
        EmploymentAtEntry,
    ),
    Column(
        "education_at_entry",
        CHOICE,
        True,
        _("Highest education level completed when the participant enrolled."),
        EducationLevel,
    ),
    Column("cohort", COHORT, True, _("The code of the participant's cohort.")),
    Column("enrolled_on", DATE, True, _("Enrolment date."), examples=("2026-02-01",)),
    Column("completed_on", DATE, False, _("Completion date; empty if not completed.")),
    Column(
        "assessment_result",
        CHOICE,
        False,
        _("Assessment result; empty if not assessed."),
        AssessmentResult,
    ),
    Column(
        "assessment_score",
        SCORE,
        False,
        _("Assessment score from 0 to 100, at most two decimals; empty if none."),
        examples=("72.5",),
    ),
    Column(
        "awarded_on",
        DATE,
        False,
        _("Date the credential was awarded; empty if not awarded. Needs a passed assessment."),
    ),
    Column(
        "status_3_months",
        CHOICE,
        False,
        _("Employment status 3 months after completion; empty until known."),
        FollowUpStatus,
    ),
    Column(
        "status_6_months",
        CHOICE,
        False,
        _("Employment status 6 months after completion; empty until known."),
        FollowUpStatus,
    ),
    Column(
        "status_12_months",
        CHOICE,
        False,
        _("Employment status 12 months after completion; empty until known."),
        FollowUpStatus,
    ),
    Column(
        "employer_satisfaction",
        SATISFACTION,
        False,
        _(
            "The employer's satisfaction, a whole number from %(low)d to %(high)d, for a "
            "participant in work at a follow-up; empty if not asked."
        )
        % {"low": SATISFACTION_SCALE[0], "high": SATISFACTION_SCALE[1]},
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
BY_NAME = {column.name: column for column in COLUMNS}
DATE_COLUMNS = tuple(column.name for column in COLUMNS if column.kind == DATE)
CHOICE_COLUMNS = tuple(column.name for column in COLUMNS if column.kind == CHOICE)
FOLLOW_UP_COLUMNS = ("status_3_months", "status_6_months", "status_12_months")


def heading_key(text):
    """A heading as it is matched: no surrounding spaces, any case, spaces and hyphens as
    underscores."""
    return "_".join(str(text).strip().casefold().replace("-", " ").split())


def choice_lookup(choices):
    """{what a cell may say: the stored key}: each key and each English label, in any case."""
    from django.utils import translation

    lookup = {}
    with translation.override("en"):
        for key, label in choices.choices:
            lookup[str(label).casefold()] = key
    for key in choices.values:
        lookup[key.casefold()] = key
        lookup[key.replace("_", " ").casefold()] = key
    return lookup


def allowed_values(choices):
    """[(key, label)] for the documentation."""
    return [(key, label) for key, label in choices.choices]
