"""The handbook: an index page, its chapters, and their sections."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..blocks import BodyBlock
from ..outline import build_outline


class HandbookPage(Page):
    """What the index, chapters and sections share: an intro, a body, a source line, and their
    place in the outline (number, contents, breadcrumbs, previous and next)."""

    intro = models.TextField(
        help_text="One or two plain sentences: what the reader will find here. Also the "
        "page's description for search engines unless one is given under Promote."
    )
    body = StreamField(BodyBlock(), blank=True)
    source = models.TextField(
        blank=True,
        help_text="Where the text comes from (document, session, date). Shown as the page's "
        "Source line.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("source"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.SearchField("source"),
    ]

    # How many levels below the handbook index this kind of page sits.
    levels_below_index = 0

    class Meta:
        abstract = True

    @property
    def index_path(self):
        steps = self.levels_below_index * self.steplen
        return self.path[: len(self.path) - steps] if steps else self.path

    def get_meta_description(self):
        return self.search_description or self.intro

    def outline(self):
        """The handbook's outline, read once per page object (the view-restriction check and
        the rendering share it)."""
        if getattr(self, "_handbook_outline", None) is None:
            self._handbook_outline = build_outline(self.index_path)
        return self._handbook_outline

    def get_view_restrictions(self):
        # The outline query has already flagged which of this page's ancestors carry a
        # restriction, so most pages need no query here at all.
        restricted_ids = self.outline().restricted_page_ids(self)
        if restricted_ids is None:
            return super().get_view_restrictions()
        if not restricted_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=restricted_ids)

    def get_context(self, request, *args, **kwargs):
        from ..glossary_links import render_linked_body

        context = super().get_context(request, *args, **kwargs)
        outline = self.outline().add_urls(request)
        if outline.glossary_url and request is not None:
            request._handbook_glossary_url = outline.glossary_url
        entry = outline.entry_for(self)
        previous, following = outline.neighbours(self)
        context.update(
            outline=outline,
            entry=entry,
            previous_entry=previous,
            next_entry=following,
            breadcrumbs=outline.breadcrumbs(self),
            toc=self.contents(outline, entry),
            body_html=render_linked_body(self, request, {"request": request, "page": self}),
        )
        return context

    def contents(self, outline, entry):
        raise NotImplementedError


class HandbookIndexPage(HandbookPage):
    """The handbook's front page at /handbook/: contents of every chapter and section."""

    subpage_types = ["handbook.ChapterPage"]
    max_count = 1
    template = "handbook/handbook_index_page.html"

    class Meta:
        verbose_name = gettext_lazy("handbook index")

    def contents(self, outline, entry):
        return outline.chapters

    def route(self, request, path_components):
        """Find a chapter or section in one query (by its address under the handbook),
        instead of Wagtail's two queries per level."""
        if not path_components or len(path_components) > 2:
            return super().route(request, path_components)
        model = ChapterPage if len(path_components) == 1 else SectionPage
        page = model.objects.filter(
            path__startswith=self.path,
            depth=self.depth + len(path_components),
            url_path=self.url_path + "/".join(path_components) + "/",
        ).first()
        if page is None:
            raise Http404
        return page.route(request, [])


class ChapterPage(HandbookPage):
    parent_page_types = ["handbook.HandbookIndexPage"]
    subpage_types = ["handbook.SectionPage"]
    template = "handbook/chapter_page.html"
    levels_below_index = 1

    class Meta:
        verbose_name = gettext_lazy("handbook chapter")

    def contents(self, outline, entry):
        return entry.children if entry else []


class SectionPage(HandbookPage):
    parent_page_types = ["handbook.ChapterPage"]
    subpage_types = []
    template = "handbook/section_page.html"
    levels_below_index = 2

    class Meta:
        verbose_name = gettext_lazy("handbook section")

    def contents(self, outline, entry):
        return entry.parent.children if entry and entry.parent else []
