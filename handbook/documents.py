"""The handbook as Word documents: the whole handbook, and any single chapter.

Both are public: anyone may download them, signed in or not. They show what the site shows:
live pages only, numbered as on the site (chapter 3, section 3.2), each page's intro, body and
source, the glossary as an appendix and the sources at the end. A page behind a view
restriction is left out. A document is made once per published state of what it shows (its
revision changes when any page in it is published, moved or unpublished, or the glossary
changes), so a click on the download link after the first serves the file already made.
"""

import hashlib
import html
import re

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from portal.documents.registry import DocumentKind, register

from .glossary_links import TermMatcher
from .models import ChapterPage, GlossaryTerm, HandbookIndexPage
from .outline import build_outline

TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(markup, separator="\n"):
    """Text of a bit of HTML, one line per paragraph or list item (joined by `separator`)."""
    text = BLOCK_END.sub("\n", str(markup or ""))
    text = html.unescape(TAG.sub("", text))
    return separator.join(line.strip() for line in text.splitlines() if line.strip())


# The app's own blocks. portal/blocks.py's shared blocks (figure, quotation, table) and rich
# text are the engine's defaults.

CALLOUT_TITLES = {
    "note": gettext_lazy("Note"),
    "important": gettext_lazy("Important"),
    "example": gettext_lazy("Example"),
}


def _callout(doc, value):
    title = value.get("heading") or str(CALLOUT_TITLES.get(value.get("kind"), _("Note")))
    # A callout is a boxed note of short paragraphs: each paragraph and list item its own.
    doc.callout(plain_text(value.get("text"), separator="\n\n"), title=title)


def _glossary_term(doc, value):
    term = value.get("term")
    if term is None:
        return
    doc.rich_text(
        f"<p><b>{html.escape(term.term)}</b>: {html.escape(term.short_definition)} "
        f"<i>{html.escape(_('(see the glossary)'))}</i></p>"
    )


def _framework(doc, value):
    reference = value.get("framework")
    if reference is None or not reference.code:
        return
    framework = reference.framework
    if framework is None:
        doc.paragraph(_("Qualification framework %(code)s") % {"code": reference.code})
        return
    lines = [
        f"<p><b>{html.escape(framework.name)}</b> ({html.escape(framework.code)})</p>",
        f"<p>{html.escape(framework.credit_rule)}</p>",
    ]
    if reference.rules:
        items = "".join(f"<li>{html.escape(rule.text)}</li>" for rule in reference.rules)
        lines.append(f"<ul>{items}</ul>")
    if value.get("note"):
        lines.append(f"<p>{html.escape(value['note'])}</p>")
    doc.rich_text("".join(lines))


HANDLERS = {
    "callout": _callout,
    "glossary_term": _glossary_term,
    "framework": _framework,
}


# What a document shows ---------------------------------------------------------------------


def _public_entries(outline, entries):
    """The entries none of whose pages (or their ancestors) carries a view restriction."""
    return [entry for entry in entries if outline.restricted_page_ids(entry.page) == []]


def _specific(entries):
    pages = Page.objects.filter(pk__in=[entry.page.pk for entry in entries]).specific()
    return {page.pk: page for page in pages}


def _page(doc, page, sources):
    if page.intro:
        doc.paragraph(page.intro)
    if page.body:
        doc.stream(page.body, handlers=HANDLERS)
    if page.source:
        doc.paragraph(_("Source: %(source)s") % {"source": page.source})
        sources.append(page.source)


def _chapter(doc, outline, chapter, pages, sources):
    doc.heading(f"{chapter.number} {chapter.title}", level=1, numbered=False)
    _page(doc, pages[chapter.page.pk], sources)
    for section in _public_entries(outline, chapter.children):
        doc.heading(f"{section.number} {section.title}", level=2, numbered=False)
        _page(doc, pages[section.page.pk], sources)


def _terms_mentioned(pages):
    """The glossary terms a set of pages mentions or shows in a glossary term block."""
    terms = list(GlossaryTerm.objects.all())
    matcher = TermMatcher(terms)
    found = set()
    for page in pages:
        for block in page.body or []:
            if block.block_type == "glossary_term" and block.value.get("term") is not None:
                found.add(block.value["term"].pk)
        if matcher.pattern is None:
            continue
        body = page.body.stream_block.get_searchable_content(page.body) if page.body else []
        text = " ".join([page.title, page.intro, *(plain_text(part) for part in body)])
        for match in matcher.pattern.finditer(text):
            term = matcher.term_for(match)
            if term is not None:
                found.add(term.pk)
    return [term for term in terms if term.pk in found]


def _glossary(doc, terms, sources):
    doc.heading(_("Glossary"), level=1, numbered=False)
    if not terms:
        doc.paragraph(_("The glossary has no terms yet."))
        return
    for term in terms:
        paragraphs = term.paragraphs or [term.definition]
        first, rest = paragraphs[0], paragraphs[1:]
        doc.rich_text(f"<p><b>{html.escape(term.term)}</b>: {html.escape(first)}</p>")
        for paragraph in rest:
            doc.paragraph(paragraph)
        if term.synonym_list:
            doc.paragraph(_("Also called: %(names)s") % {"names": ", ".join(term.synonym_list)})
        sources.append(term.source)


def _sources(doc, sources):
    doc.heading(_("Sources"), level=1, numbered=False)
    doc.numbered_list([source for source in dict.fromkeys(sources) if source.strip()])


def _published_date(pages):
    dates = [page.last_published_at for page in pages if page.last_published_at]
    return timezone.localtime(max(dates)).date() if dates else timezone.localdate()


