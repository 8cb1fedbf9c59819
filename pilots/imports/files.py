"""What a participants file must be before anything parses it, and the limits, stated on the
upload page and enforced here.

A file is refused, with the reason in plain words, when it is larger than MAX_BYTES, is not
what its name says (an .xlsx that is not a zip of a workbook, a .csv that is binary or a
workbook renamed), is a workbook that unpacks to more than XLSX_MAX_UNPACKED_BYTES or holds
more than XLSX_MAX_ENTRIES parts, declares its own XML entities or document type (which no
spreadsheet program writes, and which entity-expansion attacks need), or has more than MAX_ROWS
rows. The zip's parts are unpacked here by zlib, counting every byte, so a part that unpacks to
more than its header says is caught before calamine or pandas see the file.
"""

import struct
import zipfile
import zlib
from dataclasses import dataclass

import defusedxml.ElementTree as SafeElementTree
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE
MAX_ROWS = 200_000
XLSX_MAX_UNPACKED_BYTES = 250 * MEGABYTE
XLSX_MAX_ENTRIES = 500
# Checked at once, while the person waits, up to these; larger files go to a background job.
INLINE_MAX_ROWS = 5_000
INLINE_MAX_BYTES = 1 * MEGABYTE
# An XLSX of about INLINE_MAX_ROWS rows (some 55 bytes a row once zipped).
XLSX_INLINE_MAX_BYTES = 256 * 1024

FORMATS = ("csv", "xlsx")
ENCODINGS = {
    "utf-8": gettext_lazy("UTF-8 (“CSV UTF-8” in Excel; recommended)"),
    "windows-1252": gettext_lazy("Windows-1252 (Excel's plain “CSV” on Windows)"),
}
# The sheet read from a workbook: the template's, else the first.
SHEET_NAME = "Participants"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, and encrypted workbooks
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What no spreadsheet program writes into a workbook's XML, and entity tricks need.
XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CHUNK = MEGABYTE


class Refused(Exception):
    """The file is not a spreadsheet the import reads, or is beyond a limit: nothing of it is
    read further. `str(error)` says why, in plain words."""


@dataclass(frozen=True)
class Workbook:
    sheet_name: str
    rows: int  # rows of that sheet, as its XML holds them


