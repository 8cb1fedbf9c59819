"""Every kind of problem, reported with its row (as a spreadsheet shows it), column, value and
reason; and what is accepted."""

from datetime import date, timedelta

import pytest

from pilots.imports import reading, validation
from pilots.imports.columns import COLUMN_NAMES

from .conftest import csv_bytes, row, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


NO_OUTCOMES = {
    "completed_on": "",
    "assessment_result": "",
    "assessment_score": "",
    "awarded_on": "",
    "status_3_months": "",
    "status_6_months": "",
    "employer_satisfaction": "",
}


def check(world, data, file_format="csv"):
    table = reading.read(data, file_format=file_format)
    return validation.validate(table.frame, validation.Context.for_pilot(world.pilot))


def problems_of(world, items, **options):
    result = check(world, csv_bytes(items, **options))
    return [(p["row"], p["column"], p["value"], p["reason"]) for p in result.problems]


def test_a_clean_file_gives_typed_rows(world):
    result = check(world, csv_bytes(rows(2)))
    assert result.ok and result.row_count == 2
    assert list(result.numbers) == [2, 3]
    assert result.values["district"][0] == world.districts["Flacq"].pk
    assert result.values["cohort"][1] == world.cohort_a.pk
    assert result.values["enrolled_on"][0] == date(2026, 2, 2)
    assert str(result.values["assessment_score"][0]) == "81.50"


def test_references_missing_too_long_or_twice(world):
    found = problems_of(world, [row("P001"), row(""), row("x" * 61), row("P001"), row("P002")])
    assert found == [
        (3, "reference", "", "The participant reference is missing."),
        (4, "reference", "x" * 61, "The reference is longer than 60 characters."),
        (
            5,
            "reference",
            "P001",
            "The same reference is already on row 2: each participant once.",
        ),
    ]


def test_references_that_would_not_read_as_they_are_are_refused(world):
    spoofed = "P00\u202e1"  # a right-to-left override: would show as another reference
    hidden = "P0\u200b02"  # a zero-width space: looks like P002
    found = problems_of(world, [row(spoofed), row(hidden), row("MU 2026/A-003")])
    assert found == [
        (
            2,
            "reference",
            spoofed,
            "The reference holds U+202E RIGHT-TO-LEFT OVERRIDE, which does not print: use "
            "letters, digits and punctuation only.",
        ),
        (
            3,
            "reference",
            hidden,
            "The reference holds U+200B ZERO WIDTH SPACE, which does not print: use "
            "letters, digits and punctuation only.",
        ),
    ]


def test_unknown_district_cohort_and_values(world):
    found = problems_of(
        world,
        [
            row("P001", district="Maseru"),
            row("P002", cohort="2027-Z"),
            row("P003", gender="woman", setting=""),
            row("P004", status_3_months="hired"),
        ],
    )
    assert found == [
        (
            2,
            "district",
            "Maseru",
            "Not a district of Mauritius: use one of the names in the list of allowed values.",
        ),
        (3, "cohort", "2027-Z", "Not a cohort of this pilot: its cohort codes are 2026-A, 2026-B."),
        (
            4,
            "gender",
            "woman",
            "Not one of the allowed values: female, male, other, undisclosed (or their names in "
            "English).",
        ),
        (4, "setting", "", "This value is missing."),
        (
            5,
            "status_3_months",
            "hired",
            "Not one of the allowed values: employed, promoted, self_employed, unemployed, "
            "studying, no_response (or their names in English).",
        ),
    ]


