"""The handbook's outline: chapter and section numbers, contents, breadcrumbs and reading order.

Numbers come from each live page's place among its live siblings (chapter 3, section 3.2) and
are never stored: moving a page in the admin renumbers everything. The whole outline is read
in one query: the handbook's live pages, the index's ancestors (for breadcrumbs and for view
restrictions, flagged in the same query) and the live glossary page (for term links).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction, Site


@dataclass
class OutlineEntry:
    page: Page
    kind: str  # "index", "chapter" or "section"
    number: str = ""
    url: str = ""
    children: list = field(default_factory=list)
    parent: "OutlineEntry | None" = None

    @property
    def id(self):
        return self.page.pk

    @property
    def title(self):
        return self.page.title

    @property
    def label(self):
        """The title with its number, as contents, breadcrumbs and pagers show it."""
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def kind_label(self):
        if self.kind == "chapter":
            return _("Chapter %(number)s") % {"number": self.number}
        if self.kind == "section":
            return _("Section %(number)s") % {"number": self.number}
        return ""


@dataclass
class Outline:
    index: OutlineEntry | None = None
    chapters: list = field(default_factory=list)
    reading_order: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)  # pages above the index, root first
    by_id: dict = field(default_factory=dict)
    by_path: dict = field(default_factory=dict)  # every page read, for view restrictions
    glossary_page: Page | None = None
    glossary_url: str = ""
    breadcrumb_roots: list = field(default_factory=list)  # (label, url) above the index

    def entry_for(self, page):
        return self.by_id.get(page.pk)

    def neighbours(self, page):
        """The pages before and after `page` in reading order (None at either end)."""
        entry = self.entry_for(page)
        if entry is None:
            return None, None
        position = self.reading_order.index(entry)
        previous = self.reading_order[position - 1] if position > 0 else None
        following = (
            self.reading_order[position + 1] if position + 1 < len(self.reading_order) else None
        )
        return previous, following

    def breadcrumbs(self, page):
        """(label, url) pairs from the site's home page down to the page's parent."""
        entry = self.entry_for(page)
        chain = []
        parent = entry.parent if entry else None
        while parent is not None:
            chain.append((parent.label, parent.url))
            parent = parent.parent
        return self.breadcrumb_roots + list(reversed(chain))

    def restricted_page_ids(self, page):
        """Ids of the pages whose view restrictions apply to `page` (itself and its
        ancestors, aliases resolved to their source), or None if the outline did not read
        all of them (an unpublished chapter above a section, say)."""
        steplen = Page.steplen
        ids = []
        for end in range(steplen, len(page.path) + 1, steplen):
            row = self.by_path.get(page.path[:end])
            if row is None:
                return None
            if row.is_restricted:
                ids.append(row.alias_of_id or row.pk)
        return ids

    def add_urls(self, request):
        """Fill in every entry's address, relative to the request's site, without queries:
        Wagtail has already found the site, with its root page, to serve the request."""
        site = Site.find_for_request(request) if request is not None else None
        root_path = site.root_page.url_path if site is not None else None

        def url_of(page):
            if root_path and page.url_path.startswith(root_path):
                return "/" + page.url_path[len(root_path) :]
            return page.get_url(request)

        for entry in self.reading_order:
            entry.url = url_of(entry.page)
        self.breadcrumb_roots = []
        for page in self.ancestors:
            if page.depth < 2 or (root_path and not page.url_path.startswith(root_path)):
                continue
            url = url_of(page)
            if url is not None:
                label = _("Home") if url == "/" else page.title
                self.breadcrumb_roots.append((label, url))
        if self.glossary_page is not None:
            self.glossary_url = url_of(self.glossary_page) or ""
        return self


def build_outline(index_path):
    """The outline of the handbook whose index page has the tree path `index_path`.
    Call `add_urls(request)` on it before showing any address."""
    from .models import GlossaryPage

    steplen = Page.steplen
    index_depth = len(index_path) // steplen
    ancestor_paths = [index_path[:end] for end in range(steplen, len(index_path), steplen)]
    glossary_type = ContentType.objects.get_for_model(GlossaryPage)
    restricted = PageViewRestriction.objects.filter(
        page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk"))
    )
    pages = (
        Page.objects.filter(
            Q(path__startswith=index_path, depth__lte=index_depth + 2, live=True)
            | Q(path__in=ancestor_paths)
            | Q(content_type=glossary_type, live=True)
        )
        .annotate(is_restricted=Exists(restricted))
        .order_by("path")
    )

    outline = Outline()
    for page in pages:
        if page.content_type_id == glossary_type.pk:
            outline.glossary_page = outline.glossary_page or page
            if not page.path.startswith(index_path) and page.path not in ancestor_paths:
                continue
        outline.by_path[page.path] = page
        if page.depth < index_depth:
            outline.ancestors.append(page)
        elif page.depth == index_depth:
            outline.index = OutlineEntry(page=page, kind="index")
            outline.reading_order.append(outline.index)
            outline.by_id[page.pk] = outline.index
        elif outline.index is None:
            continue
        elif page.depth == index_depth + 1:
            chapter = OutlineEntry(
                page=page,
                kind="chapter",
                number=str(len(outline.chapters) + 1),
                parent=outline.index,
            )
            outline.chapters.append(chapter)
            outline.index.children.append(chapter)
            outline.reading_order.append(chapter)
            outline.by_id[page.pk] = chapter
        else:
            chapter = outline.chapters[-1] if outline.chapters else None
            # A live section under an unpublished chapter has no place in the outline.
            if chapter is None or not page.path.startswith(chapter.page.path):
                continue
            section = OutlineEntry(
                page=page,
                kind="section",
                number=f"{chapter.number}.{len(chapter.children) + 1}",
                parent=chapter,
            )
            chapter.children.append(section)
            outline.reading_order.append(section)
            outline.by_id[page.pk] = section
    return outline