def format_of(name):
    """ "csv" or "xlsx", from the file's name; Refused for anything else."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in FORMATS:
        return extension
    if extension in ("xls", "ods", "numbers", "xlsm", "xlsb", "txt", "tsv"):
        raise Refused(
            _(
                "“%(name)s” is a .%(extension)s file: save it as an Excel workbook (.xlsx) or as "
                "CSV UTF-8 (.csv) and upload that."
            )
            % {"name": name, "extension": extension}
        )
    raise Refused(
        _("“%(name)s” is not a CSV or XLSX file: upload a .csv or .xlsx file.") % {"name": name}
    )


def check_size(size):
    if size > MAX_BYTES:
        raise Refused(
            _(
                "The file is %(size)s MB; the largest file the import takes is %(limit)s MB. "
                "Split it into several files of the same columns and import them one by one."
            )
            % {"size": _megabytes(size), "limit": MAX_BYTES // MEGABYTE}
        )
    if size == 0:
        raise Refused(_("The file is empty."))


def _megabytes(size):
    return f"{size / MEGABYTE:.1f}"


def check_csv(data):
    """Refuse a .csv that is not text: a workbook or a PDF renamed, UTF-16 text, binary."""
    if data.startswith(ZIP_MAGIC):
        raise Refused(
            _(
                "The file is named .csv but is a workbook (a zip file). Upload it with its own "
                "name (.xlsx), or save it as CSV UTF-8 first."
            )
        )
    if data.startswith(OLE_MAGIC):
        raise Refused(
            _("The file is named .csv but is an Excel 97-2003 workbook: save it as CSV UTF-8.")
        )
    if data.startswith(b"%PDF-"):
        raise Refused(_("The file is named .csv but is a PDF: a PDF cannot be imported."))
    if data.startswith(UTF16_BOMS):
        raise Refused(
            _(
                "The file is UTF-16 text (Excel's “Unicode text”). Save it as “CSV UTF-8 "
                "(comma delimited)” and upload that."
            )
        )
    if b"\x00" in data:
        raise Refused(
            _(
                "The file is named .csv but is not text (it holds binary data). Save the sheet "
                "as CSV UTF-8 and upload that."
            )
        )


def count_lines(data):
    """Lines of a text file, without the trailing empty ones: at least its rows."""
    return data.rstrip(b"\r\n\t ").count(b"\n") + 1


def check_csv_rows(data):
    lines = count_lines(data)
    if lines - 1 > MAX_ROWS:
        raise Refused(_too_many_rows(lines - 1))
    return lines - 1


def _too_many_rows(rows):
    return _(
        "The file has %(rows)s rows; the import takes at most %(limit)s. Split it into several "
        "files of the same columns and import them one by one."
    ) % {"rows": f"{rows:,}", "limit": f"{MAX_ROWS:,}"}


def _not_a_workbook(detail=""):
    message = _("The file is named .xlsx but is not an Excel workbook that can be read.")
    return Refused(f"{message} {detail}".strip())


def open_xlsx(data):
    """The zip container of an .xlsx, after the checks that need no unpacking: what it is, how
    many parts it has and how large they say they are."""
    if not data.startswith(ZIP_MAGIC):
        if data.startswith(OLE_MAGIC):
            raise _not_a_workbook(
                _(
                    "It is an Excel 97-2003 workbook, or one protected with a password: save it "
                    "as “Excel Workbook (.xlsx)” without a password."
                )
            )
        if b"\x00" not in data[:4096]:
            raise _not_a_workbook(_("It looks like text: if it is CSV, name it .csv."))
        raise _not_a_workbook()
    try:
        import io

        container = zipfile.ZipFile(io.BytesIO(data))
        infos = container.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _not_a_workbook(_("The zip file is damaged.")) from error
    if len(infos) > XLSX_MAX_ENTRIES:
        raise Refused(
            _(
                "The workbook has %(count)s parts; a workbook the import reads has at most "
                "%(limit)s. Copy the participants' sheet alone into a new workbook."
            )
            % {"count": len(infos), "limit": XLSX_MAX_ENTRIES}
        )
    declared = sum(info.file_size for info in infos)
    if declared > XLSX_MAX_UNPACKED_BYTES:
        raise _unpacks_beyond_limit(declared)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        if "mimetype" in names or "content.xml" in names:
            raise _not_a_workbook(
                _("It is an OpenDocument spreadsheet: save it as “Excel Workbook (.xlsx)”.")
            )
        raise _not_a_workbook(_("It is a zip file, but not of a workbook."))
    if any(info.flag_bits & 0x1 for info in infos):
        raise _not_a_workbook(_("It is protected with a password: save it without one."))
    return container


def _unpacks_beyond_limit(size):
    return Refused(
        _(
            "The workbook unpacks to more than %(limit)s MB (it says %(size)s MB): that is "
            "beyond what the import reads. Save the participants' sheet alone as CSV UTF-8."
        )
        % {"limit": XLSX_MAX_UNPACKED_BYTES // MEGABYTE, "size": _megabytes(size)}
    )


def _unpacked_too_much(name):
    return Refused(
        _(
            "The workbook's part “%(part)s” unpacks to more than its zip header says, or to "
            "more than %(limit)s MB in all: it is not read. Save the participants' sheet as "
            "CSV UTF-8 and upload that."
        )
        % {"part": name, "limit": XLSX_MAX_UNPACKED_BYTES // MEGABYTE}
    )


def _entity_declaration(name):
    return _not_a_workbook(
        _(
            "Its part “%(part)s” declares its own XML document type or entities, which no "
            "spreadsheet program writes. It is not read."
        )
        % {"part": name}
    )


def _data_of(data, info):
    """The compressed bytes of one part, found from its local header."""
    start = info.header_offset
    header = data[start : start + LOCAL_HEADER.size]
    if len(header) != LOCAL_HEADER.size or header[:4] != ZIP_MAGIC:
        raise _not_a_workbook(_("The zip file is damaged."))
    fields = LOCAL_HEADER.unpack(header)
    name_length, extra_length = fields[-2], fields[-1]
    begin = start + LOCAL_HEADER.size + name_length + extra_length
    end = begin + info.compress_size
    if end > len(data):
        raise _not_a_workbook(_("The zip file is damaged."))
    return memoryview(data)[begin:end]


def _unpack(data, info, budget):
    """Yield the part's unpacked bytes chunk by chunk, refusing it the moment it gives more
    than its header says or than `budget`."""
    raw = _data_of(data, info)
    limit = min(info.file_size, budget)
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size or info.file_size > budget:
            raise _unpacked_too_much(info.filename)
        for offset in range(0, len(raw), CHUNK):
            yield bytes(raw[offset : offset + CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _not_a_workbook(
            _("Its parts are compressed in a way spreadsheet programs do not use.")
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(raw), CHUNK):
            pending = bytes(raw[offset : offset + CHUNK])
            while pending:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                produced += len(out)
                if produced > limit:
                    raise _unpacked_too_much(info.filename)
                if out:
                    yield out
                if inflater.eof:
                    break
            if inflater.eof:
                break
        tail = inflater.flush()
    except zlib.error as error:
        raise _not_a_workbook(_("The zip file is damaged.")) from error
    produced += len(tail)
    if produced > limit:
        raise _unpacked_too_much(info.filename)
    if tail:
        yield tail
    if produced != info.file_size:
        raise _not_a_workbook(_("The zip file is damaged."))


def _sheet_parts(container, data):
    """[(sheet name, part name)] in the workbook's order. The two small XML parts are checked
    for declarations first, then parsed with defusedxml."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"

    def parse(name):
        try:
            info = container.getinfo(name)
        except KeyError:
            return None
        content = b"".join(_unpack(data, info, XLSX_MAX_UNPACKED_BYTES))
        if any(declaration in content for declaration in XML_DECLARATIONS):
            raise _entity_declaration(name)
        try:
            return SafeElementTree.fromstring(content)
        except Exception as error:  # defusedxml's refusals and XML syntax errors alike
            raise _not_a_workbook(
                _("Its part “%(part)s” is not valid XML.") % {"part": name}
            ) from error

    workbook = parse("xl/workbook.xml")
    rels = parse("xl/_rels/workbook.xml.rels")
    targets = {}
    if rels is not None:
        for relationship in rels.iter(f"{package}Relationship"):
            target = relationship.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[relationship.get("Id")] = target
    sheets = []
    for sheet in workbook.iter(f"{main}sheet"):
        sheets.append((sheet.get("name", ""), targets.get(sheet.get(f"{relationships}id"), "")))
    if not sheets:
        raise _not_a_workbook(_("It has no sheet."))
    return sheets


