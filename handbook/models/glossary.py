"""The glossary: the shared definitions every handbook page links to."""

import re
import string

from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

OTHER_LETTER = "#"
HOME_CRUMBS = [(gettext_lazy("Home"), "/")]
SHORT_DEFINITION_LENGTH = 200


def letter_anchor(letter):
    return "letter-other" if letter == OTHER_LETTER else f"letter-{letter.lower()}"


class GlossaryTermQuerySet(models.QuerySet):
    def for_linking(self):
        """What the automatic linking of first mentions needs, in one query."""
        return self.only("id", "term", "slug", "definition", "synonyms", "updated_at")

    def for_glossary(self):
        return self.prefetch_related(
            models.Prefetch("related_terms", queryset=GlossaryTerm.objects.only("term", "slug"))
        )


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=140,
        unique=True,
        help_text="Used in the term's address on the glossary page (#term-<slug>).",
    )
    definition = models.TextField(
        help_text="Plain words. The first sentence is the short definition shown when a reader "
        "points at a link to the term. A blank line starts a new paragraph."
    )
    source = models.TextField(help_text="Where the definition comes from.")
    synonyms = models.TextField(
        blank=True,
        help_text="Other names or spellings of the term, one per line. The handbook links "
        "their first mention to the term too.",
    )
    related_terms = models.ManyToManyField("self", blank=True, symmetrical=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("synonyms"),
        FieldPanel("source"),
        FieldPanel("related_terms"),
    ]

    search_fields = [
        index.SearchField("term", boost=5),
        index.AutocompleteField("term"),
        index.SearchField("synonyms", boost=3),
        index.SearchField("definition"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = [Lower("term")]

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        return f"term-{self.slug}"

    @property
    def letter(self):
        first = self.term[:1].upper()
        return first if first in string.ascii_uppercase else OTHER_LETTER

    @property
    def synonym_list(self):
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    @property
    def names(self):
        """The term and its synonyms: every wording the automatic linking looks for."""
        return [self.term, *self.synonym_list]

    @property
    def paragraphs(self):
        return [p.strip() for p in re.split(r"\n\s*\n", self.definition) if p.strip()]

    @cached_property
    def short_definition(self):
        text = " ".join(self.definition.split())
        match = re.match(r"(.+?[.!?])(\s|$)", text)
        sentence = match.group(1) if match else text
        if len(sentence) > SHORT_DEFINITION_LENGTH:
            sentence = sentence[: SHORT_DEFINITION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return sentence


class GlossaryPage(Page):
    """The glossary at /glossary/: every term, A to Z, each with its own anchor."""

    intro = models.TextField(blank=True, help_text="A sentence or two above the terms.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = []
    max_count = 1
    template = "handbook/glossary_page.html"

    class Meta:
        verbose_name = gettext_lazy("glossary page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        terms = list(GlossaryTerm.objects.for_glossary())
        groups = {}
        for term in terms:
            groups.setdefault(term.letter, []).append(term)
        letters = list(string.ascii_uppercase)
        if OTHER_LETTER in groups:
            letters.append(OTHER_LETTER)
        context["letters"] = [
            {"letter": letter, "anchor": letter_anchor(letter), "has_terms": letter in groups}
            for letter in letters
        ]
        context["groups"] = [
            {"letter": letter, "anchor": letter_anchor(letter), "terms": groups[letter]}
            for letter in letters
            if letter in groups
        ]
        context["term_count"] = len(terms)
        context["home_crumbs"] = HOME_CRUMBS
        return context

    def get_meta_description(self):
        return self.search_description or self.intro
