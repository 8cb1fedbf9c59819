"""The house style: one reference .docx whose styles every generated document uses.

The repository's reference is portal/documents/data/house_style.docx, written by
`manage.py make_house_style` (make_reference below); staff may upload a replacement, which
check_house_style vets first. Start a replacement from the reference and change the styles'
look, not their names: the builder finds them by name.
"""

import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

REFERENCE_PATH = Path(__file__).resolve().parent / "data" / "house_style.docx"

PARAGRAPH, CHARACTER, TABLE = "paragraph", "character", "table"

# Every style the builder writes with, by the name Word shows, and its type.
STYLE_TYPES = {
    "Normal": PARAGRAPH,
    "Title": PARAGRAPH,
    "Subtitle": PARAGRAPH,
    "Heading 1": PARAGRAPH,
    "Heading 2": PARAGRAPH,
    "Heading 3": PARAGRAPH,
    "List Bullet": PARAGRAPH,
    "List Bullet 2": PARAGRAPH,
    "List Number": PARAGRAPH,
    "List Number 2": PARAGRAPH,
    "Caption": PARAGRAPH,
    "Quote": PARAGRAPH,
    "Header": PARAGRAPH,
    "Footer": PARAGRAPH,
    "TOC Heading": PARAGRAPH,
    "TOC 1": PARAGRAPH,
    "TOC 2": PARAGRAPH,
    "TOC 3": PARAGRAPH,
    "Cover Detail": PARAGRAPH,
    "Callout": PARAGRAPH,
    "Table Text": PARAGRAPH,
    "Hyperlink": CHARACTER,
    "House Table": TABLE,
}
REQUIRED_STYLES = tuple(STYLE_TYPES)
# List styles that must be linked to a numbering definition, or they show no bullet or number.
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Number", "List Number 2")

MAX_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED = 100 * 1024 * 1024

_WORDPROCESSING_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _type_label(kind):
    return {
        PARAGRAPH: _("paragraph style"),
        CHARACTER: _("character style"),
        TABLE: _("table style"),
    }.get(kind, kind)


def read_bytes(file):
    """The bytes of `file`: bytes, a path, or a file object (read from its start, and put back
    where it was when it can be)."""
    if file is None:
        return REFERENCE_PATH.read_bytes()
    if isinstance(file, bytes | bytearray | memoryview):
        return bytes(file)
    if isinstance(file, str | Path):
        return Path(file).read_bytes()
    position = None
    try:
        position = file.tell()
        file.seek(0)
    except (AttributeError, OSError):
        position = None
    data = file.read()
    if position is not None:
        file.seek(position)
    return data


