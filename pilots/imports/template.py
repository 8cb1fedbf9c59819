"""The file a provider fills in, as CSV or XLSX, and the list of the values each column takes.

The XLSX has three sheets: "Participants" (the headings, dates formatted YYYY-MM-DD, a
drop-down list on every column with a list of values), "Columns" (what each column holds) and
"Allowed values" (each list: the value to write and what it means). The CSV is the headings
alone, in UTF-8 with a byte-order mark so that Excel opens it with accents intact; the same
lists are on the template page. Every cell written goes through `safe_cell`: a district or
cohort code cannot become a formula.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from portal.spreadsheets import safe_cell

from ..models import Cohort, District
from . import columns as spec
from .files import SHEET_NAME


def value_lists(pilot):
    """[(column name, [(value to write, what it means)])] for every column with a list."""
    lists = []
    for column in spec.COLUMNS:
        if column.kind == spec.CHOICE:
            lists.append((column.name, spec.allowed_values(column.choices)))
        elif column.kind == spec.DISTRICT:
            districts = District.objects.filter(country=pilot.country_id).order_by("name")
            lists.append(
                (column.name, [(district.name, pilot.country.name) for district in districts])
            )
        elif column.kind == spec.COHORT:
            cohorts = Cohort.objects.filter(pilot=pilot).select_related("site")
            lists.append(
                (
                    column.name,
                    [
                        (
                            cohort.code,
                            _("%(start)s to %(end)s%(site)s")
                            % {
                                "start": cohort.starts_on.isoformat(),
                                "end": cohort.ends_on.isoformat(),
                                "site": f", {cohort.site.name}" if cohort.site else "",
                            },
                        )
                        for cohort in cohorts
                    ],
                )
            )
    return lists


def template_csv():
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(spec.COLUMN_NAMES)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(pilot):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(list(spec.COLUMN_NAMES))
    for position, column in enumerate(spec.COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet[f"{letter}1"].font = bold
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 2)
        if column.kind == spec.DATE:
            # Typed dates show, and save to CSV, as YYYY-MM-DD.
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            for row in range(2, 1002):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    described = workbook.create_sheet(_("Columns"))
    described.append([_("column"), _("required"), _("what it holds")])
    for cell in described[1]:
        cell.font = bold
    for column in spec.COLUMNS:
        described.append(
            [column.name, _("yes") if column.required else _("no"), str(column.description)]
        )
    described.column_dimensions["A"].width = 24
    described.column_dimensions["C"].width = 90

    allowed = workbook.create_sheet(_("Allowed values"))
    lists = value_lists(pilot)
    for number, (name, values) in enumerate(lists):
        value_letter = get_column_letter(2 * number + 1)
        meaning_letter = get_column_letter(2 * number + 2)
        allowed[f"{value_letter}1"] = name
        allowed[f"{value_letter}1"].font = bold
        allowed[f"{meaning_letter}1"] = _("meaning")
        allowed[f"{meaning_letter}1"].font = bold
        allowed.column_dimensions[value_letter].width = 22
        allowed.column_dimensions[meaning_letter].width = 28
        for row, (value, meaning) in enumerate(values, start=2):
            allowed[f"{value_letter}{row}"] = safe_cell(str(value))
            allowed[f"{meaning_letter}{row}"] = safe_cell(str(meaning))
        if values:
            target = get_column_letter(spec.COLUMN_NAMES.index(name) + 1)
            source = (
                f"{quote_sheetname(allowed.title)}!${value_letter}$2:"
                f"${value_letter}${len(values) + 1}"
            )
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.error = _("Choose a value from the list (sheet “Allowed values”).")
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{target}2:{target}200001")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_xlsx_in_english(pilot):
    """The workbook with its sheet names and headings in English, whatever the page's
    language: the import reads the sheet by its English name."""
    with translation.override("en"):
        return template_xlsx(pilot)