def test_keys_in_any_case_and_english_names_are_accepted(world):
    result = check(
        world,
        csv_bytes(
            [
                row(
                    "P001",
                    gender="MALE",
                    district="port louis",
                    cohort="2026-b",
                    enrolled_on="2026-05-04",
                    completed_on="2026-07-31",
                    awarded_on="2026-08-01",
                    status_6_months="",
                ),
                row(
                    "P002",
                    gender="Another gender",
                    employment_at_entry="Self-employed",
                    education_at_entry="post secondary",
                    disability="Without a disability",
                ),
            ]
        ),
    )
    assert result.ok, result.problems
    assert list(result.values["gender"]) == ["male", "other"]
    assert result.values["employment_at_entry"][1] == "self_employed"
    assert result.values["education_at_entry"][1] == "post_secondary"
    assert result.values["disability"][1] == "no"
    assert result.values["cohort"][0] == world.cohort_b.pk


def test_impossible_dates(world):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    found = problems_of(
        world,
        [
            row("P001", enrolled_on="2026-02-30"),
            row("P002", enrolled_on="02/03/2026"),
            row("P003", awarded_on=tomorrow),
            row("P004", enrolled_on="2026-05-01", **NO_OUTCOMES),
            row("P005", enrolled_on="2026-03-01", completed_on="2026-02-20"),
            row("P006", completed_on="2026-01-31", enrolled_on="2026-01-20"),
            row("P007", awarded_on="2026-04-01"),
            row("P008", enrolled_on=""),
        ],
    )
    not_a_date = "Not a date: write dates as YYYY-MM-DD, for example 2026-03-31."
    assert found == [
        (2, "enrolled_on", "2026-02-30", not_a_date),
        (3, "enrolled_on", "02/03/2026", not_a_date),
        (4, "awarded_on", tomorrow, f"This date is after today ({date.today().isoformat()})."),
        (
            5,
            "enrolled_on",
            "2026-05-01",
            "The enrolment is after the end of cohort 2026-A (2026-04-30).",
        ),
        (6, "completed_on", "2026-02-20", "The completion is before the enrolment (2026-03-01)."),
        (
            7,
            "completed_on",
            "2026-01-31",
            "The completion is before the start of cohort 2026-A (2026-02-02).",
        ),
        (8, "awarded_on", "2026-04-01", "The award is before the completion (2026-04-30)."),
        (9, "enrolled_on", "", "This date is missing."),
    ]


def test_birth_years_scores_and_satisfaction_out_of_range(world):
    found = problems_of(
        world,
        [
            row("P001", birth_year="nineteen"),
            row("P002", birth_year="2015"),
            row("P003", birth_year="1940"),
            row("P004", assessment_score="101"),
            row("P005", assessment_score="-1"),
            row("P006", assessment_score="80.125"),
            row("P007", assessment_score="eighty"),
            row("P008", employer_satisfaction="6"),
            row("P009", employer_satisfaction="3.5"),
        ],
    )
    out_of_range = "The score is out of range: it must be from 0 to 100."
    satisfaction = "The employer's satisfaction must be a whole number from 1 to 5."
    assert found == [
        (2, "birth_year", "nineteen", "Not a year: write four digits, for example 1998."),
        (
            3,
            "birth_year",
            "2015",
            "That makes the participant 11 at enrolment: the import takes ages 14 to 80.",
        ),
        (
            4,
            "birth_year",
            "1940",
            "That makes the participant 86 at enrolment: the import takes ages 14 to 80.",
        ),
        (5, "assessment_score", "101", out_of_range),
        (6, "assessment_score", "-1", out_of_range),
        (7, "assessment_score", "80.125", "The score has more than two decimals."),
        (
            8,
            "assessment_score",
            "eighty",
            "Not a number: write the score from 0 to 100, for example 72.5.",
        ),
        (9, "employer_satisfaction", "6", satisfaction),
        (10, "employer_satisfaction", "3.5", satisfaction),
    ]


