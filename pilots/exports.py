"""The dashboards' tables as CSV and XLSX files.

The files hold exactly what the page shows the same reader: hidden figures are written as the
word "hidden", never as numbers. Every text cell (a pilot's title, a district, a custom
indicator, the headings) goes through portal.spreadsheets.safe_cell, so nothing a person typed
can run as a spreadsheet formula.
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from portal.spreadsheets import safe_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LENGTH = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text(value):
    return safe_cell(str(value))


def _value(cell):
    value = cell.plain
    return _text(value) if isinstance(value, str) else value


def about_lines(title, suppressed):
    """The lines a file starts with: what it is, and the suppression rule when it applies."""
    lines = [title]
    if suppressed:
        lines.append(
            _(
                "Cells under 5 are hidden: a figure describing 1 to 4 people, and any figure "
                "from which a hidden one could be worked out by subtraction, reads “hidden”; "
                "so does a rate computed from a hidden figure."
            )
        )
    return lines


def to_csv(tables, *, title, suppressed):
    """One CSV holding every table, one after the other: its caption, its header, its rows,
    then an empty line. UTF-8 with a byte order mark, which spreadsheet programs need to
    read accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in about_lines(title, suppressed):
        writer.writerow([_text(line)])
    writer.writerow([])
    for table in tables:
        writer.writerow([_text(table.caption)])
        writer.writerow([_text(column) for column in table.columns])
        for row in table.rows:
            writer.writerow([_value(cell) for cell in row])
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_name(caption, used):
    base = _SHEET_FORBIDDEN.sub(" ", str(caption)).strip().strip("'")[:SHEET_NAME_LENGTH]
    base = base or _("Table")
    name, number = base, 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name


def to_xlsx(tables, *, title, suppressed):
    """An XLSX workbook: an "About" sheet, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    used = set()
    about = workbook.create_sheet(_sheet_name(_("About"), used))
    for line in about_lines(title, suppressed):
        about.append([_text(line)])
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.caption, used))
        caption = WriteOnlyCell(sheet, value=_text(table.caption))
        caption.font = bold
        sheet.append([caption])
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=_text(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for cell in row:
                value = _value(cell)
                written = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    # Text stays text even if a spreadsheet would read it otherwise.
                    written.data_type = "s"
                cells.append(written)
            sheet.append(cells)
        if table.note:
            sheet.append([])
            sheet.append([_text(table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
