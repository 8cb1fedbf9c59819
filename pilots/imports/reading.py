"""Reading a participants file into a table of text cells, numbered as a person sees the rows.

A CSV is decoded as UTF-8 (with or without a byte-order mark) or, when the person says so, as
Windows-1252, then read by pandas with every cell as text. An XLSX is checked part by part
(`files.inspect_xlsx`) and then read by python-calamine into a pandas DataFrame. calamine is
called directly rather than through `pandas.read_excel(engine="calamine")`, which wraps the
same reader and then passes every row through pandas' Python text parser: on 100,000 rows of
18 columns that doubled the time (bench/pilot_import.py).

The result's index is the row number a spreadsheet program shows (the heading is row 1);
rows with no value at all are left out, so the numbers of the others do not move.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from . import files

TOO_MANY_CELLS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass
class Table:
    frame: pd.DataFrame  # text cells; columns as headed in the file
    file_format: str
    encoding: str = ""  # CSV only
    delimiter: str = ""  # CSV only
    sheet_name: str = ""  # XLSX only
    notes: list = field(default_factory=list)


def decode(data, encoding):
    """The text of a CSV file, or Refused naming the line of the first character that is not
    in `encoding`."""
    codec = "utf-8-sig" if encoding == "utf-8" else "cp1252"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        if encoding == "utf-8":
            raise files.Refused(
                _(
                    "The file is not UTF-8 text: line %(line)s holds a character that is not "
                    "(byte 0x%(byte)s). In Excel, save it as “CSV UTF-8 (comma delimited)”; or "
                    "upload it again and say it is Windows-1252, if that is how it was saved."
                )
                % {"line": line, "byte": byte}
            ) from error
        raise files.Refused(
            _(
                "The file is not Windows-1252 text either: line %(line)s holds byte "
                "0x%(byte)s, which Windows-1252 does not use. Save it as “CSV UTF-8 (comma "
                "delimited)” and upload it choosing UTF-8."
            )
            % {"line": line, "byte": byte}
        ) from error


def _delimiter(text):
    # Excel writes semicolons where the decimal separator is a comma.
    heading = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=heading.count)


def _parser_problem(message, delimiter):
    found = TOO_MANY_CELLS.search(message)
    if found:
        expected, line, seen = found.groups()
        return _(
            "Line %(line)s of the file has %(seen)s cells where the heading has %(expected)s. "
            "Remove the extra cells, or put quotes around a value holding a “%(delimiter)s”."
        ) % {"line": line, "seen": seen, "expected": expected, "delimiter": delimiter}
    return _(
        "The file cannot be read as CSV (%(problem)s). Check that every row has as many cells "
        "as the heading, and that quotes are closed."
    ) % {"problem": message.strip().rstrip(".")}


def read_csv(data, *, encoding="utf-8"):
    files.check_csv(data)
    files.check_csv_rows(data)
    text = decode(data, encoding)
    delimiter = _delimiter(text)
    try:
        # The heading is read as a row, so its cells are kept as written (pandas would rename
        # a repeated or empty heading).
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            nrows=files.MAX_ROWS + 2,
            engine="c",
        )
    except pd.errors.EmptyDataError as error:
        raise files.Refused(_("The file has no heading row.")) from error
    except pd.errors.ParserError as error:
        raise files.Refused(_parser_problem(str(error), delimiter)) from error
    del text
    if len(frame) - 1 > files.MAX_ROWS:
        raise files.Refused(files._too_many_rows(len(frame) - 1))
    heading = [_csv_text(value).strip() for value in frame.iloc[0]]
    frame = frame.iloc[1:]
    frame.columns = heading
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    notes = []
    if encoding != "utf-8":
        notes.append(_("Read as Windows-1252 text, as you said it was saved."))
    if delimiter != ",":
        notes.append(
            _("Cells are separated by “%(delimiter)s”.")
            % {"delimiter": _("tab") if delimiter == "\t" else delimiter}
        )
    return Table(
        frame=_tidy(frame, _csv_text),
        file_format="csv",
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _cell_text(value):
    """A calamine cell as the text a person sees in the cell (dates as YYYY-MM-DD)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def _tidy(frame, to_text=str):
    """Every cell as text without surrounding spaces (each distinct value converted once), and
    without the rows that hold nothing."""
    filled = np.zeros(len(frame), dtype=bool)
    columns = {}
    for position in range(frame.shape[1]):
        codes, uniques = pd.factorize(frame.iloc[:, position], use_na_sentinel=False)
        # As a numpy array: a pandas string array is slow to walk one value at a time.
        uniques = np.asarray(uniques, dtype=object)
        texts = np.array([to_text(value).strip() for value in uniques], dtype=object)
        columns[position] = texts.take(codes) if len(codes) else texts[:0]
        filled |= (texts != "").take(codes) if len(codes) else filled
    tidy = pd.DataFrame(columns, index=frame.index)
    tidy.columns = list(frame.columns)
    return tidy[filled]


def read_xlsx(data):
    from python_calamine import CalamineError, CalamineWorkbook

    workbook_facts = files.inspect_xlsx(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(workbook_facts.sheet_name)
        # Every row and column from A1, so the numbers are those the person sees.
        cells = sheet.to_python(skip_empty_area=False, nrows=files.MAX_ROWS + 2)
    except CalamineError as error:
        raise files.Refused(
            _("The workbook cannot be read: %(problem)s.")
            % {"problem": str(error).strip().rstrip(".") or type(error).__name__}
        ) from error
    heading_at = next((n for n, row in enumerate(cells) if any(_cell_text(v) for v in row)), None)
    if heading_at is None:
        raise files.Refused(
            _("The sheet “%(sheet)s” is empty.") % {"sheet": workbook_facts.sheet_name}
        )
    heading = [_cell_text(value).strip() for value in cells[heading_at]]
    body = cells[heading_at + 1 :]
    del cells
    if len(body) > files.MAX_ROWS:
        raise files.Refused(files._too_many_rows(len(body)))
    frame = pd.DataFrame(body, dtype=object)
    del body
    frame = frame.reindex(columns=range(len(heading)), fill_value="")
    frame.columns = heading
    # Row numbers as the sheet shows them: the heading's row, plus one per row after it.
    frame.index = pd.RangeIndex(heading_at + 2, heading_at + 2 + len(frame))
    notes = []
    if workbook_facts.sheet_name != files.SHEET_NAME:
        notes.append(
            _("Read the sheet “%(sheet)s”: the workbook has no sheet called “%(expected)s”.")
            % {"sheet": workbook_facts.sheet_name, "expected": files.SHEET_NAME}
        )
    return Table(
        frame=_tidy(frame, _cell_text),
        file_format="xlsx",
        sheet_name=workbook_facts.sheet_name,
        notes=notes,
    )


def _csv_text(value):
    # A row shorter than the heading leaves its last cells missing.
    return "" if value is None or value is pd.NA or value != value else str(value)


def read(data, *, file_format, encoding="utf-8"):
    """The file as a Table, or Refused saying why it cannot be read."""
    files.check_size(len(data))
    if file_format == "csv":
        return read_csv(data, encoding=encoding)
    return read_xlsx(data)