def test_outcomes_that_do_not_hold_together(world):
    found = problems_of(
        world,
        [
            row(
                "P001",
                completed_on="",
                awarded_on="",
                status_3_months="",
                status_6_months="",
                employer_satisfaction="",
            ),
            row("P002", assessment_result="", awarded_on=""),
            row("P003", assessment_result="failed"),
            row("P004", status_12_months="employed"),
            row("P005", status_3_months="unemployed", status_6_months="studying"),
        ],
    )
    assert found == [
        (2, "assessment_result", "passed", "An assessment result needs a completion date."),
        (3, "assessment_score", "81.5", "A score needs an assessment result (passed or failed)."),
        (4, "awarded_on", "2026-05-15", "A credential is awarded only after a passed assessment."),
        (
            5,
            "status_12_months",
            "employed",
            "The 12-month follow-up is due on 2027-04-30, after today.",
        ),
        (
            6,
            "employer_satisfaction",
            "4",
            "An employer's satisfaction is recorded for a participant in work (employed, "
            "promoted or self-employed) at a follow-up.",
        ),
    ]


def test_follow_ups_need_a_completion(world):
    found = problems_of(
        world,
        [row("P001", completed_on="", assessment_result="", assessment_score="", awarded_on="")],
    )
    assert found == [
        (
            2,
            "status_3_months",
            "employed",
            "Follow-ups are counted from completion: the completion date is missing.",
        ),
        (
            2,
            "status_6_months",
            "promoted",
            "Follow-ups are counted from completion: the completion date is missing.",
        ),
    ]


def test_missing_unknown_and_repeated_columns_are_named(world):
    columns = [name for name in COLUMN_NAMES if name not in ("cohort", "awarded_on")]
    found = problems_of(world, rows(1), columns=[*columns, "Name", "gender"])
    assert found[0][:3] == (1, "Name", "Name")
    assert found[0][3].startswith("Not a column of the template (column Q): remove it")
    assert found[1] == (
        1,
        "gender",
        "gender",
        "This column appears twice (columns B and R): keep one.",
    )
    assert [(p[1], p[3].split(".")[0]) for p in found[2:]] == [
        ("cohort", "The column “cohort” is missing"),
        ("awarded_on", "The column “awarded_on” is missing"),
    ]


def test_headings_in_any_case_and_empty_columns_at_the_end(world):
    heading, *lines = csv_bytes(rows(1)).split(b"\r\n")
    heading = b",".join(f" {name.upper().replace('_', ' ')}".encode() for name in COLUMN_NAMES)
    data = b"\r\n".join(line + b",," for line in [heading, *lines[:-1]])
    assert check(world, data).ok


def test_rows_keep_their_numbers_across_blank_lines(world):
    data = csv_bytes([row("P001"), row("P002", district="Nowhere")])
    lines = data.split(b"\r\n")
    data = b"\r\n".join([lines[0], lines[1], b"", b",,,", lines[2], b""])
    result = check(world, data)
    assert [(p["row"], p["value"]) for p in result.problems] == [(5, "Nowhere")]


def test_the_listed_problems_are_capped_and_all_counted(world, monkeypatch):
    monkeypatch.setattr(validation, "MAX_LISTED", 10)
    result = check(world, csv_bytes(rows(12, district="Nowhere", cohort="Z")))
    assert result.problem_total == 24
    assert len(result.problems) == 10
    assert [p["row"] for p in result.problems[:4]] == [2, 2, 3, 3]


def test_a_file_with_a_heading_and_no_rows(world):
    result = check(world, csv_bytes([]))
    assert [p["reason"] for p in result.problems] == [
        "The file has no participants' rows under its heading."
    ]


def test_a_workbook_typed_by_hand_reads_as_the_csv_does(world):
    typed = check(world, xlsx_bytes(rows(2), typed=True), file_format="xlsx")
    assert typed.ok, typed.problems
    assert typed.values["enrolled_on"][0] == date(2026, 2, 2)
    assert typed.values["birth_year"][0] == 2000
    assert str(typed.values["assessment_score"][0]) == "81.50"
    found = check(world, xlsx_bytes([row(), row("P002", district="Nowhere")]), file_format="xlsx")
    assert [(p["row"], p["column"]) for p in found.problems] == [(3, "district")]
