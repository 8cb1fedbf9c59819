import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail import blocks

from portal.blocks import FigureBlock, QuotationBlock, TableBlock
from portal.documents.builder import DocumentBuilder

from .helpers import NS, part, read


class Body(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock()
    quotation = QuotationBlock()
    table = TableBlock()
    figure = FigureBlock()
    note = blocks.StructBlock([("title", blocks.CharBlock()), ("text", blocks.TextBlock())])
    term = blocks.CharBlock()


RAW = [
    {"type": "paragraph", "value": "<p>Intro with <b>bold</b>.</p>"},
    {"type": "quotation", "value": {"quote": "Skills count.", "attribution": "SADC"}},
    {
        "type": "table",
        "value": {
            "first_column_is_header": True,
            "table": {
                "caption": "Credits by country",
                "columns": [
                    {"type": "text", "heading": "Country"},
                    {"type": "number", "heading": "Hours per credit"},
                    {"type": "rich_text", "heading": "Note"},
                ],
                "rows": [{"values": ["Mauritius", "20", "<p>NCVTS <i>rule</i></p>"]}],
            },
        },
    },
    {"type": "note", "value": {"title": "Heads up", "text": "Plain text."}},
    {"type": "term", "value": "credit"},
]


def test_shared_blocks_have_defaults():
    doc = DocumentBuilder()
    doc.stream(Body().to_python(RAW))
    document = read(doc.to_bytes())
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert texts[0] == ("Normal", "Intro with bold.")
    assert ("Quote", "Skills count.") in texts
    assert ("Quote", "\u2014 SADC") in texts
    assert ("Caption", "Table 1: Credits by country") in texts
    assert ("Normal", "Heads up") in texts and ("Normal", "Plain text.") in texts
    assert ("Normal", "credit") in texts
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Country", "Hours per credit", "Note"],
        ["Mauritius", "20", "NCVTS rule"],
    ]


def test_handlers_take_over_their_blocks():
    seen = []

    def term(doc, value):
        seen.append(value)
        doc.callout(f"Glossary: {value}", title="Term")

    doc = DocumentBuilder()
    doc.stream(Body().to_python(RAW), handlers={"term": term})
    document = read(doc.to_bytes())
    assert seen == ["credit"]
    assert document.tables[-1].rows[0].cells[0].paragraphs[1].text == "Glossary: credit"


@pytest.fixture
def image(db, settings, tmp_path):
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 600), (11, 85, 99)).save(buffer, "PNG")
    return Image.objects.create(title="Delegates", file=ImageFile(buffer, name="photo.png"))


def test_figure_block_is_a_picture_with_alt_text_and_caption(image):
    value = Body().to_python(
        [
            {
                "type": "figure",
                "value": {
                    "image": image.pk,
                    "alt_text": "Delegates at the PoMiSA conference",
                    "caption": "PoMiSA 2025",
                    "credit": "Project team",
                },
            }
        ]
    )
    doc = DocumentBuilder()
    doc.stream(value)
    data = doc.to_bytes()
    assert part(data, "word/document.xml").xpath("//wp:docPr/@descr", namespaces=NS) == [
        "Delegates at the PoMiSA conference"
    ]
    captions = [p.text for p in read(data).paragraphs if p.style.name == "Caption"]
    assert captions == ["Figure 1: PoMiSA 2025 (Project team)"]
    extent = part(data, "word/document.xml").xpath("//wp:extent/@cx", namespaces=NS)
    assert int(extent[0]) <= 9072 * 635  # fits the text width (twips to EMU)


def test_plain_pairs_work_without_a_stream_block():
    doc = DocumentBuilder()
    doc.stream([("quotation", {"quote": "q", "attribution": "a"}), ("paragraph", "plain")])
    assert [p.text for p in read(doc.to_bytes()).paragraphs] == ["q", "\u2014 a", "plain"]
