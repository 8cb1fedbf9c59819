"""StreamField blocks for the site's pages; each renders with a template under cms/blocks/."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.images.blocks import ImageChooserBlock

# Pages start at h1 (the title), so rich text starts at h2.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
INLINE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

site_link_validator = RegexValidator(
    r"^(/|https?://)",
    "Give a path on this site starting with / (such as /handbook/) or a full web address.",
)


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=INLINE_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        template = "cms/blocks/callout.html"
        help_text = "A short highlighted note, such as a rule or a key fact."


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(
        required=False, max_length=255, help_text="Who said or wrote it, and where."
    )

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quotation.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        help_text="What the image shows, for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "cms/blocks/figure.html"


class TableBlock(blocks.StructBlock):
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("number", blocks.DecimalBlock()),
            ("rich_text", blocks.RichTextBlock(features=INLINE_TEXT_FEATURES)),
        ],
        help_text="Give the table a caption: it tells readers what the table shows.",
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False, default=False, help_text="The first column names each row."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value["table"].caption:
            raise blocks.StructBlockValidationError(
                block_errors={"table": ValidationError("Give the table a caption.")}
            )
        return value

    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    callout = CalloutBlock()
    quotation = QuotationBlock()
    figure = FigureBlock()
    table = TableBlock()


class EntryPointBlock(blocks.StructBlock):
    audience = blocks.CharBlock(max_length=60, help_text="For example: Industry.")
    text = blocks.TextBlock(help_text="One or two sentences on what they find here.")
    link_text = blocks.CharBlock(max_length=80)
    link = blocks.CharBlock(max_length=255, validators=[site_link_validator])

    class Meta:
        icon = "link"
        template = "cms/blocks/entry_point.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=INLINE_TEXT_FEATURES)

    class Meta:
        icon = "help"
