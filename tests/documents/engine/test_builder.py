import datetime
import io

import pandas as pd
import pytest
from PIL import Image

from portal.documents.builder import DocumentBuilder

from .helpers import NS, W, body_text, instructions, part, parts, read


def _outline(doc):
    doc.heading("Need")
    doc.paragraph("Why.")
    doc.heading("Evidence", level=2)
    doc.heading("Survey", level=3)
    doc.heading("Interviews", level=3)
    doc.heading("Purpose")
    doc.heading("Method", level=2)
    doc.heading("Glossary", numbered=False)


def test_headings_are_numbered_by_the_builder():
    doc = DocumentBuilder()
    _outline(doc)
    headings = [
        (p.style.name, p.text)
        for p in read(doc.to_bytes()).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "1\tNeed"),
        ("Heading 2", "1.1\tEvidence"),
        ("Heading 3", "1.1.1\tSurvey"),
        ("Heading 3", "1.1.2\tInterviews"),
        ("Heading 1", "2\tPurpose"),
        ("Heading 2", "2.1\tMethod"),
        ("Heading 1", "Glossary"),
    ]
    assert doc.outline[:2] == [(1, "1", "Need"), (2, "1.1", "Evidence")]
    assert doc.outline[-1] == (1, "", "Glossary")


def test_table_of_contents_is_a_field_word_updates_on_opening():
    doc = DocumentBuilder()
    doc.table_of_contents()
    _outline(doc)
    data = doc.to_bytes()
    assert any(i.startswith('TOC \\o "1-3"') for i in instructions(data))
    settings = part(data, "word/settings.xml")
    [update] = settings.findall(f"{{{W}}}updateFields")
    assert update.get(f"{{{W}}}val") == "true"
    # Word's schema order: updateFields before compat.
    tags = [child.tag.split("}")[1] for child in settings]
    assert tags.index("updateFields") < tags.index("compat")
    # Until a word processor fills it, it lists the headings, linked to their bookmarks.
    document = read(data)
    toc = [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2", "TOC 3")]
    assert toc[0].startswith("1 Need") and toc[-1].startswith("Glossary")
    anchors = part(data, "word/document.xml").xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    bookmarks = part(data, "word/document.xml").xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert anchors and set(anchors) == set(bookmarks)
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["Contents"]


def test_no_table_of_contents_no_update_prompt():
    doc = DocumentBuilder()
    doc.heading("Only")
    settings = part(doc.to_bytes(), "word/settings.xml")
    assert settings.find(f"{{{W}}}updateFields") is None


def test_cover_header_and_footer():
    doc = DocumentBuilder()
    doc.cover(
        title="Concept paper",
        subtitle="Solar PV installer",
        organisation="MQA",
        date=datetime.date(2026, 3, 9),
        version="4",
    )
    doc.running_header_footer(title="Concept paper: Solar PV installer")
    doc.heading("Need")
    data = doc.to_bytes()
    document = read(data)
    first = [(p.style.name, p.text) for p in document.paragraphs][:5]
    assert first == [
        ("Title", "Concept paper"),
        ("Subtitle", "Solar PV installer"),
        ("Cover Detail", "MQA"),
        ("Cover Detail", "9 Mar 2026"),
        ("Cover Detail", "Version 4"),
    ]
    section = document.sections[0]
    assert section.different_first_page_header_footer  # no header on the cover
    assert section.header.paragraphs[0].text == "Concept paper: Solar PV installer"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Page ")
    footers = parts(data, "word/footer")
    fields = [t.strip() for f in footers for t in f.xpath("//w:instrText/text()", namespaces=NS)]
    assert fields == ["PAGE", "NUMPAGES"]


def test_properties_and_language():
    doc = DocumentBuilder()
    doc.set_properties(
        title="Proposal",
        subject="Approval",
        author="Portal",
        keywords=("solar", "Mauritius"),
        language="fr-fr",
    )
    data = doc.to_bytes()
    properties = read(data).core_properties
    assert (properties.title, properties.subject, properties.author) == (
        "Proposal",
        "Approval",
        "Portal",
    )
    assert properties.keywords == "solar; Mauritius"
    assert properties.language == "fr-FR"
    assert properties.revision == 1
    lang = part(data, "word/styles.xml").xpath(
        "//w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS
    )
    assert lang == ["fr-FR"]


def test_dataframe_table_repeats_its_header_fits_the_page_and_is_captioned():
    frame = pd.DataFrame(
        {
            "Element": [f"Element {n}" for n in range(120)],
            "Value": ["A long description of the value " * 3] * 120,
            "Hours": [n * 1.5 for n in range(120)],
        }
    )
    doc = DocumentBuilder()
    doc.table(frame, caption="EU information elements")
    doc.table(frame.head(2), caption="Second", column_widths=[1, 2, 1])
    data = doc.to_bytes()
    document = read(data)
    table = document.tables[0]
    assert len(table.rows) == 121
    assert [c.text for c in table.rows[0].cells] == ["Element", "Value", "Hours"]
    assert [c.text for c in table.rows[2].cells] == ["Element 1", frame.Value[1].strip(), "1.5"]
    assert table.style.name == "House Table"
    xml = part(data, "word/document.xml")
    tables = xml.findall(f".//{{{W}}}tbl")
    header_rows = tables[0].xpath("w:tr[w:trPr/w:tblHeader]", namespaces=NS)
    assert len(header_rows) == 1 and header_rows[0] is tables[0].find(f"{{{W}}}tr")
    for tbl in tables:
        widths = [int(w) for w in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
        assert sum(widths) == 9072  # A4 less two 2.5 cm margins, in twips
    second = [int(w) for w in tables[1].xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert second[1] == pytest.approx(2 * second[0], abs=2)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Table 1: EU information elements", "Table 2: Second"]
    assert xml.xpath("//w:tblCaption/@w:val", namespaces=NS)[0] == "EU information elements"


def test_dataframe_values_are_written_as_people_read_them():
    frame = pd.DataFrame(
        {
            "n": [1200, None],
            "x": [0.25, float("nan")],
            "when": [datetime.date(2026, 1, 2), None],
            "count": pd.array([7, None], dtype="Int64"),
            "ok": [True, False],
        }
    )
    doc = DocumentBuilder()
    doc.table(frame)
    rows = [[c.text for c in row.cells] for row in read(doc.to_bytes()).tables[0].rows]
    assert rows[1] == ["1,200", "0.25", "2 Jan 2026", "7", "yes"]
    assert rows[2] == ["", "", "", "", "no"]


def test_chart_is_a_print_resolution_png_with_alt_text_and_caption():
    doc = DocumentBuilder()
    doc.chart(
        lambda ax: ax.bar(["2024", "2025"], [12, 30]),
        alt_text="Enrolments rose from 12 in 2024 to 30 in 2025.",
        caption="Enrolments by year",
        width_cm=16,
        height_cm=9,
    )
    data = doc.to_bytes()
    xml = part(data, "word/document.xml")
    [descr] = xml.xpath("//wp:docPr/@descr", namespaces=NS)
    assert descr == "Enrolments rose from 12 in 2024 to 30 in 2025."
    document = read(data)
    [image] = [r.target_part for r in document.part.rels.values() if "image" in r.reltype]
    assert image.content_type == "image/png"
    picture = Image.open(io.BytesIO(image.blob))
    assert picture.size[0] >= int(16 / 2.54 * 200)
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"] == [
        "Figure 1: Enrolments by year"
    ]


def test_lists_quotation_callout_and_page_break():
    doc = DocumentBuilder()
    doc.bullets(["one", "two"])
    doc.numbered_list(["first", "second"])
    doc.numbered_list(["again"])
    doc.quotation("Skills, not\nseat time.", attribution="A minister")
    doc.callout("Mind the credit cap.", title="Note")
    doc.page_break()
    data = doc.to_bytes()
    document = read(data)
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles[:5] == [
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Number", "first"),
        ("List Number", "second"),
        ("List Number", "again"),
    ]
    assert ("Quote", "Skills, not\nseat time.") in styles
    assert ("Quote", "\u2014 A minister") in styles
    callout = document.tables[0].rows[0].cells[0]
    assert [p.text for p in callout.paragraphs] == ["Note", "Mind the credit cap."]
    xml = part(data, "word/document.xml")
    num_ids = xml.xpath(
        "//w:p[w:pPr/w:pStyle/@w:val='ListNumber']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS
    )
    # Each numbered list starts again at 1: its own w:num with a start override.
    assert num_ids[0] == num_ids[1] != num_ids[2]
    assert xml.xpath("//w:br[@w:type='page']", namespaces=NS)
    assert "Mind the credit cap." in body_text(data)


def test_to_bytes_and_save_agree():
    doc = DocumentBuilder()
    doc.paragraph("Hello")
    buffer = io.BytesIO()
    doc.save(buffer)
    assert read(buffer.getvalue()).paragraphs[0].text == "Hello"
    assert read(doc.to_bytes()).paragraphs[0].text == "Hello"
