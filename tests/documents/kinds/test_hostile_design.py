"""A design whose text holds control characters, emoji, right-to-left text, 5,000-character
paragraphs, a 300-character word, field-code look-alikes and a hundred learning outcomes still
makes valid documents: every part parses, nothing XML forbids is left, nothing typed became a
field, the long word can wrap, and every outcome is there. (LibreOffice converts them too:
test_pdf.py.)"""

import io
import re
import zipfile

import pytest
from lxml import etree

from portal.documents.text import _FORBIDDEN

from .conftest import ARABIC, EMOJI, HEBREW, all_text, make, read, table_rows

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("slug", ["concept_paper", "proposal"])
def test_a_hostile_design_makes_a_valid_document(slug, hostile_design):
    data = make(slug, hostile_design)

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    for name in archive.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(archive.read(name))  # raises on anything malformed

    document = read(data)
    text = all_text(document)
    assert not _FORBIDDEN.search(text)
    assert not _FORBIDDEN.search(document.core_properties.title)
    assert EMOJI in text and ARABIC in text and HEBREW in text
    # The 300-character word can wrap: no unbroken run of more than 60 characters.
    assert max(len(word) for word in re.split(r"[\s\u200b]+", text)) <= 60

    # Whatever looked like a field is text; the only fields are the builder's own (contents,
    # page numbers).
    body = document.element.body
    instructions = [
        (node.text or "").split()[0]
        for part in (body, *(section.footer._element for section in document.sections))
        for node in part.iter(f"{W}instrText")
        if (node.text or "").strip()
    ]
    assert set(instructions) <= {"TOC", "PAGEREF", "PAGE", "NUMPAGES"}
    assert not list(body.iter(f"{W}fldSimple"))
    assert "DDEAUTO" in text

    # All hundred outcomes, numbered, in the outcomes table.
    outcomes = next(rows for rows in map(table_rows, document.tables) if rows[0][0] == "No.")
    assert [row[0] for row in outcomes[1:]] == [str(n) for n in range(1, 101)]
