import io
import zipfile

import docx
import pytest
from django.core.management import call_command

from portal.documents.builder import DocumentBuilder, HouseStyleError
from portal.documents.style import REFERENCE_PATH, REQUIRED_STYLES, check_house_style


def _bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_reference_house_style_has_every_style():
    assert check_house_style(REFERENCE_PATH) == []
    names = {style.name for style in docx.Document(str(REFERENCE_PATH)).styles}
    for name in (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Normal",
        "List Bullet",
        "List Number",
        "Caption",
        "Quote",
        "House Table",
        "Cover Detail",
    ):
        assert name in names
        assert name in REQUIRED_STYLES


def test_make_house_style_writes_it_again(tmp_path):
    target = tmp_path / "house_style.docx"
    call_command("make_house_style", output=str(target), stdout=io.StringIO())
    assert check_house_style(target) == []
    assert check_house_style(target.read_bytes()) == []


def test_each_missing_style_is_named():
    # python-docx's own template: a real .docx without the portal's styles.
    problems = check_house_style(_bytes(docx.Document()))
    for name in ("Cover Detail", "Callout", "Table Text", "Hyperlink", "House Table"):
        assert any(f"“{name}”" in problem for problem in problems), name
    assert not any("“Heading 1”" in problem for problem in problems)


def test_a_style_removed_from_the_reference_is_named():
    document = docx.Document(str(REFERENCE_PATH))
    document.styles["Quote"].element.getparent().remove(document.styles["Quote"].element)
    problems = check_house_style(_bytes(document))
    assert problems == ["The house style has no “Quote” style (a paragraph style)."]
    with pytest.raises(HouseStyleError) as error:
        DocumentBuilder(house_style=_bytes(document))
    assert error.value.problems == problems


def test_a_list_style_without_numbering_is_refused():
    document = docx.Document(str(REFERENCE_PATH))
    ppr = document.styles["List Number"].element.pPr
    ppr.remove(ppr.numPr)
    [problem] = check_house_style(_bytes(document))
    assert "“List Number”" in problem and "numbers" in problem


@pytest.mark.parametrize(
    "data",
    [b"", b"Just some text, renamed to house_style.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"],
)
def test_a_file_that_is_not_a_docx_is_refused(data):
    [problem] = check_house_style(data)
    assert "Word document" in problem or "empty" in problem


def test_a_renamed_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "not a document")
    [problem] = check_house_style(buffer.getvalue())
    assert "zip archive, not a Word document" in problem


def test_a_word_template_is_refused_with_its_reason():
    data = REFERENCE_PATH.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            archive.writestr(item, content)
    [problem] = check_house_style(buffer.getvalue())
    assert ".dotx" in problem


def test_an_uploaded_file_object_is_read_and_put_back():
    upload = io.BytesIO(REFERENCE_PATH.read_bytes())
    upload.seek(5)
    assert check_house_style(upload) == []
    assert upload.tell() == 5


def test_the_builder_uses_the_house_style_it_is_given():
    document = docx.Document(str(REFERENCE_PATH))
    document.styles["Title"].font.name = "Georgia"
    builder = DocumentBuilder(house_style=_bytes(document))
    builder.cover(title="Styled")
    result = docx.Document(io.BytesIO(builder.to_bytes()))
    assert result.styles["Title"].font.name == "Georgia"
    assert [p.text for p in result.paragraphs][0] == "Styled"
    # The reference's own sample text is not carried into documents.
    assert "House style" not in [p.text for p in result.paragraphs]
