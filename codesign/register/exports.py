"""The register, or a filtered view of it, as CSV and XLSX: one row per entry, every cell
through portal.spreadsheets.safe_cell (headings included), so nothing a spreadsheet opens
can run as a formula.

The rows are read in chunks straight from the columns (values_list, one query per chunk)
and the CSV is streamed as it is written: the whole register of 10,000 entries never sits in
memory as model instances.
"""

import csv
import io

from django.db.models import Expression, TextField
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.frameworks.models import plain_number
from portal.spreadsheets import safe_cell

from ..models import CredentialType, EntryStatus
from .jsonld import absolute

CHUNK_SIZE = 2_000
# Rows of CSV sent to the client at a time.
ROWS_PER_PIECE = 500
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
    "outcome_statements",
    "fingerprint",
)


class OutcomeStatements(Expression):
    """The statements of the entry's learning outcomes, one per line, joined by the database
    from the content's JSON: it reads no more than it needs (10,000 entries' whole content
    would be read and parsed for one column otherwise)."""

    output_field = TextField()

    def _column(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('content')}"

    # The one name put into the SQL is the content column's, quoted by Django.
    def as_postgresql(self, compiler, connection):
        return (
            "(SELECT string_agg(item->>'statement', E'\\n' ORDER BY place) FROM "  # noqa: S608
            f"jsonb_array_elements({self._column(compiler, connection)}->'learning_outcomes') "
            "WITH ORDINALITY AS outcomes(item, place))",
            [],
        )

    def as_sqlite(self, compiler, connection):
        return (
            "(SELECT group_concat(statement, char(10)) FROM (SELECT "  # noqa: S608
            "json_extract(value, '$.statement') AS statement FROM "
            f"json_each({self._column(compiler, connection)}, '$.learning_outcomes') "
            "ORDER BY key))",
            [],
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
    # The labels translated once, not once a row.
    types = {key: str(label) for key, label in CredentialType.choices}
    statuses = {key: str(label) for key, label in EntryStatus.choices}
    address = absolute(reverse("register:entry", args=["IDENTIFIER"])).replace("IDENTIFIER", "{}")
    entries = entries.annotate(outcome_statements=OutcomeStatements())
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
            statuses.get(status, status),
            reason,
            country,
            sector or "",
            framework,
            level,
            eqf,
            sadcqf,
            types.get(kind, kind),
            hours,
            credits,
            ects,
            "; ".join(bodies.splitlines()),
            authority,
            approved_on,
            review_date,
            outcomes or "",
            digest,
            address.format(identifier),
        ]


def _as_is(value):
    return value


def _text(value):
    return safe_cell(value) if value else ""


def _figure(value):
    return "" if value is None else plain_number(value)


def _whole(value):
    return "" if value is None else value


def _day(value):
    return value.isoformat()


# How each column of `rows` is written in CSV, in order: text a person wrote goes through
# safe_cell; labels, identifiers, fingerprints and addresses the portal makes are as they are.
CSV_COLUMNS = (
    _as_is,  # identifier
    _text,  # title
    _as_is,  # status
    _text,  # reason
    _text,  # country
    _text,  # sector
    _text,  # framework
    _whole,  # national level
    _whole,  # EQF level
    _whole,  # SADCQF level
    _as_is,  # type
    _figure,  # hours
    _figure,  # credits
    _figure,  # ECTS credits
    _text,  # awarding bodies
    _text,  # authority
    _day,  # approved on
    _day,  # review date
    _text,  # learning outcomes
    _as_is,  # fingerprint
    _as_is,  # address
)


def csv_stream(entries):
    """The CSV file's text, ROWS_PER_PIECE rows at a time, for a StreamingHttpResponse."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([safe_cell(str(heading)) for heading in headings()])
    columns = CSV_COLUMNS
    for number, row in enumerate(rows(entries), start=1):
        writer.writerow([write(cell) for write, cell in zip(columns, row, strict=True)])
        if number % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