ROW_TAGS = (b"<row ", b"<row>", b":row ")  # row elements, with or without a prefix


def _row_tags(text):
    return sum(text.count(tag) for tag in ROW_TAGS)


def _scan_part(data, info, budget, *, count_rows):
    """Unpack one part within `budget`, checking every chunk for XML declarations (any part:
    a target need not end in .xml) and counting its row elements. Returns (bytes unpacked,
    rows). The last bytes of a chunk are carried over, so a tag cut between two is found."""
    unpacked = rows = 0
    carry = b""
    for chunk in _unpack(data, info, budget):
        unpacked += len(chunk)
        text = carry + chunk
        if any(declaration in text for declaration in XML_DECLARATIONS):
            raise _entity_declaration(info.filename)
        if count_rows:
            # Tags wholly inside the carried bytes were counted with the chunk before.
            rows += _row_tags(text) - _row_tags(carry)
        carry = chunk[-9:]
    return unpacked, rows


def inspect_xlsx(data):
    """Unpack every part of the workbook within the budget, and return the sheet to read with
    its row count. Refused when anything is wrong; nothing parses the sheet here."""
    container = open_xlsx(data)
    sheets = _sheet_parts(container, data)
    names = [name for name, _part in sheets]
    sheet_name, sheet_part = sheets[names.index(SHEET_NAME)] if SHEET_NAME in names else sheets[0]
    budget = XLSX_MAX_UNPACKED_BYTES
    rows = 0
    for info in container.infolist():
        if info.is_dir():
            continue
        is_sheet = info.filename == sheet_part
        unpacked, found = _scan_part(data, info, budget, count_rows=is_sheet)
        budget -= unpacked
        if is_sheet:
            rows = found
    # The heading is a row too.
    if rows - 1 > MAX_ROWS:
        raise Refused(_too_many_rows(rows - 1))
    return Workbook(sheet_name=sheet_name, rows=max(rows - 1, 0))
