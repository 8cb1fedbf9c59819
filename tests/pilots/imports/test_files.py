"""Limits and what is not a spreadsheet, refused before anything parses the file; encodings."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError

from pilots.actions.imports import receive_import
from pilots.imports import files, reading
from pilots.models import ImportStatus, Participant, ParticipantImport

from .conftest import csv_bytes, rezip, row, rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


class Untouchable:
    """Stands in for pandas and calamine: the test fails if the file reaches either."""

    def __getattr__(self, name):
        raise AssertionError(f"the file reached the parser ({name})")


@pytest.fixture
def no_parsing(monkeypatch):
    import python_calamine

    monkeypatch.setattr(reading, "pd", Untouchable())
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Untouchable())


def refused_at_upload(world, data, name, **options):
    with pytest.raises(ValidationError) as error:
        receive_import(pilot=world.pilot, upload=upload(data, name), by=world.provider, **options)
    assert not ParticipantImport.objects.exists()
    return " ".join(error.value.messages)


def test_a_file_beyond_the_size_limit_is_refused_unread(world, monkeypatch, no_parsing):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    message = refused_at_upload(world, csv_bytes(rows(20)), "p.csv")
    assert "the largest file the import takes is 0 MB" in message or "largest file" in message


def test_a_csv_beyond_the_row_limit_is_refused_unread(world, monkeypatch, no_parsing):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    message = refused_at_upload(world, csv_bytes(rows(4)), "p.csv")
    assert "The file has 4 rows; the import takes at most 3" in message


def test_a_workbook_that_says_it_unpacks_beyond_the_limit_is_refused_unread(
    world, monkeypatch, no_parsing
):
    monkeypatch.setattr(files, "XLSX_MAX_UNPACKED_BYTES", 1_000_000)
    bomb = rezip(xlsx_bytes(rows(1)), add={"xl/media/zeros.bin": b"\0" * 2_000_000})
    assert len(bomb) < 20_000
    message = refused_at_upload(world, bomb, "p.xlsx")
    assert "unpacks to more than 0 MB" in message or "unpacks to more than" in message


def _lie_about_size(data, name, size):
    """The zip with the part `name`'s unpacked size changed to `size` in both its headers, as
    a zip bomb does to slip past a check of the headers."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    struct.pack_into("<L", data, info.header_offset + 22, size)
    central = data.index(b"PK\x01\x02")
    encoded = name.encode()
    while True:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == encoded:
            struct.pack_into("<L", data, central + 24, size)
            return bytes(data)
        extra, comment = struct.unpack_from("<HH", data, central + 30)
        central = central + 46 + name_length + extra + comment


def test_a_part_that_unpacks_beyond_what_its_header_says_is_refused_before_parsing(
    world, receive, no_parsing
):
    bomb = rezip(xlsx_bytes(rows(1)), add={"xl/media/zeros.bin": b"\0" * 3_000_000})
    bomb = _lie_about_size(bomb, "xl/media/zeros.bin", 1000)

    participant_import = receive(bomb, name="p.xlsx")

    assert participant_import.status == ImportStatus.PROBLEMS
    assert "unpacks to more than its zip header says" in participant_import.error
    assert not Participant.objects.exists()


def test_a_workbook_of_too_many_parts_or_rows_is_refused_before_parsing(
    world, receive, monkeypatch, no_parsing
):
    monkeypatch.setattr(files, "XLSX_MAX_ENTRIES", 5)
    message = refused_at_upload(world, xlsx_bytes(rows(1)), "p.xlsx")
    assert "parts; a workbook the import reads has at most 5" in message

    monkeypatch.setattr(files, "XLSX_MAX_ENTRIES", 500)
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    participant_import = receive(xlsx_bytes(rows(3)), name="p.xlsx")
    assert participant_import.status == ImportStatus.PROBLEMS
    assert "The file has 3 rows; the import takes at most 2" in participant_import.error


