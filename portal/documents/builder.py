"""DocumentBuilder: a Word document in the house style, built block by block.

    doc = DocumentBuilder()                      # or DocumentBuilder(house_style=uploaded_file)
    doc.set_properties(title="Concept paper", language="en-GB")
    doc.cover(title="Concept paper", subtitle="Solar PV installation", date=date.today())
    doc.running_header_footer(title="Concept paper")
    doc.table_of_contents()
    doc.heading("Need")
    doc.rich_text(design.need_html)
    doc.table(dataframe, caption="Learning outcomes")
    data = doc.to_bytes()

The engine knows no app. Every string it is given is made safe (portal.documents.text) and
written as text runs: nothing a person typed becomes a field code or markup. The body is kept as
WordprocessingML text while it is built and parsed once, in to_bytes(): python-docx's object API
costs ten times more per paragraph and per table cell.
"""

import io
import math
import numbers
import re
from datetime import date as date_type
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.documents.style import read_bytes, style_problems
from portal.documents.text import one_line, safe_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_WRAPPER_OPEN = (
    f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
    f'xmlns:pic="{PIC_NS}">'
)
EMU_PER_CM = 360000
EMU_PER_TWIP = 635
LINK_SCHEMES = {"http", "https", "mailto"}
MAX_PICTURE_HEIGHT_CM = 20
CHART_DPI = 200

_TOC_MARKER = "<!--toc-->"
# The w:settings children that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = frozenset(
    [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
)
_SPLIT_RUN = re.compile(r"(\n|\t)")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_RTL_RANGES = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class HouseStyleError(ValueError):
    """The house style given to the builder lacks what it needs; .problems says what."""

    def __init__(self, problems):
        super().__init__(" ".join(problems))
        self.problems = problems


def _attr(value):
    return quoteattr(str(value))


def _is_rtl(text):
    """True when the first letter of `text` belongs to a right-to-left script."""
    if not _RTL_RANGES.search(text):
        return False
    for character in text:
        if _RTL_RANGES.match(character):
            return True
        if character.isalpha():
            return False
    return False


def _run(text, rpr=""):
    """One w:r holding `text` (already safe): tabs and line breaks as w:tab and w:br."""
    if not text:
        return ""
    parts = []
    for piece in _SPLIT_RUN.split(text):
        if piece == "\n":
            parts.append("<w:br/>")
        elif piece == "\t":
            parts.append("<w:tab/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _field(instruction, shown=""):
    """A complex field (PAGE, NUMPAGES, PAGEREF...) with `shown` as its last computed result.
    Only the builder's own instructions come here, never a person's text."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(shown or '1')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _cell_text(value):
    """A DataFrame value as the text of a table cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value).strip()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date_type):
        return date_format(value, "DATE_FORMAT")
    try:
        import pandas

        if pandas.isna(value):  # NA, NaT
            return ""
    except (TypeError, ValueError):
        pass
    return safe_text(value).strip()


