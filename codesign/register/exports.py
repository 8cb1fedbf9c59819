"""The register, or a filtered view of it, as CSV and XLSX: one row per entry, every cell
through portal.spreadsheets.safe_cell (headings included), so nothing a spreadsheet opens
can run as a formula.

The rows are read in chunks straight from the columns (values_list, one query per chunk)
and the CSV is streamed as it is written: the whole register of 10,000 entries never sits in
memory as model instances.
"""

import csv
import io

from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.frameworks.models import plain_number
from portal.spreadsheets import safe_cell

from ..models import CredentialType, EntryStatus
from .jsonld import absolute

CHUNK_SIZE = 2_000
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"

FIELDS = (
    "identifier",
    "title",
    "status",
    "status_reason",
    "country__name",
    "sector__label",
    "framework__code",
    "level_number",
    "eqf_level",
    "sadcqf_level",
    "credential_type",
    "notional_hours",
    "credits",
    "ects_credits",
    "awarding_body_names",
    "authority__name",
    "approved_on",
    "review_date",
    "content__learning_outcomes",
    "fingerprint",
)


def headings():
    return [
        _("Identifier"),
        _("Title"),
        _("Status"),
        _("Reason for the status"),
        _("Country"),
        _("Sector"),
        _("Framework"),
        _("National level"),
        _("EQF level"),
        _("SADCQF level"),
        _("Type"),
        _("Notional hours"),
        _("Credits"),
        _("ECTS credits"),
        _("Awarding bodies"),
        _("Approving authority"),
        _("Approved on"),
        _("Review date"),
        _("Learning outcomes"),
        _("Fingerprint (SHA-256)"),
        _("Address"),
    ]


def rows(entries):
    """Each entry as a list of cells (numbers as Decimals and ints, dates as dates), in the
    queryset's order."""
    types = dict(CredentialType.choices)
    statuses = dict(EntryStatus.choices)
    address = absolute(reverse("register:entry", args=["IDENTIFIER"])).replace("IDENTIFIER", "{}")
    for values in entries.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        (
            identifier,
            title,
            status,
            reason,
            country,
            sector,
            framework,
            level,
            eqf,
            sadcqf,
            kind,
            hours,
            credits,
            ects,
            bodies,
            authority,
            approved_on,
            review_date,
            outcomes,
            digest,
        ) = values
        yield [
            identifier,
            title,
            str(statuses.get(status, status)),
            reason,
            country,
            sector or "",
            framework,
            level,
            eqf,
            sadcqf,
            str(types.get(kind, kind)),
            hours,
            credits,
            ects,
            "; ".join(bodies.splitlines()),
            authority,
            approved_on,
            review_date,
            "\n".join(item.get("statement", "") for item in outcomes or []),
            digest,
            address.format(identifier),
        ]


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # Decimal
        return plain_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _Echo:
    def write(self, value):
        return value


def csv_stream(entries):
    """The CSV file's text, a line at a time, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([safe_cell(str(heading)) for heading in headings()])
    for row in rows(entries):
        yield writer.writerow([safe_cell(_text(cell)) for cell in row])


def xlsx_bytes(entries):
    """The XLSX file, made with openpyxl's write-only workbook (rows are not kept)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Register"))
    sheet.append([safe_cell(str(heading)) for heading in headings()])
    for row in rows(entries):
        sheet.append([safe_cell(cell if cell is not None else "") for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
