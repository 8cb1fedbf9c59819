"""The imports tests' world (tests/pilots/helpers.py) and files made for them."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilots.imports.columns import COLUMN_NAMES
from tests.pilots.helpers import make_world, signed_in

# A row as a provider writes it: P001 enrolled in cohort 2026-A, completed, passed, awarded,
# in work at 3 and 6 months.
GOOD = {
    "reference": "P001",
    "gender": "female",
    "birth_year": "2000",
    "district": "Flacq",
    "setting": "rural",
    "disability": "no",
    "employment_at_entry": "unemployed",
    "education_at_entry": "upper_secondary",
    "cohort": "2026-A",
    "enrolled_on": "2026-02-02",
    "completed_on": "2026-04-30",
    "assessment_result": "passed",
    "assessment_score": "81.5",
    "awarded_on": "2026-05-15",
    "status_3_months": "employed",
    "status_6_months": "promoted",
    "status_12_months": "",
    "employer_satisfaction": "4",
}


def row(reference="P001", **values):
    return {**GOOD, "reference": reference, **values}


def rows(count, start=1, **values):
    return [row(f"P{number:03d}", **values) for number in range(start, start + count)]


def csv_bytes(items, *, columns=COLUMN_NAMES, encoding="utf-8", delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([item.get(name, "") for name in columns])
    return out.getvalue().encode(encoding)


def xlsx_bytes(items, *, columns=COLUMN_NAMES, sheet="Participants", typed=False):
    """A workbook made by openpyxl; `typed` writes years and scores as numbers and dates as
    date cells, as a person typing into Excel gets them."""
    from datetime import date

    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(columns))
    for item in items:
        cells = []
        for name in columns:
            value = item.get(name, "")
            if typed and value and name.endswith("_on"):
                value = date.fromisoformat(value)
            elif typed and value and name in ("birth_year", "employer_satisfaction"):
                value = int(value)
            elif typed and value and name == "assessment_score":
                value = float(value)
            cells.append(value)
        worksheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data, replace=None, add=None, compression=zipfile.ZIP_DEFLATED):
    """The workbook `data` with parts replaced or added: {name: bytes}."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def upload(data, name="participants.csv"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def as_provider(world):
    return signed_in(world.provider)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is enqueued after the commit (huey is immediate in the tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def receive(world, run_on_commit):
    """Upload a file as the provider, running its check (inline or the job) to the end."""
    from pilots.actions.imports import receive_import

    def receive(data, name="participants.csv", by=None, **options):
        with run_on_commit():
            participant_import = receive_import(
                pilot=world.pilot, upload=upload(data, name), by=by or world.provider, **options
            )
        participant_import.refresh_from_db()
        return participant_import

    return receive


@pytest.fixture
def confirm(world, run_on_commit):
    from pilots.actions.imports import confirm_import

    def confirm(participant_import, by=None):
        with run_on_commit():
            confirm_import(participant_import=participant_import, by=by or world.provider)
        participant_import.refresh_from_db()
        return participant_import

    return confirm
