"""Rich text (Wagtail's stored format, its expanded HTML, or simple HTML) as Word paragraphs.

Only text nodes reach the document, each through safe_text, as runs: bold, italic, underline,
superscript and subscript become run properties, links real w:hyperlink elements (http, https
and mailto only; relative links are made absolute with WAGTAILADMIN_BASE_URL), lists, tables and
quotations their Word counterparts. Nothing of the markup itself is written, so no tag is left.
"""

import re

from django.utils.translation import gettext as _

from portal.documents.text import safe_text, without_forbidden

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
DROPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "iframe",
        "object",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "input",
        "audio",
        "video",
        "canvas",
    ]
)
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")


def _tag(element):
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


class _Format:
    __slots__ = ("bold", "italic", "underline", "vert", "href")

    def __init__(self, bold=False, italic=False, underline=False, vert="", href=None):
        self.bold, self.italic, self.underline, self.vert, self.href = (
            bold,
            italic,
            underline,
            vert,
            href,
        )

    def but(self, **changes):
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return _Format(**values)

    def key(self):
        return (self.bold, self.italic, self.underline, self.vert, self.href)

    def rpr(self):
        parts = []
        if self.href:
            parts.append('<w:rStyle w:val="{hyperlink}"/>')
        if self.bold:
            parts.append("<w:b/><w:bCs/>")
        if self.italic:
            parts.append("<w:i/><w:iCs/>")
        if self.underline:
            parts.append('<w:u w:val="single"/>')
        if self.vert:
            parts.append(f'<w:vertAlign w:val="{self.vert}"/>')
        return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


PLAIN = _Format()
BREAK = object()


