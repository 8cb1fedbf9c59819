"""The glossary page, and links from handbook text to its terms."""

import re

import pytest

from handbook.actions import (
    add_glossary_term,
    add_published_page,
    create_demo_editors,
    set_up_editorial_roles,
)
from handbook.glossary_links import link_first_mentions
from handbook.models import GlossaryTerm, SectionPage
from tests.accounts.helpers import enable_totp
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


def test_glossary_page_has_an_a_to_z_index_and_an_anchor_per_term(client, glossary):
    html = client.get("/glossary/").content.decode()
    index = html[html.index('aria-label="Glossary from A to Z"') :].split("</nav>")[0]
    assert re.findall(r'<a href="#letter-(\w+)">', index) == ["c", "e", "s"]
    # Letters without terms are shown but are not links.
    empty_a = '<span class="az-empty">A<span class="visually-hidden"> (no terms)</span></span>'
    assert empty_a in index
    assert 'href="#letter-a"' not in index
    assert '<h2 id="letter-s">S</h2>' in html
    for slug in ("credit", "stackability", "ects"):
        assert f'<dt id="term-{slug}">' in html
    # Terms are sorted whatever their case, and each names its source and related terms.
    assert html.index('id="term-credit"') < html.index('id="term-ects"')
    assert "<strong>Source:</strong> Test source B." in html
    assert "Also called: stacking." in html
    assert 'See also: <a href="#term-credit">credit</a>.' in html
    assert "3 terms." in html


def test_a_section_links_the_first_mention_of_each_term(client, small_handbook, glossary):
    add_published_page(
        parent=small_handbook.chapters[0],
        page=SectionPage(
            title="Linking",
            slug="linking",
            intro="Terms in running text.",
            body=[
                {"type": "paragraph", "value": "<h2>Credit and stackability</h2>"},
                {
                    "type": "paragraph",
                    "value": '<p>A <a href="https://example.org/">credit link</a> is left as it '
                    "is. Credits count; a credit is small. Stacking builds up. "
                    "Stackability again. Fish &amp; chips.</p>",
                },
            ],
        ),
    )
    html = client.get("/handbook/alpha/linking/").content.decode()
    body = html[html.index('class="handbook-body"') : html.index('class="pager"')]
    # Not in the heading, not inside an existing link; plural "Credits" counts as a mention.
    assert "<h2>Credit and stackability</h2>" in body
    assert '<a href="https://example.org/">credit link</a>' in body
    assert re.findall(r'<a class="term-link" href="([^"]+)" title="([^"]+)">([^<]+)</a>', body) == [
        ("/glossary/#term-credit", "A measure of the volume of learning.", "Credits"),
        (
            "/glossary/#term-stackability",
            "Combining micro-credentials towards a larger qualification.",
            "Stacking",
        ),
    ]
    # Only the first mention is linked, and the text around it is kept exactly.
    assert "a credit is small" in body
    assert "Stackability again. Fish &amp; chips." in body


def test_the_glossary_term_block_links_with_a_definition(client, small_handbook, glossary):
    add_published_page(
        parent=small_handbook.chapters[0],
        page=SectionPage(
            title="Block",
            slug="block",
            intro="A term block.",
            body=[
                {"type": "glossary_term", "value": {"term": glossary.stackability.pk}},
                {"type": "paragraph", "value": "<p>Stackability is mentioned after.</p>"},
            ],
        ),
    )
    html = client.get("/handbook/alpha/block/").content.decode()
    assert (
        '<a href="/glossary/#term-stackability" title="Combining micro-credentials towards a '
        'larger qualification."><dfn>stackability</dfn></a>' in html
    )
    # The term is already linked on the page, so the later mention is left plain.
    assert "<p>Stackability is mentioned after.</p>" in html


def test_links_follow_a_changed_glossary_and_a_new_revision(client, small_handbook, glossary):
    chapter = small_handbook.chapters[0]
    chapter.body = [{"type": "paragraph", "value": "<p>Nano-credentials are small.</p>"}]
    chapter.save_revision().publish()
    assert "term-link" not in client.get("/handbook/alpha/").content.decode()

    add_glossary_term(
        term="nano-credential",
        slug="nano-credential",
        definition="A very small credit-bearing award.",
        source="Test.",
    )
    clear_caches()  # the whole-page cache; the body cache must notice the new term itself
    html = client.get("/handbook/alpha/").content.decode()
    assert '<a class="term-link" href="/glossary/#term-nano-credential"' in html

    chapter.body = [{"type": "paragraph", "value": "<p>Now about ECTS.</p>"}]
    chapter.save_revision().publish()
    html = client.get("/handbook/alpha/").content.decode()
    assert "term-nano-credential" not in html
    assert 'href="/glossary/#term-ects"' in html


class Term:
    def __init__(self, term, slug, synonyms=(), short="Short."):
        self.term, self.slug, self.short_definition = term, slug, short
        self.names = [term, *synonyms]
        self.anchor = f"term-{slug}"


def test_the_transform_never_links_inside_links_headings_or_marked_elements():
    terms = [
        Term("register of learner achievements", "register"),
        Term("learner", "learner"),
        Term("QA", "qa", short='Say "quality" <b>'),
    ]
    html = (
        "<h3>learner</h3><p data-x='1'>A <a href='/x'>learner</a>"
        "<br>in the register of learner achievements, then a learner.</p>"
        "<div data-no-term-links><p>QA here</p></div><table><tr><th>QA</th><td>QA &lt;ok&gt;</td>"
        "</tr></table><!-- learner -->"
    )
    out = link_first_mentions(html, terms, "/glossary/")
    assert out.startswith("<h3>learner</h3><p data-x='1'>A <a href='/x'>learner</a><br>in the ")
    # The longest wording wins, and each term is linked once.
    assert '<a class="term-link" href="/glossary/#term-register" title="Short.">register of ' in out
    assert 'title="Short.">learner</a>.</p>' in out
    assert "<div data-no-term-links><p>QA here</p></div>" in out
    assert "<th>QA</th>" in out
    assert (
        '<td><a class="term-link" href="/glossary/#term-qa" '
        'title="Say &quot;quality&quot; &lt;b&gt;">QA</a> &lt;ok&gt;</td>' in out
    )
    assert out.endswith("<!-- learner -->")


def test_terms_are_snippets_an_editor_manages_in_the_admin(client, small_handbook, glossary):
    set_up_editorial_roles(pages=[small_handbook.index, glossary.page])
    editor, _ = create_demo_editors()
    enable_totp(editor)  # people who can reach the Wagtail admin need two-factor sign-in
    client.force_login(editor)
    response = client.get("/admin/snippets/handbook/glossaryterm/")
    assert response.status_code == 200
    assert b"stackability" in response.content
    assert GlossaryTerm.objects.get(slug="stackability").short_definition == (
        "Combining micro-credentials towards a larger qualification."
    )


def test_plurals_count_as_mentions_but_longer_words_do_not():
    terms = [Term("awarding body", "awarding-body"), Term("credit", "credit")]
    out = link_first_mentions(
        "<p>Credit-bearing awards from awarding bodies carry credits.</p>", terms, "/g/"
    )
    assert (
        '<a class="term-link" href="/g/#term-awarding-body" title="Short.">awarding bodies</a>'
        in (out)
    )
    assert out.startswith("<p>Credit-bearing awards")
    assert 'title="Short.">credits</a>.</p>' in out