def _front_matter(doc, *, title, subtitle, organisation, pages, index):
    published = _published_date(pages)
    doc.set_properties(
        title=title,
        subject=index.title,
        author=organisation,
        keywords=(_("micro-credentials"), _("handbook")),
    )
    doc.cover(
        title=title,
        subtitle=subtitle,
        organisation=organisation,
        date=published,
        version=_("As published on %(date)s") % {"date": date_format(published, "j F Y")},
    )
    doc.running_header_footer(title=title)
    doc.table_of_contents()


ORGANISATION = gettext_lazy("PoMiSA: the Potential of Micro-Credentials in Southern Africa")


def render_handbook(index, doc, progress):
    if not _public_index(None, index):
        raise ValueError(_("This handbook is not published for everyone to read."))
    outline = build_outline(index.path)
    chapters = _public_entries(outline, outline.chapters)
    entries = [outline.index] + [
        entry
        for chapter in chapters
        for entry in [chapter, *_public_entries(outline, chapter.children)]
    ]
    pages = _specific(entries)
    index = pages[index.pk]
    _front_matter(
        doc,
        title=index.title,
        subtitle=index.intro,
        organisation=str(ORGANISATION),
        pages=pages.values(),
        index=index,
    )
    sources = []
    if index.body:
        doc.heading(_("About this handbook"), level=1, numbered=False)
        doc.stream(index.body, handlers=HANDLERS)
    if index.source:
        sources.append(index.source)
    progress(10)
    for position, chapter in enumerate(chapters, start=1):
        _chapter(doc, outline, chapter, pages, sources)
        progress(10 + 75 * position // max(len(chapters), 1))
    _glossary(doc, list(GlossaryTerm.objects.all()), sources)
    progress(95)
    _sources(doc, sources)


def render_chapter(chapter, doc, progress):
    if not _public_chapter(None, chapter):
        raise ValueError(_("This chapter is not published for everyone to read."))
    outline = build_outline(chapter.index_path)
    entry = outline.entry_for(chapter)
    if entry is None or outline.index is None:
        raise ValueError(_("This chapter is not published."))
    sections = _public_entries(outline, entry.children)
    pages = _specific([outline.index, entry, *sections])
    index = pages[outline.index.page.pk]
    _front_matter(
        doc,
        title=_("%(number)s %(title)s") % {"number": entry.number, "title": entry.title},
        subtitle=_("A chapter of “%(handbook)s”") % {"handbook": index.title},
        organisation=str(ORGANISATION),
        pages=[pages[entry.page.pk], *(pages[section.page.pk] for section in sections)],
        index=index,
    )
    progress(10)
    sources = []
    _chapter(doc, outline, entry, pages, sources)
    progress(70)
    shown = [pages[entry.page.pk], *(pages[section.page.pk] for section in sections)]
    _glossary(doc, _terms_mentioned(shown), sources)
    progress(90)
    _sources(doc, sources)


# Revisions and access -----------------------------------------------------------------------


def _glossary_state():
    state = GlossaryTerm.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = state["latest"].timestamp() if state["latest"] else 0
    return f"{state['count']}:{latest}"


def _revision_of_tree(path, depth, extra=""):
    """Names the published state of the pages under `path` (to `depth`): a new publication,
    a move or an unpublished page changes it, and so does any change to the glossary."""
    rows = list(
        Page.objects.filter(path__startswith=path, depth__lte=depth, live=True)
        .order_by("path")
        .values_list("pk", "path", "last_published_at")
    )
    latest = max((row[2] for row in rows if row[2]), default=None)
    digest = hashlib.sha256(
        repr([(pk, path, when.isoformat() if when else "") for pk, path, when in rows]).encode()
        + f"|{_glossary_state()}|{extra}".encode()
    ).hexdigest()[:12]
    stamp = latest.strftime("%Y%m%d%H%M%S") if latest else "0"
    return f"{stamp}-{len(rows)}-{digest}"


def handbook_revision(index):
    return _revision_of_tree(index.path, index.depth + 2)


def chapter_revision(chapter):
    # The chapter's number is its place among the live chapters: moving one renumbers it.
    number = (
        ChapterPage.objects.live()
        .filter(path__startswith=chapter.path[: -chapter.steplen], depth=chapter.depth)
        .filter(path__lt=chapter.path)
        .count()
        + 1
    )
    return _revision_of_tree(chapter.path, chapter.depth + 1, extra=str(number))


def _public_index(user, index):
    return HandbookIndexPage.objects.live().public().filter(pk=index.pk).exists()


def _public_chapter(user, chapter):
    return ChapterPage.objects.live().public().filter(pk=chapter.pk).exists()


HANDBOOK = register(
    DocumentKind(
        slug="handbook",
        label=gettext_lazy("Handbook"),
        subject_model="handbook.HandbookIndexPage",
        render=render_handbook,
        revision_of=handbook_revision,
        title_of=lambda index: index.title,
        may_request=_public_index,
        may_read=_public_index,
        readable=lambda user: HandbookIndexPage.objects.live().public(),
        public=True,
        min_pages=20,
    )
)

HANDBOOK_CHAPTER = register(
    DocumentKind(
        slug="handbook_chapter",
        label=gettext_lazy("Handbook chapter"),
        subject_model="handbook.ChapterPage",
        render=render_chapter,
        revision_of=chapter_revision,
        title_of=lambda chapter: chapter.title,
        may_request=_public_chapter,
        may_read=_public_chapter,
        readable=lambda user: ChapterPage.objects.live().public(),
        public=True,
        min_pages=3,
    )
)
