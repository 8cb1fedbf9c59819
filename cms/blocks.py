"""StreamField blocks for the site's pages. The figure, quotation and table blocks are the
ones the handbook uses too (portal.blocks); the others render with templates under cms/blocks/."""

from django.core.validators import RegexValidator
from wagtail import blocks

from portal.blocks import (
    INLINE_TEXT_FEATURES,
    RICH_TEXT_FEATURES,
    FigureBlock,
    QuotationBlock,
    TableBlock,
)

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
