import pytest
from django.test import override_settings

from portal.documents.builder import DocumentBuilder

from .helpers import NS, body_text, part, read

HTML = (
    "<h2>Why it matters</h2>"
    "<p>Micro-credentials are <b>short</b>, <i>focused</i> and <strong><em>stackable</em></strong>."
    ' See <a href="https://eur-lex.europa.eu/eli/C/2022/243">the Recommendation</a>,'
    ' <a href="/handbook/glossary/">the glossary</a>'
    ' and <a href="javascript:alert(1)">this</a>.</p>'
    "<ul><li>Short<ul><li>Under 60 credits</li></ul></li><li>Assessed</li></ul>"
    "<ol><li>Design</li><li>Approve</li></ol>"
    "<blockquote><p>Learning that counts.</p></blockquote>"
    "<table><thead><tr><th>Country</th><th>Hours per credit</th></tr></thead>"
    "<tbody><tr><td>Mauritius</td><td><b>20</b></td></tr></tbody></table>"
    "<p>One line<br/>and the next</p>"
    '<script>alert("no")</script><style>p{}</style>'
    "<p>&lt;b&gt; typed as text stays text</p>"
)


@override_settings(WAGTAILADMIN_BASE_URL="https://portal.example")
def test_rich_text_becomes_runs_links_lists_quotes_and_tables():
    doc = DocumentBuilder()
    doc.heading("Need")
    doc.rich_text(HTML)
    data = doc.to_bytes()
    document = read(data)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs[1] == ("Heading 2", "Why it matters")  # under the section, unnumbered
    assert paragraphs[2] == (
        "Normal",
        "Micro-credentials are short, focused and stackable. See the Recommendation, "
        "the glossary and this.",
    )
    assert ("List Bullet", "Short") in paragraphs
    assert ("List Bullet 2", "Under 60 credits") in paragraphs
    assert ("List Number", "Design") in paragraphs
    assert ("Quote", "Learning that counts.") in paragraphs
    assert ("Normal", "One line\nand the next") in paragraphs
    assert ("Normal", "<b> typed as text stays text") in paragraphs
    runs = {run.text: run for run in document.paragraphs[2].runs}
    assert runs["short"].bold and not runs["short"].italic
    assert runs["focused"].italic
    assert runs["stackable"].bold and runs["stackable"].italic
    links = {link.text: link.address for link in document.paragraphs[2].hyperlinks}
    assert links == {
        "the Recommendation": "https://eur-lex.europa.eu/eli/C/2022/243",
        "the glossary": "https://portal.example/handbook/glossary/",
    }
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Country", "Hours per credit"],
        ["Mauritius", "20"],
    ]
    xml = part(data, "word/document.xml")
    assert xml.xpath("//w:tbl/w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    text = body_text(data)
    assert "alert" not in text and "p{}" not in text and "<p" not in text


def test_wagtail_stored_rich_text_is_expanded(db):
    from wagtail.models import Page

    page = Page.objects.filter(depth=2).first()
    assert page is not None
    doc = DocumentBuilder()
    doc.rich_text(f'<p>See <a linktype="page" id="{page.pk}">the home page</a>.</p>')
    document = read(doc.to_bytes())
    [link] = document.paragraphs[0].hyperlinks
    assert link.text == "the home page"
    assert link.address.startswith("http")
    assert document.paragraphs[0].text == "See the home page."


def test_rich_text_object_and_empty_values():
    from wagtail.rich_text import RichText

    doc = DocumentBuilder()
    doc.rich_text(RichText("<p>From a <b>RichText</b></p>"))
    doc.rich_text("")
    doc.rich_text(None)
    doc.rich_text("bare text, no tags")
    assert [p.text for p in read(doc.to_bytes()).paragraphs] == [
        "From a RichText",
        "bare text, no tags",
    ]


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "file:///etc/passwd", "#top", "data:text/html,x", "vbscript:x"]
)
def test_unsafe_links_are_plain_text(href):
    doc = DocumentBuilder()
    doc.rich_text(f'<p><a href="{href}">click</a></p>')
    document = read(doc.to_bytes())
    assert document.paragraphs[0].text == "click"
    assert document.paragraphs[0].hyperlinks == []
