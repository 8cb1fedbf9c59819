"""Which files a workspace accepts, told by their name AND their first bytes.

A file is accepted only when its extension is on the list and its content is what the
extension claims: a .pdf starts with %PDF-, the office formats are zip containers holding the
part that makes them that format, images start with their magic number, and .csv and .txt are
UTF-8 text. The stored content type comes from this table, never from the browser.
"""

import codecs
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
FILE_MAX_BYTES = 10 * MEGABYTE
WORKSPACE_FILES_MAX_BYTES = 200 * MEGABYTE
# How much of a text file is read to decide that it is text.
TEXT_SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    check: str  # how the content is recognised: a key of CHECKS below
    detail: str = ""  # the magic bytes, the zip member or the OpenDocument mimetype


FILE_TYPES = {
    "pdf": FileType("application/pdf", "magic", "%PDF-"),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
        "word/document.xml",
    ),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ooxml",
        "xl/workbook.xml",
    ),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
        "ppt/presentation.xml",
    ),
    "odt": FileType(
        "application/vnd.oasis.opendocument.text",
        "opendocument",
        "application/vnd.oasis.opendocument.text",
    ),
    "ods": FileType(
        "application/vnd.oasis.opendocument.spreadsheet",
        "opendocument",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "csv": FileType("text/csv", "text"),
    "txt": FileType("text/plain", "text"),
    "png": FileType("image/png", "magic", "\x89PNG\r\n\x1a\n"),
    "jpg": FileType("image/jpeg", "magic", "\xff\xd8\xff"),
    "jpeg": FileType("image/jpeg", "magic", "\xff\xd8\xff"),
}
# What the upload page lists (jpeg is jpg by another name).
STATED_EXTENSIONS = ("pdf", "docx", "xlsx", "odt", "ods", "pptx", "csv", "txt", "png", "jpg")


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _starts_with(upload, magic):
    upload.seek(0)
    return upload.read(len(magic)) == magic


def _is_magic(upload, file_type):
    return _starts_with(upload, file_type.detail.encode("latin-1"))


def _zip_container(upload):
    """The zip container, or None if it is not one. Opening it reads the central directory
    only; nothing is unpacked."""
    if not _starts_with(upload, b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_ooxml(upload, file_type):
    container = _zip_container(upload)
    if container is None:
        return False
    names = set(container.namelist())
    return "[Content_Types].xml" in names and file_type.detail in names


def _is_opendocument(upload, file_type):
    # An OpenDocument file names its own format in a small "mimetype" member.
    container = _zip_container(upload)
    if container is None:
        return False
    expected = file_type.detail.encode("ascii")
    try:
        info = container.getinfo("mimetype")
        return info.file_size == len(expected) and container.read(info) == expected
    except (KeyError, RuntimeError, zipfile.BadZipFile, zlib.error, OSError, ValueError):
        return False


def _is_text(upload, file_type):
    upload.seek(0)
    sample = upload.read(TEXT_SAMPLE_BYTES + 1)
    # A sample cut short of the whole file may end in the middle of a character.
    whole = len(sample) <= TEXT_SAMPLE_BYTES
    sample = sample[:TEXT_SAMPLE_BYTES]
    if b"\x00" in sample:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=whole)
    except UnicodeDecodeError:
        return False
    return True


CHECKS = {
    "magic": _is_magic,
    "ooxml": _is_ooxml,
    "opendocument": _is_opendocument,
    "text": _is_text,
}


def identify(upload, name):
    """The content type the file is stored with, or ValidationError saying what is wrong.

    `upload` is a file open for reading in binary (Django's UploadedFile)."""
    extension = extension_of(name)
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise ValidationError(
            _("“%(name)s” is not a type of file the workspace accepts. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(STATED_EXTENSIONS)},
            code="file_type",
        )
    try:
        recognised = CHECKS[file_type.check](upload, file_type)
    finally:
        upload.seek(0)
    if not recognised:
        raise ValidationError(
            _(
                "“%(name)s” is named .%(extension)s but its content is not a %(extension)s "
                "file. Save it again in that format, or give it the right extension."
            )
            % {"name": name, "extension": extension},
            code="file_content",
        )
    return file_type.content_type
