"""Cells for the spreadsheets (CSV and XLSX) the portal exports.

A spreadsheet program runs a cell that starts with =, +, - or @ (or with a tab or carriage
return before one) as a formula: `=HYPERLINK(...)` can leak the sheet, `=cmd|...` can run a
program. Every export passes each cell, headings included, through `safe_cell`.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def safe_cell(value):
    """`value` as a cell that cannot run: text that could start a formula gets a leading
    apostrophe, so it reads as text. Numbers, dates, empty cells and text that is just a
    negative number stay as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not NEGATIVE_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Put before Wagtail's SpreadsheetExportMixin (or a view built on it): every cell of its
    CSV and XLSX exports goes through `safe_cell`."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))