class RichTextWriter:
    def __init__(self, doc):
        self.doc = doc
        self.base_level = doc._level

    # Inline content: a list of (text or BREAK, _Format).

    def inline(self, element, fmt, out):
        if element.text:
            out.append((element.text, fmt))
        for child in element:
            self.inline_child(child, fmt, out)
            if child.tail:
                out.append((child.tail, fmt))
        return out

    def inline_child(self, child, fmt, out):
        """One element's content (not its tail) as segments in `out`."""
        tag = _tag(child)
        if tag is None or tag in DROPPED_TAGS:
            return
        if tag == "br":
            out.append((BREAK, fmt))
        elif tag in ("b", "strong"):
            self.inline(child, fmt.but(bold=True), out)
        elif tag in ("i", "em", "cite", "dfn"):
            self.inline(child, fmt.but(italic=True), out)
        elif tag in ("u", "ins"):
            self.inline(child, fmt.but(underline=True), out)
        elif tag == "sup":
            self.inline(child, fmt.but(vert="superscript"), out)
        elif tag == "sub":
            self.inline(child, fmt.but(vert="subscript"), out)
        elif tag == "a":
            target = self.doc.link_target(child.get("href"))
            self.inline(child, fmt.but(href=target) if target else fmt, out)
        elif tag == "img":
            alt = (child.get("alt") or "").strip()
            if alt:
                out.append((_("[Image: %(alt)s]") % {"alt": alt}, fmt))
        else:
            if tag in BLOCK_TAGS and out:
                out.append((BREAK, fmt))
            self.inline(child, fmt, out)

    def runs(self, segments, *, preserve=False):
        """Run XML and the plain text of `segments`, with HTML's whitespace rules applied."""
        pieces = []  # [text, fmt]
        for text, fmt in segments:
            if text is BREAK:
                pieces.append(["\n", fmt])
                continue
            text = without_forbidden(text)
            if not preserve:
                text = _WHITESPACE.sub(" ", text)
            if pieces and pieces[-1][1].key() == fmt.key() and pieces[-1][0] != "\n":
                pieces[-1][0] += text
            else:
                pieces.append([text, fmt])
        if not preserve:
            # Trim around the paragraph and the line breaks, collapse spaces across runs.
            previous_space = True
            for piece in pieces:
                if piece[0] == "\n":
                    previous_space = True
                    continue
                if previous_space:
                    piece[0] = piece[0].lstrip(" ")
                if piece[0]:
                    previous_space = piece[0].endswith(" ")
            for index in range(len(pieces) - 1, -1, -1):
                if pieces[index][0] == "\n":
                    pieces[index][0] = ""
                    continue
                pieces[index][0] = pieces[index][0].rstrip(" ")
                if pieces[index][0]:
                    break
            for index, piece in enumerate(pieces[:-1]):
                if pieces[index + 1][0] == "\n":
                    piece[0] = piece[0].rstrip(" ")
        from portal.documents.builder import _run

        hyperlink = self.doc._sid("Hyperlink")
        xml = []
        plain = []
        link_runs, link_target = [], None

        def close_link():
            nonlocal link_runs, link_target
            if link_runs:
                xml.append(self.doc._hyperlink(link_target, "".join(link_runs)))
            link_runs, link_target = [], None

        for text, fmt in pieces:
            if not text:
                continue
            text = safe_text(text) if text != "\n" else text
            plain.append(text)
            run = _run(text, fmt.rpr().replace("{hyperlink}", hyperlink))
            if fmt.href:
                if link_target != fmt.href:
                    close_link()
                    link_target = fmt.href
                link_runs.append(run)
            else:
                close_link()
                xml.append(run)
        close_link()
        return "".join(xml), "".join(plain)

    def paragraph(self, segments, style="Normal", **ppr):
        xml, plain = self.runs(segments)
        if plain.strip():
            self.doc._paragraph(style, xml, text=plain, **ppr)

    # Blocks.

    def container(self, element, style="Normal"):
        pending = []
        if element.text:
            pending.append((element.text, PLAIN))
        for child in element:
            tag = _tag(child)
            if tag is None or tag in DROPPED_TAGS:
                pass
            elif tag in BLOCK_TAGS:
                self.paragraph(pending, style)
                pending = []
                self.block(child, tag, style)
            elif tag == "br":
                pending.append((BREAK, PLAIN))
            else:
                self.inline_child(child, PLAIN, pending)
            if child.tail:
                pending.append((child.tail, PLAIN))
        self.paragraph(pending, style)

    def block(self, element, tag, style="Normal"):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            xml, plain = self.runs(self.inline(element, PLAIN, []))
            if plain.strip():
                level = min(3, self.base_level + max(int(tag[1]) - 1, 1))
                self.doc.heading(plain, level=level, numbered=False)
        elif tag in ("ul", "ol"):
            self.list(element, tag == "ol", 0)
        elif tag == "blockquote":
            if any(_tag(child) in BLOCK_TAGS for child in element):
                self.container(element, "Quote")
            else:
                self.paragraph(self.inline(element, PLAIN, []), "Quote")
        elif tag == "table":
            self.table(element)
        elif tag == "pre":
            xml, plain = self.runs(self.inline(element, PLAIN, []), preserve=True)
            if plain.strip():
                self.doc._paragraph(style, xml, text=plain)
        elif tag == "hr":
            pass
        elif tag == "li":
            self.list_item(element, False, 0, None)
        elif any(_tag(child) in BLOCK_TAGS for child in element):
            self.container(element, style)
        else:
            self.paragraph(self.inline(element, PLAIN, []), style)

    def list(self, element, ordered, depth):
        name = ("List Number" if ordered else "List Bullet") + (" 2" if depth else "")
        numbering = None
        if ordered:
            num_id = self.doc._restart_numbering(name)
            if num_id:
                numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        for child in element:
            tag = _tag(child)
            if tag == "li":
                self.list_item(child, ordered, depth, numbering)
            elif tag in ("ul", "ol"):
                self.list(child, tag == "ol", min(depth + 1, 1))

    def list_item(self, element, ordered, depth, numbering):
        name = ("List Number" if ordered else "List Bullet") + (" 2" if depth else "")
        segments = []
        nested = []
        if element.text:
            segments.append((element.text, PLAIN))
        for child in element:
            tag = _tag(child)
            if tag in ("ul", "ol"):
                nested.append(child)
                if child.tail:
                    segments.append((child.tail, PLAIN))
                continue
            if tag is None or tag in DROPPED_TAGS:
                if child.tail:
                    segments.append((child.tail, PLAIN))
                continue
            self.inline_child(child, PLAIN, segments)
            if tag in BLOCK_TAGS:
                segments.append((BREAK, PLAIN))
            if child.tail:
                segments.append((child.tail, PLAIN))
        self.paragraph(segments, name, numbering=numbering or "")
        for child in nested:
            self.list(child, _tag(child) == "ol", min(depth + 1, 1))

    def table(self, element):
        rows = []
        header = None
        caption = ""
        for part in element.iter():
            tag = _tag(part)
            if tag == "caption":
                caption = " ".join(part.text_content().split())
            elif tag == "tr":
                cells = [cell for cell in part if _tag(cell) in ("td", "th")]
                if not cells:
                    continue
                parent = _tag(part.getparent())
                is_header = parent == "thead" or all(_tag(cell) == "th" for cell in cells)
                runs = [self.runs(self.inline(cell, PLAIN, []))[0] for cell in cells]
                if header is None and not rows and is_header:
                    header = [" ".join(c.text_content().split()) for c in cells]
                else:
                    rows.append(runs)
        if rows or header:
            first_column = bool(rows) and all(
                _tag(row[0]) == "th" for row in element.iter("tr") if len(row)
            )
            self.doc.table_rows(
                [safe_text(h) for h in header] if header else None,
                rows,
                caption=caption,
                first_column_is_header=first_column,
                cells_are_runs=True,
            )


def render_rich_text(doc, html):
    source = getattr(html, "source", html)
    if source is None:
        return
    source = without_forbidden(str(source))
    if not source.strip():
        return
    if "linktype=" in source or "<embed" in source:
        from wagtail.rich_text import expand_db_html

        source = expand_db_html(source)
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(source, create_parent="div")
    writer = RichTextWriter(doc)
    writer.container(root)
    doc._level = writer.base_level
