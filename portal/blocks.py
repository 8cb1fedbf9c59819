"""StreamField blocks that the site pages (cms) and the handbook both write in.

Generic Wagtail blocks only: nothing here knows an app. Each renders plain, accessible HTML
with no inline style or script (the Content Security Policy forbids both), with a template
under portal/blocks/. The block and child names are the stored data's: renaming one needs a
data migration in every app that uses it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import (
    TypedTableBlock,
    TypedTableBlockValidationError,
)
from wagtail.images.blocks import ImageChooserBlock

# Pages start at h1 (the title), so rich text starts at h2.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
INLINE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text=_("The words as said or written; a line break is kept."))
    attribution = blocks.CharBlock(
        max_length=255, help_text=_("Who said or wrote it, and where (required).")
    )

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quotation.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(required=False, max_length=255)
    credit = blocks.CharBlock(required=False, max_length=255, help_text=_("Who made the image."))

    class Meta:
        icon = "image"
        template = "portal/blocks/figure.html"


class CaptionedTypedTableBlock(TypedTableBlock):
    """Wagtail's typed table, with a caption that must be given (screen reader users hear it
    before the table)."""

    def clean(self, table):
        table = super().clean(table)
        if not (table.caption or "").strip():
            raise TypedTableBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Give the table a caption: it says what the table shows."))
                ]
            )
        return table


class TableBlock(blocks.StructBlock):
    table = CaptionedTypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("number", blocks.DecimalBlock()),
            ("rich_text", blocks.RichTextBlock(features=INLINE_TEXT_FEATURES)),
        ]
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text=_("The first column names each row (read out with every cell of that row)."),
    )

    class Meta:
        icon = "table"
        template = "portal/blocks/table.html"
