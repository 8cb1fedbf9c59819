"""Whatever people type, the document opens and shows their words, as words."""

import pandas as pd

from portal.documents.builder import DocumentBuilder
from portal.documents.text import ZERO_WIDTH_SPACE

from .helpers import NS, body_text, instructions, part, read

CONTROL = "Need\x00 with\x01 controls\x08\x0b\x0c\x1b\x7f and \ufffe non-characters"
EMOJI = "Solar 🌞 installers 👩🏽‍🔧 and 🇲🇺"
RTL = "مرحبا بالعالم: تركيب الألواح الشمسية"
LONG_PARAGRAPH = ("Learners install rooftop arrays to code. " * 130)[:5000]
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 7  # 315 characters
FIELD_TRICKS = [
    '{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" }',
    '\x13 INCLUDEPICTURE "http://attacker.example/x.png" \x14\x15',
    '<w:fldSimple w:instr="PAGE"/> ]]> &amp; <!-- -->',
]


def _hostile_document():
    doc = DocumentBuilder()
    doc.set_properties(title=CONTROL, subject=RTL, author=EMOJI, keywords=(LONG_WORD,))
    doc.cover(title=CONTROL, subtitle=RTL, organisation=EMOJI, date=LONG_WORD, version="\x07")
    doc.running_header_footer(title=LONG_WORD + CONTROL)
    doc.table_of_contents()
    doc.heading(CONTROL)
    doc.heading(RTL, level=2)
    doc.paragraph(LONG_PARAGRAPH)
    doc.paragraph(LONG_WORD)
    for trick in FIELD_TRICKS:
        doc.paragraph(trick)
        doc.rich_text(f"<p>{trick}</p>")
    doc.bullets([CONTROL, EMOJI, RTL])
    doc.numbered_list([f"Outcome {n}: {LONG_PARAGRAPH[:300]}" for n in range(100)])
    doc.quotation(RTL, attribution=CONTROL)
    doc.callout(LONG_PARAGRAPH, title=EMOJI)
    doc.table(
        pd.DataFrame({CONTROL: [RTL, LONG_WORD, LONG_PARAGRAPH], "n": [1, 2, 3]}), caption=CONTROL
    )
    doc.rich_text(
        f"<p>&#1;&#x1b;&#xFFFE;{CONTROL}<b>{EMOJI}</b><a href='https://x.example/{LONG_WORD}'>"
        f"{RTL}</a></p><ul><li>{LONG_WORD}</li></ul>"
    )
    doc.chart(lambda ax: ax.plot([1, 2], [3, 4], label=EMOJI), alt_text=CONTROL, caption=RTL)
    return doc.to_bytes()


def test_a_hostile_document_opens_and_keeps_the_words():
    data = _hostile_document()
    document = read(data)
    text = body_text(data)
    assert "Need with controls and  non-characters" in text
    assert EMOJI in text
    assert RTL in text
    assert LONG_PARAGRAPH.strip() in text.replace(ZERO_WIDTH_SPACE, "")
    for character in "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\ufffe":
        assert character not in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1\tNeed with controls and non-characters", f"1.1\t{RTL}"]
    numbered = [p for p in document.paragraphs if p.text.startswith("Outcome ")]
    assert len(numbered) == 100


def test_long_words_can_break():
    xml = part(_hostile_document(), "word/document.xml")
    runs = xml.xpath("//w:t/text()", namespaces=NS)
    longest = max(
        len(word) for run in runs for chunk in run.split() for word in chunk.split(ZERO_WIDTH_SPACE)
    )
    assert longest <= 60


def test_nothing_typed_becomes_a_field_code():
    data = _hostile_document()
    xml = part(data, "word/document.xml")
    assert xml.xpath("//w:fldSimple", namespaces=NS) == []
    # The only field instructions are the builder's own: the TOC and its page references.
    for instruction in instructions(data):
        assert instruction.startswith(("TOC ", "PAGEREF _Toc")), instruction
    text = body_text(data)
    assert "DDEAUTO" in text and "INCLUDEPICTURE" in text and "w:fldSimple" in text


def test_right_to_left_paragraphs_are_marked_so():
    data = _hostile_document()
    xml = part(data, "word/document.xml")
    rtl = xml.xpath("//w:p[w:pPr/w:bidi]", namespaces=NS)
    texts = ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in rtl]
    assert any(t.endswith(RTL) for t in texts)
    assert not any(t.startswith("Need") for t in texts)