ENTITY_SHEET = (
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def test_xml_entities_are_refused_before_parsing(world, receive, no_parsing):
    workbook = rezip(xlsx_bytes(rows(1)), replace={"xl/worksheets/sheet1.xml": ENTITY_SHEET})
    participant_import = receive(workbook, name="p.xlsx")
    assert participant_import.status == ImportStatus.PROBLEMS
    assert "declares its own XML document type or entities" in participant_import.error


def test_calamine_refusing_entities_is_reported_as_not_a_valid_workbook(monkeypatch):
    """The scan is the first guard; calamine raising on entities is the second."""
    workbook = rezip(xlsx_bytes(rows(1)), replace={"xl/worksheets/sheet1.xml": ENTITY_SHEET})
    monkeypatch.setattr(
        files, "inspect_xlsx", lambda data: files.Workbook(sheet_name="Participants", rows=1)
    )
    with pytest.raises(files.Refused) as error:
        reading.read(workbook, file_format="xlsx")
    assert str(error.value).startswith("The workbook cannot be read:")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"reference,gender\r\nP1,female\r\n", "p.xlsx", "It looks like text: if it is CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "p.xlsx", "Excel 97-2003"),
        (b"PK\x03\x04 not really a zip", "p.xlsx", "The zip file is damaged"),
        (None, "p.xlsx", "It is a zip file, but not of a workbook"),
        (None, "p.csv", "is named .csv but is a workbook"),
        (b"ref\x00\x01\x02", "p.csv", "is named .csv but is not text"),
        ("reference\r\n".encode("utf-16"), "p.csv", "UTF-16 text"),
        (b"%PDF-1.7 ...", "p.csv", "is a PDF"),
        (b"a,b\r\n", "p.pdf", "is not a CSV or XLSX file"),
        (b"a,b\r\n", "p.xls", "save it as an Excel workbook (.xlsx)"),
        (b"", "p.csv", "The file is empty"),
    ],
)
def test_what_is_not_a_spreadsheet_is_refused_unread(world, no_parsing, data, name, expected):
    if data is None and name.endswith(".xlsx"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        data = out.getvalue()
    elif data is None:
        data = xlsx_bytes(rows(1))
    assert expected in refused_at_upload(world, data, name)


def test_a_csv_not_in_utf8_is_named_with_its_line_and_read_when_said_to_be_windows_1252(
    world, receive, confirm
):
    data = csv_bytes([row("P001"), row("P002", district="Rivière du Rempart")], encoding="cp1252")

    refused = receive(data)
    assert refused.status == ImportStatus.PROBLEMS
    assert "not UTF-8 text: line 3" in refused.error
    assert "Windows-1252" in refused.error

    accepted = receive(data, encoding="windows-1252")
    assert accepted.status == ImportStatus.READY, accepted.problems or accepted.error
    assert "Read as Windows-1252 text, as you said it was saved." in accepted.summary["notes"]
    confirm(accepted)
    assert Participant.objects.get(reference="P002").district.name == "Rivière du Rempart"


def test_utf8_with_a_byte_order_mark_and_semicolons_are_read(world, receive):
    data = b"\xef\xbb\xbf" + csv_bytes(rows(2), delimiter=";")
    participant_import = receive(data)
    assert participant_import.status == ImportStatus.READY, participant_import.problems
    assert "Cells are separated by “;”." in participant_import.summary["notes"]


def test_a_row_with_more_cells_than_the_heading_is_named(world, receive):
    data = csv_bytes(rows(2)) + b"P003,female,2000,Flacq,x,y,z,1,2,3,4,5,6,7,8,9,0,1,2,3\r\n"
    participant_import = receive(data)
    assert participant_import.status == ImportStatus.PROBLEMS
    assert "Line 4 of the file has 20 cells where the heading has 18" in participant_import.error


def test_a_row_with_more_cells_names_the_files_own_separator(world, receive):
    data = csv_bytes(rows(2), delimiter=";") + b"P003;female;2000;Flacq" + b";x" * 16 + b"\r\n"
    participant_import = receive(data)
    assert participant_import.status == ImportStatus.PROBLEMS
    assert "Line 4 of the file has 20 cells where the heading has 18" in participant_import.error
    assert "a value holding a “;”" in participant_import.error
