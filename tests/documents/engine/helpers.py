"""Reading a generated document back: python-docx for text and styles, lxml for the XML
python-docx does not expose (fields, descr, tblHeader)."""

import io
import zipfile

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def read(data):
    return docx.Document(io.BytesIO(data))


def part(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def parts(data, prefix):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [
            etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith(prefix) and name.endswith(".xml")
        ]


def body_text(data):
    """Every w:t of the body, joined."""
    return "".join(part(data, "word/document.xml").xpath("//w:t/text()", namespaces=NS))


def instructions(data, name="word/document.xml"):
    return [text.strip() for text in part(data, name).xpath("//w:instrText/text()", namespaces=NS)]


def paragraphs(document):
    return [(p.style.name, p.text) for p in document.paragraphs]
