"""Link the first mention of each glossary term in a handbook page to its definition.

Done at render time over the page body's HTML, so editors write plain prose and the links
follow the glossary as it changes. The transform walks the HTML with the standard library's
parser, copies every tag through untouched, and only rewrites text that is outside links,
headings, quotations, captions, table headers and code. The result is cached per page revision
and per state of the glossary.
"""

import html
import re
from html.parser import HTMLParser

from django.utils.safestring import mark_safe

from portal.pagecache import pages_cache

# Text inside these is never linked: a link in a link is invalid, a link in a heading or a
# caption changes how it reads out, and quoted words stay as their author wrote them.
NO_LINK_TAGS = frozenset(
    {
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "button",
        "label",
        "code",
        "pre",
        "dfn",
        "abbr",
        "caption",
        "th",
        "blockquote",
        "figcaption",
        "summary",
        "script",
        "style",
        "textarea",
        "select",
        "option",
    }
)
VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# Any element carrying this attribute is left as it is, e.g. a framework's card.
NO_LINK_ATTRIBUTE = "data-no-term-links"
EXISTING_TERM_LINK = re.compile(r"""href=["'][^"']*#term-([\w-]+)["']""")
CACHE_SECONDS = 6 * 60 * 60


class TermMatcher:
    """Finds mentions of any term or synonym, longest wording first, whole words only (a
    plural in "s", "es" or "ies" counts as the word)."""

    def __init__(self, terms):
        self.by_name = {}
        for term in terms:
            for name in term.names:
                name = " ".join(name.lower().split())
                self.by_name.setdefault(name, term)
                if len(name) > 2 and name[-1] == "y" and name[-2] not in "aeiou":
                    # "awarding body" is mentioned as "awarding bodies" too.
                    self.by_name.setdefault(name[:-1] + "ies", term)
        names = sorted(self.by_name, key=len, reverse=True)
        if names:
            alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
            self.pattern = re.compile(
                rf"(?<![\w-])(?P<name>{alternatives})(?:e?s)?(?![\w-])", re.IGNORECASE
            )
        else:
            self.pattern = None

    def term_for(self, match):
        return self.by_name.get(" ".join(match.group("name").lower().split()))


class _FirstMentionLinker(HTMLParser):
    def __init__(self, matcher, glossary_url, already_linked):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.glossary_url = glossary_url
        self.linked = set(already_linked)
        self.out = []
        self.open_tags = []
        self.no_link_depth = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in VOID_TAGS:
            return
        no_link = tag in NO_LINK_TAGS or any(name == NO_LINK_ATTRIBUTE for name, _ in attrs)
        self.open_tags.append((tag, no_link))
        self.no_link_depth += int(no_link)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in VOID_TAGS or not any(open_tag == tag for open_tag, _ in self.open_tags):
            return
        # Close up to the matching tag, as a browser would with unclosed elements inside.
        while self.open_tags:
            closed, no_link = self.open_tags.pop()
            self.no_link_depth -= int(no_link)
            if closed == tag:
                break

    def handle_data(self, data):
        if self.no_link_depth or self.matcher.pattern is None:
            self.out.append(html.escape(data, quote=False))
            return
        position = 0
        for match in self.matcher.pattern.finditer(data):
            term = self.matcher.term_for(match)
            if term is None or term.slug in self.linked:
                continue
            self.linked.add(term.slug)
            self.out.append(html.escape(data[position : match.start()], quote=False))
            href = html.escape(f"{self.glossary_url}#{term.anchor}")
            title = html.escape(term.short_definition)
            text = html.escape(match.group(0), quote=False)
            self.out.append(f'<a class="term-link" href="{href}" title="{title}">{text}</a>')
            position = match.end()
        self.out.append(html.escape(data[position:], quote=False))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def link_first_mentions(body_html, terms, glossary_url):
    """Return `body_html` with the first mention of each term linked to its glossary entry.

    Terms the HTML already links to (a glossary term block, or a link an editor made) are
    left alone, so a page never links the same term twice.
    """
    matcher = terms if isinstance(terms, TermMatcher) else TermMatcher(terms)
    already_linked = set(EXISTING_TERM_LINK.findall(body_html))
    linker = _FirstMentionLinker(matcher, glossary_url, already_linked)
    linker.feed(body_html)
    linker.close()
    return "".join(linker.out)


def glossary_state(terms):
    """A short key that changes whenever a term is added, edited or removed."""
    latest = max((term.updated_at for term in terms), default=None)
    return f"{len(terms)}-{latest.timestamp() if latest else 0}"


def render_linked_body(page, request, context):
    """The page body as HTML with glossary links, cached per live revision and glossary state.

    Previews are never cached: their content is not a revision anyone can see yet.
    """
    from .models import GlossaryTerm
    from .templatetags.handbook_tags import glossary_url_for

    if not page.body:
        return ""
    terms = list(GlossaryTerm.objects.for_linking())
    is_preview = getattr(request, "is_preview", False)
    key = f"handbook:body:{page.pk}:{page.live_revision_id}:{glossary_state(terms)}"
    if not is_preview:
        cached = pages_cache.get(key)
        if cached is not None:
            return mark_safe(cached)  # noqa: S308 (our own rendering, stored by us)
    glossary_url = glossary_url_for(request)
    rendered = page.body.render_as_block(context={**context, "glossary_url": glossary_url})
    linked = link_first_mentions(str(rendered), terms, glossary_url)
    if not is_preview:
        pages_cache.set(key, linked, CACHE_SECONDS)
    return mark_safe(linked)  # noqa: S308 (escaped above, tags copied from our own rendering)
