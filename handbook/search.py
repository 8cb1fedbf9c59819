"""Site search: live public pages and glossary terms, with an excerpt around the first match.

The search itself is Wagtail's (the database backend: SQLite FTS5 on the embedded set-up,
PostgreSQL full-text search in production). The excerpt and its <mark> highlighting are ours:
the text is escaped piece by piece, so nothing a page or a visitor typed can become markup.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from .models import GlossaryTerm

MAX_QUERY_LENGTH = 100
MAX_PAGES = 20
MAX_TERMS = 10
EXCERPT_LENGTH = 240
WORD = re.compile(r"\w+", re.UNICODE)


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in words for the visitor."""


def clean_query(raw):
    """The query as it will be searched, or QueryError with a message for the visitor."""
    query = " ".join((raw or "").split())
    if not query:
        raise QueryError(_("Enter a word or phrase to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _(
                "Your search is %(length)d characters long. Use at most %(most)d: a few words "
                "find more than a long sentence."
            )
            % {"length": len(query), "most": MAX_QUERY_LENGTH}
        )
    if not WORD.search(query):
        raise QueryError(_("Enter at least one letter or number to search for."))
    return query


def query_words(query):
    """Distinct words of the query, longest first (so the longest match is marked)."""
    words = {word.lower() for word in WORD.findall(query)}
    return sorted(words, key=len, reverse=True)


def _word_pattern(words):
    alternatives = "|".join(re.escape(word) for word in words)
    # A query word matches at the start of a word ("credit" marks "credits" too).
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


def _marked(text, pattern):
    """`text` escaped, with every match of `pattern` in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def highlight(text, words):
    """The whole of `text` with each query word in <mark>, escaped correctly."""
    pattern = _word_pattern(words) if words else None
    return mark_safe(_marked(text, pattern))  # noqa: S308 (every piece of text is escaped)


def highlight_excerpt(text, words, length=EXCERPT_LENGTH):
    """An excerpt of about `length` characters around the first match, with each query word
    in <mark>, escaped correctly. Text without a match gives its opening."""
    text = " ".join(strip_tags(text or "").split())
    if not text:
        return ""
    pattern = _word_pattern(words) if words else None
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        last_space = text.rfind(" ", start, end)
        if last_space > start:
            end = last_space
    opening = "…" if start > 0 else ""
    closing = "…" if end < len(text) else ""
    excerpt = _marked(text[start:end], pattern)
    return mark_safe(f"{opening}{excerpt}{closing}")  # noqa: S308 (escaped in _marked)


def searchable_text(obj):
    """The text a result's excerpt is cut from: the model's own search fields, title apart."""
    parts = []
    description = getattr(obj, "search_description", "")
    if description:
        parts.append(description)
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(obj)
        if isinstance(value, list | tuple):
            parts.extend(str(item) for item in value)
        elif value:
            # One-per-line fields (a country's drivers, say) read as a list in an excerpt.
            lines = [line.strip() for line in str(value).splitlines() if line.strip()]
            parts.append("; ".join(lines))
    return " ".join(parts)


def _term_text(term):
    synonyms = term.synonym_list
    if not synonyms:
        return term.definition
    also = _("Also called: %(synonyms)s.") % {"synonyms": ", ".join(synonyms)}
    return f"{term.definition} {also}"


@dataclass
class SearchResult:
    kind: str  # "page" or "term"
    title: str
    url: str
    excerpt: str
    label: str


def search(query, request=None):
    """Glossary terms first (they answer "what is ..."), then pages, by relevance."""
    backend = get_search_backend()
    words = query_words(query)
    # Only the words go to the backend: quotes, stars and upper-case AND/OR/NOT are query
    # syntax to SQLite's full-text search, and a stray one would be an error, not a search.
    search_text = " ".join(word.lower() for word in WORD.findall(query))

    terms = list(
        backend.search(search_text, GlossaryTerm.objects.all(), operator="and")[:MAX_TERMS]
    )
    glossary_results = []
    if terms:
        from .templatetags.handbook_tags import glossary_url_for

        glossary_url = glossary_url_for(request)
        glossary_results = [
            SearchResult(
                kind="term",
                title=highlight(term.term, words),
                url=f"{glossary_url}#{term.anchor}",
                excerpt=highlight_excerpt(_term_text(term), words),
                label=_("Glossary term"),
            )
            for term in terms
        ]

    found = list(
        backend.search(search_text, Page.objects.live().public(), operator="and")[: MAX_PAGES + 1]
    )
    has_more_pages = len(found) > MAX_PAGES
    ids = [page.pk for page in found[:MAX_PAGES]]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    page_results = []
    for page_id in ids:
        page = specific.get(page_id)
        url = page.get_url(request) if page is not None else None
        if url is None:
            continue
        page_results.append(
            SearchResult(
                kind="page",
                title=highlight(page.title, words),
                url=url,
                excerpt=highlight_excerpt(searchable_text(page), words),
                label=capfirst(page.specific_class._meta.verbose_name),
            )
        )
    return glossary_results, page_results, has_more_pages