class DocumentBuilder:
    """A Word document built in the house style; see the module docstring."""

    def __init__(self, house_style=None):
        from docx import Document

        data = read_bytes(house_style)
        self.document = Document(io.BytesIO(data))
        self._style_ids = _style_ids(self.document, data)
        body = self.document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        section = self.document.sections[0]
        self._text_width = int(
            (section.page_width - section.left_margin - section.right_margin) / EMU_PER_TWIP
        )
        self._chunks = []
        self._numbers = [0, 0, 0]
        self._level = 0
        self._headings = []  # (level, text shown, bookmark name)
        self._bookmark = 0
        self._drawing = 0
        self._tables = 0
        self._figures = 0
        self._has_toc = False
        self._cover = False
        self._numbering = None
        properties = self.document.core_properties
        now = timezone.now().replace(microsecond=0, tzinfo=None)
        properties.author = ""
        properties.last_modified_by = ""
        properties.title = ""
        properties.subject = ""
        properties.keywords = ""
        properties.comments = ""
        properties.category = ""
        properties.created = now
        properties.modified = now
        properties.revision = 1

    # --- little helpers -------------------------------------------------------------------

    def _sid(self, name):
        return self._style_ids.get(name) or self._style_ids.get("Normal", "Normal")

    def _ppr(self, style, *, keep_next=False, numbering="", text="", spacing="", align=""):
        """A w:pPr with its children in the order the schema (and Word) demands."""
        parts = [f'<w:pPr><w:pStyle w:val="{self._sid(style)}"/>']
        if keep_next:
            parts.append("<w:keepNext/>")
        if numbering:
            parts.append(numbering)
        if text and _is_rtl(text):
            parts.append("<w:bidi/>")
        if spacing:
            parts.append(spacing)
        if align:
            parts.append(f'<w:jc w:val="{align}"/>')
        parts.append("</w:pPr>")
        return "".join(parts)

    def _paragraph(self, style, runs, **ppr):
        self._chunks.append(f"<w:p>{self._ppr(style, **ppr)}{runs}</w:p>")

    def _text_paragraph(self, text, style, rpr="", **ppr):
        text = safe_text(text)
        self._paragraph(style, _run(text, rpr), text=text, **ppr)

    def _hyperlink(self, url, runs):
        relationship = self.document.part.relate_to(url, HYPERLINK_RT, is_external=True)
        return f'<w:hyperlink r:id="{relationship}" w:history="1">{runs}</w:hyperlink>'

    def _next_bookmark(self):
        self._bookmark += 1
        return self._bookmark, f"_Toc{self._bookmark:08d}"

    # --- document-wide --------------------------------------------------------------------

    def set_properties(self, title, subject="", author="", keywords=(), language="en-GB"):
        properties = self.document.core_properties
        properties.title = one_line(title)[:255]
        properties.subject = one_line(subject)[:255]
        properties.author = one_line(author)[:255]
        if isinstance(keywords, str):
            keywords = [keywords]
        properties.keywords = "; ".join(one_line(k) for k in keywords if one_line(k))[:255]
        language = _language_tag(language)
        properties.language = language
        styles = self.document.styles.element
        lang = styles.find(
            f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}lang"
        )
        if lang is None:
            rpr = styles.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr")
            if rpr is not None:
                from docx.oxml import OxmlElement

                lang = OxmlElement("w:lang")
                rpr.append(lang)
        if lang is not None:
            lang.set(f"{{{W_NS}}}val", language)

    def cover(self, title, subtitle="", organisation="", date=None, version=""):
        self._cover = True
        self._text_paragraph(title, "Title", spacing='<w:spacing w:before="2400"/>')
        if subtitle:
            self._text_paragraph(subtitle, "Subtitle")
        if organisation:
            self._text_paragraph(organisation, "Cover Detail")
        if date:
            if isinstance(date, date_type):
                date = date_format(date, "DATE_FORMAT")
            self._text_paragraph(date, "Cover Detail")
        if version:
            self._text_paragraph(
                _("Version %(version)s") % {"version": one_line(version)}, "Cover Detail"
            )
        self.page_break()

    def running_header_footer(self, title):
        section = self.document.sections[0]
        if self._cover:
            section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        self._replace_story(header, self._sid("Header"), _run(one_line(title)), "right")
        footer = section.footer
        footer.is_linked_to_previous = False
        template = _("Page %(page)s of %(pages)s")
        runs = []
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            runs.append(_run(template[position : match.start()]))
            runs.append(_field("PAGE" if match.group(1) == "page" else "NUMPAGES"))
            position = match.end()
        runs.append(_run(template[position:]))
        self._replace_story(footer, self._sid("Footer"), "".join(runs), "center")

    def _replace_story(self, story, style_id, runs, align):
        from docx.oxml import parse_xml

        element = story._element
        for child in list(element):
            element.remove(child)
        element.append(
            parse_xml(
                f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id}"/>'
                f'<w:jc w:val="{align}"/></w:pPr>{runs}</w:p>'
            )
        )

    def table_of_contents(self):
        self._has_toc = True
        self._paragraph("TOC Heading", _run(_("Contents")))
        self._chunks.append(_TOC_MARKER)
        self.page_break()

    def _toc_xml(self):
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not self._headings:
            return (
                f'<w:p><w:pPr><w:pStyle w:val="{self._sid("TOC 1")}"/></w:pPr>{begin}'
                f"{_run(_('Update the table of contents to fill it.'))}{end}</w:p>"
            )
        paragraphs = []
        last = len(self._headings) - 1
        for index, (level, text, bookmark) in enumerate(self._headings):
            entry = self._hyperlink_anchor(
                bookmark,
                _run(text.replace("\t", " "))
                + "<w:r><w:tab/></w:r>"
                + _field(f"PAGEREF {bookmark} \\h", " "),
            )
            paragraphs.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self._sid(f"TOC {level}")}"/></w:pPr>'
                f"{begin if index == 0 else ''}{entry}{end if index == last else ''}</w:p>"
            )
        return "".join(paragraphs)

    @staticmethod
    def _hyperlink_anchor(bookmark, runs):
        return f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{runs}</w:hyperlink>'

    @property
    def outline(self):
        """[(level, number or "", text)] of the headings so far: what the table of contents
        lists (a heading's paragraph reads "2.1<tab>Text")."""
        return [
            (level, *(shown.split("\t", 1) if "\t" in shown else ("", shown)))
            for level, shown, _bookmark in self._headings
        ]

    # --- text -----------------------------------------------------------------------------

    def heading(self, text, level=1, numbered=True):
        level = min(max(int(level), 1), 3)
        text = one_line(text)
        if numbered:
            self._numbers[level - 1] += 1
            for deeper in range(level, 3):
                self._numbers[deeper] = 0
            number = ".".join(str(n) for n in self._numbers[:level])
            shown = f"{number}\t{text}"
        else:
            shown = text
        self._level = level
        bookmark_id, bookmark = self._next_bookmark()
        self._headings.append((level, shown, bookmark))
        self._paragraph(
            f"Heading {level}",
            f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{bookmark}"/>{_run(shown)}'
            f'<w:bookmarkEnd w:id="{bookmark_id}"/>',
            text=text,
        )

    def paragraph(self, text, style=None):
        self._text_paragraph(text, style or "Normal")

    def bullets(self, items):
        for item in items:
            self._text_paragraph(item, "List Bullet")

    def numbered_list(self, items):
        num_id = self._restart_numbering("List Number")
        numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        for item in items:
            self._text_paragraph(item, "List Number", numbering=numbering if num_id else "")

    def _restart_numbering(self, style_name):
        """A new w:num for `style_name`'s list that starts again at 1; its id, or None."""
        try:
            style = self.document.styles[style_name]
            num_id = style.element.pPr.numPr.numId.val
            numbering = self.document.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return None
        abstract = None
        for num in numbering.num_lst:
            if num.numId == num_id:
                abstract = num.abstractNumId.val
        if abstract is None:
            return None
        # python-docx puts the new w:num where the schema wants it (before numIdMacAtCleanup).
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        new_id = num.numId
        return new_id

    def quotation(self, text, attribution=""):
        self._text_paragraph(text, "Quote")
        if attribution:
            self._text_paragraph("\u2014 " + one_line(attribution), "Quote", align="right")

    def callout(self, text, title=""):
        runs = []
        if title:
            runs.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self._sid("Callout")}"/><w:keepNext/></w:pPr>'
                f"{_run(one_line(title), '<w:rPr><w:b/><w:bCs/></w:rPr>')}</w:p>"
            )
        for line in (safe_text(text) or " ").split("\n\n"):
            runs.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self._sid("Callout")}"/></w:pPr>{_run(line)}</w:p>'
            )
        self._box("".join(runs))

    def _box(self, inner, fill="EEF3FA", border="2E74B5"):
        width = self._text_width
        self._chunks.append(
            "<w:tbl><w:tblPr>"
            f'<w:tblW w:w="{width}" w:type="dxa"/>'
            "<w:tblBorders>"
            f'<w:left w:val="single" w:sz="24" w:space="0" w:color="{border}"/>'
            "</w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="100" w:type="dxa"/><w:left w:w="170" w:type="dxa"/>'
            '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>{inner}</w:tc></w:tr>'
            "</w:tbl>"
        )
        # Two tables in a row would merge into one; a small paragraph keeps them apart.
        self._chunks.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self._sid("Normal")}"/>'
            '<w:spacing w:before="0" w:after="120"/></w:pPr></w:p>'
        )

    def page_break(self):
        self._chunks.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    # --- rich text and StreamField --------------------------------------------------------

    def rich_text(self, html):
        from portal.documents.richtext import render_rich_text

        render_rich_text(self, html)

    def stream(self, stream_value, handlers=None):
        from portal.documents.streams import render_stream

        render_stream(self, stream_value, handlers or {})

    def link_target(self, href):
        """`href` as an absolute link fit for a document, or None when it is not one (a
        javascript: link, a relative link without a base, an anchor in the page)."""
        href = (href or "").strip()
        if not href or href.startswith("#") or any(ord(c) < 33 for c in href):
            return None
        parts = urlsplit(href)
        if not parts.scheme:
            from django.conf import settings

            base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
            if not base:
                return None
            href = urljoin(base.rstrip("/") + "/", href)
            parts = urlsplit(href)
        if parts.scheme.lower() not in LINK_SCHEMES or len(href) > 2000:
            return None
        return href

    # --- tables ---------------------------------------------------------------------------

    def _widths(self, weights):
        total = sum(weights) or 1
        widths = [max(int(self._text_width * w / total), 300) for w in weights]
        widths[-1] += self._text_width - sum(widths)
        return widths

    def _caption(self, label_template, number, caption, keep_next):
        text = label_template % {"number": number, "caption": one_line(caption)}
        self._paragraph("Caption", _run(text), keep_next=keep_next, text=text)

    def table(self, dataframe, caption="", column_widths=None):
        """The DataFrame as a table in the "House Table" style: the header row repeats on every
        page; column_widths are proportions (centimetres will do), scaled to the text width;
        without them the widths follow the columns' text. A non-default index becomes the first
        column."""
        import pandas

        frame = dataframe
        if not isinstance(frame.index, pandas.RangeIndex):
            frame = frame.reset_index()
        header = [
            one_line(" / ".join(str(p) for p in c if str(p)) if isinstance(c, tuple) else c)
            for c in frame.columns
        ]
        numeric = [
            pandas.api.types.is_numeric_dtype(t) and not pandas.api.types.is_bool_dtype(t)
            for t in frame.dtypes
        ]
        rows = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        self.table_rows(
            header, rows, caption=caption, column_widths=column_widths, align_right=numeric
        )

    def table_rows(
        self,
        header,
        rows,
        caption="",
        column_widths=None,
        align_right=None,
        first_column_is_header=False,
        cells_are_runs=False,
    ):
        """A table from a header (a list of texts, or None) and rows (lists of texts, or of
        run XML made by the builder when cells_are_runs). Used by table() and rich text."""
        columns = max([len(header or [])] + [len(row) for row in rows] + [1])
        header = list(header or [])
        if header:
            header += [""] * (columns - len(header))
        if column_widths and len(column_widths) == columns:
            widths = self._widths([max(float(w), 0.1) for w in column_widths])
        else:
            widths = self._widths(self._auto_weights(header, rows, columns, cells_are_runs))
        align_right = list(align_right or []) + [False] * columns
        if caption:
            self._tables += 1
            self._caption(_("Table %(number)d: %(caption)s"), self._tables, caption, True)
        text_style = self._sid("Table Text")
        # w:val repeats the flags as a bit mask (LibreOffice reads it): firstRow 0x20,
        # firstColumn 0x80, noVBand 0x400.
        look = (0x20 if header else 0) | (0x80 if first_column_is_header else 0) | 0x400
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        cell_open = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
        para = f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/>'
        para_left = para + "</w:pPr>"
        para_right = para + '<w:jc w:val="right"/></w:pPr>'
        parts = [
            "<w:tbl><w:tblPr>"
            f'<w:tblStyle w:val="{self._sid("House Table")}"/>'
            f'<w:tblW w:w="{self._text_width}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="{look:04X}" w:firstRow="{1 if header else 0}" w:lastRow="0" '
            f'w:firstColumn="{1 if first_column_is_header else 0}" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/>'
        ]
        if caption:
            parts.append(f"<w:tblCaption w:val={_attr(one_line(caption)[:255])}/>")
        parts.append(f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>")
        if header:
            # No cantSplit here: LibreOffice drops every body row of a table whose repeated
            # header row is also cantSplit and lands at the foot of a page.
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>")
            for index, text in enumerate(header):
                parts.append(f"{cell_open[index]}{para_left}{_run(text)}</w:p></w:tc>")
            parts.append("</w:tr>")
        for row in rows:
            parts.append("<w:tr>")
            for index in range(columns):
                value = row[index] if index < len(row) else ""
                runs = value if cells_are_runs else _run(value)
                paragraph = para_right if align_right[index] else para_left
                parts.append(f"{cell_open[index]}{paragraph}{runs}</w:p></w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._chunks.append("".join(parts))
        # Keeps the next table (or a heading's space) apart from this one.
        self._chunks.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self._sid("Normal")}"/>'
            '<w:spacing w:before="0" w:after="120"/></w:pPr></w:p>'
        )

    @staticmethod
    def _auto_weights(header, rows, columns, cells_are_runs):
        sample = rows[:200]
        weights = []
        for index in range(columns):
            lengths = sorted(
                len(_visible(row[index]) if cells_are_runs else row[index])
                for row in sample
                if index < len(row)
            )
            typical = lengths[int(len(lengths) * 0.9)] if lengths else 0
            title = header[index] if index < len(header) else ""
            longest_word = max((len(word) for word in title.split()), default=0)
            weights.append(min(max(typical, longest_word, len(title) / 2, 4), 60))
        # Square roots keep a long text column from squeezing short ones to nothing.
        return [math.sqrt(w) for w in weights]

    # --- pictures -------------------------------------------------------------------------

    def _picture(self, data, alt_text, name, width_emu=None, height_emu=None):
        """An inline picture paragraph; returns nothing. Raises python-docx's
        UnrecognizedImageError for a format Word cannot show."""
        relationship, image = self.document.part.get_or_add_image(io.BytesIO(data))
        max_width = self._text_width * EMU_PER_TWIP
        if width_emu is None:
            width_emu, height_emu = image.width, image.height
        if width_emu > max_width:
            height_emu = int(height_emu * max_width / width_emu)
            width_emu = max_width
        max_height = MAX_PICTURE_HEIGHT_CM * EMU_PER_CM
        if height_emu > max_height:
            width_emu = int(width_emu * max_height / height_emu)
            height_emu = max_height
        self._drawing += 1
        number = self._drawing
        alt = _attr(one_line(alt_text)[:1000])
        name = _attr(one_line(name)[:100] or f"Picture {number}")
        self._chunks.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self._sid("Normal")}"/><w:keepNext/>'
            '<w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
            f'<wp:docPr id="{number}" name={name} descr={alt}/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr>"
            f'<a:graphic><a:graphicData uri="{PIC_NS}"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{number}" name={name} descr={alt}/><pic:cNvPicPr/>'
            "</pic:nvPicPr>"
            f'<pic:blipFill><a:blip r:embed="{relationship}"/><a:stretch><a:fillRect/>'
            "</a:stretch></pic:blipFill>"
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )

    def figure(self, data, alt_text, caption="", name=""):
        """A picture (PNG, JPEG, GIF, BMP or TIFF bytes) with its alt text and a numbered
        caption below it."""
        self._picture(data, alt_text, name)
        self._figure_caption(caption)

    def _figure_caption(self, caption):
        if caption:
            self._figures += 1
            self._caption(_("Figure %(number)d: %(caption)s"), self._figures, caption, False)

    def chart(self, draw, alt_text, caption="", width_cm=16, height_cm=9):
        """draw(ax) plots on a matplotlib Axes; the chart goes in as a PNG at CHART_DPI with
        `alt_text` as the picture's description, and a numbered caption below it."""
        png = render_chart(draw, width_cm, height_cm)
        width = int(width_cm * EMU_PER_CM)
        height = int(height_cm * EMU_PER_CM)
        self._picture(png, alt_text, caption or alt_text, width, height)
        self._figure_caption(caption)

    # --- output ---------------------------------------------------------------------------

    def _assemble(self):
        from docx.oxml import parse_xml

        if not self._chunks:
            return
        chunks = self._chunks
        if self._has_toc and _TOC_MARKER in chunks:
            chunks = [self._toc_xml() if c == _TOC_MARKER else c for c in chunks]
            self._enable_update_fields()
        self._chunks = []
        wrapper = parse_xml(_WRAPPER_OPEN + "".join(chunks) + "</w:body>")
        body = self.document.element.body
        section = body.sectPr
        for element in list(wrapper):
            if section is not None:
                section.addprevious(element)
            else:
                body.append(element)

    def _enable_update_fields(self):
        from docx.oxml import OxmlElement

        settings = self.document.settings.element
        if settings.find(f"{{{W_NS}}}updateFields") is not None:
            return
        update = OxmlElement("w:updateFields")
        update.set(f"{{{W_NS}}}val", "true")
        # Word refuses a settings part whose children are out of the schema's order.
        for child in settings:
            if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
                child.addprevious(update)
                return
        settings.append(update)

    def save(self, fileobj):
        self._assemble()
        self.document.save(fileobj)

    def to_bytes(self):
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def render_chart(draw, width_cm=16, height_cm=9, dpi=CHART_DPI):
    """PNG bytes of the chart draw(ax) plots, width_cm x height_cm at `dpi`, laid out so no
    label is cut off."""
    # Imported here: matplotlib costs about 0.3 s to import, and most documents draw none. The
    # Figure API with the Agg canvas needs no pyplot, no global state, no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=dpi)
    FigureCanvasAgg(figure)
    draw(figure.add_subplot())
    figure.tight_layout()
    buffer = io.BytesIO()
    # Deflate level 1: half the time of the default for a file about half again as large.
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


_STYLE_CACHE = {}


def _style_ids(document, data):
    """{style name: style id} of the house style, checked first; remembered per house style
    (by its SHA-256), since the jobs make every document from the same one."""
    import hashlib

    key = hashlib.sha256(data).hexdigest()
    ids = _STYLE_CACHE.get(key)
    if ids is None:
        problems = style_problems(document)
        if problems:
            raise HouseStyleError(problems)
        ids = {}
        for style in document.styles:
            ids.setdefault(style.name, style.style_id)
        if len(_STYLE_CACHE) > 16:
            _STYLE_CACHE.clear()
        _STYLE_CACHE[key] = ids
    return ids


def _visible(runs_xml):
    return re.sub(r"<[^>]+>", "", runs_xml)


def _language_tag(language):
    """ "en-gb", "en_GB" or "en-GB" as the BCP 47 tag Word expects ("en-GB")."""
    parts = re.split(r"[-_]", (language or "en-GB").strip())
    tag = [parts[0].lower()]
    for part in parts[1:]:
        tag.append(part.upper() if len(part) == 2 else part.title())
    return "-".join(p for p in tag if p) or "en-GB"
