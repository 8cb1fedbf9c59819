"""Search at /search/: pages and glossary terms, with escaped, highlighted excerpts."""

import pytest

from handbook.search import MAX_QUERY_LENGTH, clean_query, highlight_excerpt, query_words

pytestmark = pytest.mark.django_db


def results_section(response):
    html = response.content.decode()
    return html[html.index('class="search-results"') :] if "search-results" in html else ""


def test_stackability_finds_the_glossary_term_and_the_chapter(client, loaded_handbook):
    response = client.get("/search/", {"q": "stackability"})
    assert response.status_code == 200
    results = results_section(response)
    assert '<a href="/glossary/#term-stackability"><mark>stackability</mark></a>' in results
    assert '<a href="/handbook/stackability/"><mark>Stackability</mark></a>' in results
    assert "<mark>stackability</mark> options" in results  # an excerpt around the match
    assert results.index("In the glossary") < results.index("Pages")


def test_a_query_with_markup_is_escaped_everywhere(client, small_handbook):
    response = client.get("/search/", {"q": '<script>alert("x")</script> stackability'})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; stackability" in html


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "credit*", "AND OR NOT", "NEAR(a b)", "title:credit", "-credit", "ü ß 学"],
)
def test_search_syntax_characters_are_searched_as_words(client, small_handbook, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "search-results" in response.content.decode()


def test_an_empty_query_asks_for_words(client, db):
    html = client.get("/search/", {"q": "   "}).content.decode()
    message = "Enter a word or phrase to search for."
    assert f'<p class="errorlist" id="search-q-error">{message}</p>' in html
    assert 'aria-describedby="search-q-help search-q-error"' in html
    assert 'aria-invalid="true"' in html
    assert "search-results" not in html


def test_an_over_long_query_is_refused_with_its_length(client, db):
    html = client.get("/search/", {"q": "a" * (MAX_QUERY_LENGTH + 1)}).content.decode()
    assert f"Your search is {MAX_QUERY_LENGTH + 1} characters long." in html
    assert "search-results" not in html


def test_punctuation_alone_is_refused(client, db):
    html = client.get("/search/", {"q": "?!-"}).content.decode()
    assert "Enter at least one letter or number to search for." in html


def test_no_query_shows_only_the_form(client, db):
    html = client.get("/search/").content.decode()
    assert '<label for="search-q">' in html
    assert "errorlist" not in html
    assert "search-results" not in html


def test_nothing_found_says_so(client, small_handbook):
    html = client.get("/search/", {"q": "zebrafish"}).content.decode()
    assert "Nothing found for “zebrafish”" in html


def test_unpublished_pages_are_not_found(client, small_handbook):
    assert "/handbook/gamma/" in results_section(client.get("/search/", {"q": "gamma"}))
    small_handbook.chapters[2].unpublish()
    results = results_section(client.get("/search/", {"q": "gamma"}))
    assert '"/handbook/gamma/"' not in results


def test_the_excerpt_marks_query_words_and_escapes_the_rest():
    text = "Intro <b>bold</b> & more. " + "filler " * 60 + "Credits & <i>stackability</i> here."
    excerpt = str(highlight_excerpt(text, query_words("credit STACKABILITY")))
    assert excerpt.startswith("…")
    assert "<mark>Credit</mark>s &amp; <mark>stackability</mark> here." in excerpt
    assert "<b>" not in excerpt and "<i>" not in excerpt
    short = str(highlight_excerpt("a < b & c", ["b"]))
    assert short == "a &lt; <mark>b</mark> &amp; c"


def test_clean_query_normalises_spaces():
    assert clean_query("  quality   assurance \n") == "quality assurance"