def _package_problems(data):
    """Why `data` is not a .docx package, or [] with the python-docx Document it opens to."""
    if not data:
        return [_("The file is empty.")], None
    if len(data) > MAX_BYTES:
        return [
            _("The file is larger than %(limit)d MB: a house style needs far less.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        ], None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [
            _(
                "The file is not a Word document (.docx). Save the house style from Word or "
                "LibreOffice as “Word Document (.docx)” and upload that."
            )
        ], None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [_("The file is damaged: it cannot be opened as a Word document (.docx).")], None
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED:
        return [_("The file unpacks to far more than a Word document holds; it was refused.")], None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return [
            _(
                "The file is a zip archive, not a Word document (.docx). Save the house style "
                "from Word or LibreOffice as “Word Document (.docx)” and upload that."
            )
        ], None
    if "word/styles.xml" not in names:
        return [
            _("The Word document has no styles at all; start from the reference house style.")
        ], None
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except ValueError as error:
        message = str(error)
        if "template" in message:
            return [
                _("The file is a Word template (.dotx); save it as a Word document (.docx).")
            ], None
        if "macroEnabled" in message:
            return [
                _(
                    "The file is a Word document with macros (.docm); save it as a Word "
                    "document (.docx) without macros."
                )
            ], None
        return [_("The file is not a Word document (.docx).")], None
    except Exception:  # noqa: BLE001 - any failure to parse means the same thing to staff
        return [_("The file is damaged: it cannot be opened as a Word document (.docx).")], None
    return [], document


def style_problems(document):
    """The missing or wrong styles of an open python-docx Document, in plain words."""
    from docx.enum.style import WD_STYLE_TYPE

    types = {
        WD_STYLE_TYPE.PARAGRAPH: PARAGRAPH,
        WD_STYLE_TYPE.CHARACTER: CHARACTER,
        WD_STYLE_TYPE.TABLE: TABLE,
    }
    found = {}
    for style in document.styles:
        found.setdefault(style.name, style)
    problems = []
    for name, kind in STYLE_TYPES.items():
        style = found.get(name)
        if style is None:
            problems.append(
                _("The house style has no “%(name)s” style (a %(kind)s).")
                % {"name": name, "kind": _type_label(kind)}
            )
            continue
        actual = types.get(style.type)
        if actual != kind:
            problems.append(
                _("“%(name)s” must be a %(kind)s, but in this file it is a %(actual)s.")
                % {
                    "name": name,
                    "kind": _type_label(kind),
                    "actual": _type_label(actual or str(style.type)),
                }
            )
            continue
        if name in LIST_STYLES:
            ppr = style.element.pPr
            if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
                problems.append(
                    _(
                        "The “%(name)s” style has no bullets or numbers: link it to a list "
                        "(Format > Bullets and Numbering) as in the reference house style."
                    )
                    % {"name": name}
                )
    return problems


def check_house_style(file):
    """Plain-language problems that stop `file` (bytes, a path or a file object) from being the
    house style; [] when it will do."""
    try:
        data = read_bytes(file)
    except OSError:
        return [_("The file cannot be read.")]
    problems, document = _package_problems(data)
    if problems:
        return problems
    return style_problems(document)


# --- The reference house style ------------------------------------------------------------

_CM = 567  # twips per centimetre (rounded)
KEPT_TABLE_STYLES = ("Normal Table", "Table Grid", "House Table")
_BLUE = "1F3864"
_ACCENT = "2E74B5"
_GREY = "595959"


def _set_font(style, *, size=None, bold=None, italic=None, color=None, name=None):
    from docx.shared import Pt, RGBColor

    font = style.font
    if name:
        font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color:
        font.color.rgb = RGBColor.from_string(color)


def _spacing(style, *, before=None, after=None, line=None, keep_with_next=None):
    from docx.shared import Pt

    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next


def _paragraph_style(document, name, base="Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
        style.quick_style = True
        return style


def make_reference(path=REFERENCE_PATH):
    """Write the reference house style to `path`: python-docx's default styles, restyled, on
    A4 with 2.5 cm margins, plus the styles the builder adds (cover, callout, table text, TOC
    entries, hyperlinks, "House Table")."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import parse_xml
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    text_width = Cm(16)

    styles = document.styles
    # Document defaults: the font, and the language Word checks spelling in (the builder sets
    # the document's own language over it).
    rpr_default = styles.element.find(f"{{{_WORDPROCESSING_NS}}}docDefaults")
    rpr_default = rpr_default.find(
        f"{{{_WORDPROCESSING_NS}}}rPrDefault/{{{_WORDPROCESSING_NS}}}rPr"
    )
    for child in list(rpr_default):
        if child.tag.endswith("}lang"):
            rpr_default.remove(child)
    rpr_default.append(
        parse_xml(
            f'<w:lang xmlns:w="{_WORDPROCESSING_NS}" w:val="en-GB" w:eastAsia="en-GB" '
            'w:bidi="ar-SA"/>'
        )
    )

    normal = styles["Normal"]
    _set_font(normal, name="Arial", size=11)
    _spacing(normal, before=0, after=6, line=1.15)

    _set_font(styles["Title"], name="Arial", size=28, bold=True, color=_BLUE)
    _spacing(styles["Title"], before=0, after=12)
    _set_font(styles["Subtitle"], name="Arial", size=16, italic=False, color=_GREY)
    _spacing(styles["Subtitle"], before=0, after=24)
    for level, (size, before) in enumerate(((16, 18), (13, 14), (11.5, 12)), start=1):
        heading = styles[f"Heading {level}"]
        _set_font(heading, name="Arial", size=size, bold=True, italic=False, color=_BLUE)
        _spacing(heading, before=before, after=6, keep_with_next=True)
    toc_heading = styles["TOC Heading"]
    _set_font(toc_heading, name="Arial", size=16, bold=True, color=_BLUE)
    _spacing(toc_heading, before=0, after=12)

    for name in ("List Bullet", "List Bullet 2", "List Number", "List Number 2"):
        _spacing(styles[name], after=3)

    caption = styles["Caption"]
    _set_font(caption, name="Arial", size=9, bold=False, italic=True, color=_GREY)
    _spacing(caption, before=3, after=9)

    quote = styles["Quote"]
    _set_font(quote, size=11, italic=True, color=_GREY)
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    _spacing(quote, before=6, after=6)

    for name in ("Header", "Footer"):
        _set_font(styles[name], size=9, color=_GREY)
        _spacing(styles[name], before=0, after=0, line=1.0)

    cover = _paragraph_style(document, "Cover Detail")
    _set_font(cover, size=13, color=_GREY)
    _spacing(cover, before=0, after=6)

    callout = _paragraph_style(document, "Callout")
    _set_font(callout, size=10.5)
    _spacing(callout, before=2, after=4, line=1.1)

    table_text = _paragraph_style(document, "Table Text")
    _set_font(table_text, size=9.5)
    _spacing(table_text, before=1, after=1, line=1.0)

    for level in (1, 2, 3):
        toc = _paragraph_style(document, f"TOC {level}")
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.tab_stops.add_tab_stop(
            text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        _spacing(toc, before=6 if level == 1 else 0, after=2)
        if level == 1:
            _set_font(toc, bold=True)

    try:
        styles["Hyperlink"]
    except KeyError:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        _set_font(link, color="0563C1")
        link.font.underline = True

    try:
        styles["House Table"]
    except KeyError:
        w = _WORDPROCESSING_NS
        border = f'w:val="single" w:sz="4" w:space="0" w:color="{_ACCENT}"'
        styles.element.append(
            parse_xml(
                f'<w:style xmlns:w="{w}" w:type="table" w:customStyle="1" w:styleId="HouseTable">'
                '<w:name w:val="House Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority '
                'w:val="40"/><w:qFormat/>'
                '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
                "</w:pPr>"
                '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
                "<w:tblPr><w:tblBorders>"
                f"<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
                f"<w:insideH {border}/><w:insideV {border}/>"
                "</w:tblBorders><w:tblCellMar>"
                f'<w:top w:w="40" w:type="dxa"/><w:left w:w="{_CM // 5}" w:type="dxa"/>'
                f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="{_CM // 5}" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
                '<w:color w:val="FFFFFF"/></w:rPr>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{_BLUE}"/></w:tcPr>'
                "</w:tblStylePr>"
                '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>'
                '<w:tblStylePr w:type="band2Horz"><w:tcPr>'
                '<w:shd w:val="clear" w:color="auto" w:fill="EEF3FA"/></w:tcPr></w:tblStylePr>'
                "</w:style>"
            )
        )

    # python-docx's template carries a hundred table styles nobody picks (Word has them built
    # in anyway); without them every document opens and saves faster.
    for style in list(styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in KEPT_TABLE_STYLES:
            style.element.getparent().remove(style.element)

    # A reference document shows what it is when opened; the builder empties the body.
    document.add_paragraph("House style", style="Title")
    document.add_paragraph(
        "The reference house style of the micro-credentials portal. Change how the styles "
        "look, keep their names, and upload the file in the administration.",
        style="Normal",
    )
    properties = document.core_properties
    properties.title = "House style"
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return Path(path)
