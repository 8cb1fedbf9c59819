"""The blocks a handbook chapter or section is written in.

Each block renders plain, accessible HTML with no inline style or script (the site's Content
Security Policy forbids both). Blocks that point at other records (glossary terms, images,
frameworks) fetch them in bulk, one query per kind for the whole body. The figure, quotation
and table blocks are the ones the site pages use too (portal.blocks).
"""

from django import forms
from django.apps import apps
from django.urls import reverse
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import RICH_TEXT_FEATURES, FigureBlock, QuotationBlock, TableBlock


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("important", "Important"), ("example", "Example")],
        default="note",
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "info-circle"
        template = "handbook/blocks/callout.html"


class GlossaryTermBlock(blocks.StructBlock):
    """Shows a term with its short definition and a link to its entry in the glossary."""

    term = SnippetChooserBlock("handbook.GlossaryTerm")

    class Meta:
        icon = "help"
        template = "handbook/blocks/glossary_term.html"
        label = "Glossary term"


def framework_choices():
    # Read when the editing form is built, so new frameworks appear without a migration.
    QualificationFramework = apps.get_model("frameworks", "QualificationFramework")
    return [("", "Choose a framework")] + [
        (f.code, f"{f.name} ({f.code})") for f in QualificationFramework.objects.all()
    ]


class FrameworkChoiceBlock(blocks.FieldBlock):
    """A qualification framework from portal.frameworks, stored by its code (stable across
    databases, unlike an id) and fetched in one query for all of a body's references."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = forms.ChoiceField(
            choices=framework_choices, required=required, help_text=help_text
        )
        super().__init__(**kwargs)

    def bulk_to_python(self, values):
        QualificationFramework = apps.get_model("frameworks", "QualificationFramework")
        codes = [value for value in values if value]
        found = QualificationFramework.objects.filter(code__in=codes).prefetch_related("rules")
        by_code = {framework.code: framework for framework in found}
        return [FrameworkReference(code, by_code.get(code)) for code in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def normalize(self, value):
        return value if isinstance(value, FrameworkReference) else self.to_python(value)

    def get_prep_value(self, value):
        return value.code if isinstance(value, FrameworkReference) else value

    def value_for_form(self, value):
        return self.get_prep_value(value)

    def value_from_form(self, value):
        return self.to_python(value)

    def get_searchable_content(self, value):
        return []

    class Meta:
        icon = "list-ol"


class FrameworkReference:
    """A framework code and the framework it names (None if it is not in the reference data)."""

    def __init__(self, code, framework):
        self.code = code
        self.framework = framework

    def __str__(self):
        return self.code or ""

    @property
    def url(self):
        return reverse("frameworks:detail", args=[self.code])

    @property
    def rules(self):
        if self.framework is None:
            return []
        return [rule for rule in self.framework.rules.all() if rule.is_active]


class FrameworkBlock(blocks.StructBlock):
    framework = FrameworkChoiceBlock()
    note = blocks.CharBlock(
        required=False, max_length=250, help_text="Why the reader should look at it (optional)."
    )

    class Meta:
        icon = "list-ol"
        template = "handbook/blocks/framework.html"
        label = "Qualification framework"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Rich text")
    callout = CalloutBlock()
    table = TableBlock()
    figure = FigureBlock()
    quotation = QuotationBlock()
    glossary_term = GlossaryTermBlock()
    framework = FrameworkBlock()
