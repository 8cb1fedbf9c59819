"""StreamField values as Word content.

Each block goes to handlers[block_type] when the caller gives one (an app's own blocks: a
glossary term, a framework), else to the default for its block class: the shared blocks of
portal/blocks.py (quotation, figure, captioned table), rich text, plain text, lists, structs
and nested streams. A block nothing knows is left out rather than shown as markup.
"""

import logging

from django.utils.translation import gettext as _

from portal.documents.text import one_line

logger = logging.getLogger(__name__)


def _children(stream_value):
    """(block_type, value, block or None) for a StreamValue, a list of StreamChild, of
    (type, value) pairs, or of {"type": ..., "value": ...} dicts (raw data)."""
    for child in stream_value or ():
        if hasattr(child, "block_type"):
            yield child.block_type, child.value, getattr(child, "block", None)
        elif isinstance(child, dict):
            yield child.get("type"), child.get("value"), None
        else:
            block_type, value = child
            yield block_type, value, None


def render_stream(doc, stream_value, handlers):
    for block_type, value, block in _children(stream_value):
        handler = handlers.get(block_type)
        if handler is not None:
            handler(doc, value)
        else:
            render_block(doc, block_type, value, block, handlers)


def render_block(doc, block_type, value, block, handlers):
    from wagtail import blocks
    from wagtail.rich_text import RichText

    from portal import blocks as shared

    if isinstance(block, shared.QuotationBlock) or (
        block is None and block_type in ("quotation", "quote") and _has(value, "quote")
    ):
        doc.quotation(value.get("quote", ""), value.get("attribution", ""))
    elif isinstance(block, shared.FigureBlock) or (
        block is None and block_type == "figure" and _has(value, "image")
    ):
        figure(doc, value)
    elif isinstance(block, shared.TableBlock) or (
        block is None and block_type == "table" and _has(value, "table")
    ):
        typed_table(doc, value.get("table"), bool(value.get("first_column_is_header", True)))
    elif isinstance(value, RichText) or isinstance(block, blocks.RichTextBlock):
        doc.rich_text(value)
    elif isinstance(block, blocks.StreamBlock) or hasattr(value, "raw_data"):
        render_stream(doc, value, handlers)
    elif isinstance(block, blocks.ListBlock) or isinstance(value, list | tuple):
        for item in value:
            child_block = getattr(block, "child_block", None)
            render_block(doc, block_type, item, child_block, handlers)
    elif isinstance(block, blocks.StructBlock) or isinstance(value, dict):
        child_blocks = getattr(block, "child_blocks", {})
        for name, item in value.items():
            render_block(doc, name, item, child_blocks.get(name), handlers)
    elif isinstance(value, str):
        if value.strip():
            doc.paragraph(value)
    elif value is not None and not hasattr(value, "pk"):
        text = str(value)
        if text.strip():
            doc.paragraph(text)
    else:
        logger.debug("Block %s has no Word form; left out.", block_type)


def _has(value, key):
    return hasattr(value, "get") and value.get(key) is not None


def figure(doc, value):
    """A FigureBlock: the image (its original, else a PNG rendition), its alt text, and the
    caption with the credit."""
    from docx.image.exceptions import UnrecognizedImageError

    image = value.get("image")
    alt_text = value.get("alt_text") or ""
    caption = one_line(value.get("caption") or "")
    credit = one_line(value.get("credit") or "")
    if credit:
        caption = (
            _("%(caption)s (%(credit)s)") % {"caption": caption, "credit": credit}
            if caption
            else credit
        )
    data = _image_bytes(image)
    if data is not None:
        try:
            doc.figure(data, alt_text, caption, name=getattr(image, "title", ""))
            return
        except UnrecognizedImageError:
            data = _image_bytes(image, rendition=True)
            if data is not None:
                try:
                    doc.figure(data, alt_text, caption, name=getattr(image, "title", ""))
                    return
                except UnrecognizedImageError:
                    pass
    # No picture to show: the words stand in for it.
    doc.paragraph(_("[Image: %(alt)s]") % {"alt": one_line(alt_text)}, style="Caption")
    if caption:
        doc._figure_caption(caption)


def _image_bytes(image, rendition=False):
    if image is None:
        return None
    try:
        source = image.get_rendition("max-2400x2400|format-png").file if rendition else image.file
        source.open("rb")
        try:
            return source.read()
        finally:
            source.close()
    except Exception as error:  # noqa: BLE001 - a missing file or a failed rendition alike
        # The document is still made: the alt text stands in for the picture.
        logger.warning("Image %s could not be read for a document: %s", image, error)
        return None


def typed_table(doc, table, first_column_is_header=True):
    """A captioned TypedTableBlock value: text and numbers as text, rich text cells as runs."""
    if table is None:
        return
    from wagtail.rich_text import RichText

    from portal.documents.richtext import PLAIN, RichTextWriter

    writer = RichTextWriter(doc)
    header = [one_line(column.get("heading", "")) for column in table.columns]
    rows = []
    for row in table.row_data:
        cells = []
        for value in row["values"]:
            if isinstance(value, RichText) or (isinstance(value, str) and "<" in value):
                cells.append(_rich_cell(writer, value, PLAIN))
            else:
                from portal.documents.builder import _cell_text, _run

                cells.append(_run(_cell_text(value)))
        rows.append(cells)
    doc.table_rows(
        header,
        rows,
        caption=table.caption or "",
        first_column_is_header=first_column_is_header,
        cells_are_runs=True,
    )


def _rich_cell(writer, value, plain_format):
    from lxml import html as lxml_html

    from portal.documents.text import without_forbidden

    source = without_forbidden(str(getattr(value, "source", value)))
    if "linktype=" in source:
        from wagtail.rich_text import expand_db_html

        source = expand_db_html(source)
    root = lxml_html.fragment_fromstring(source or " ", create_parent="div")
    return writer.runs(writer.inline(root, plain_format, []))[0]
