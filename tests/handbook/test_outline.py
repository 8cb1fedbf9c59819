"""Numbering, contents, breadcrumbs and previous/next, all from the live tree."""

import re
from unittest import mock

import pytest
from wagtail.models import PageViewRestriction

from handbook.actions import add_published_page
from handbook.models import ChapterPage
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db


def h1(html):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).strip()


def pager(html):
    previous = re.search(r'<a href="([^"]+)" rel="prev">', html)
    following = re.search(r'<a href="([^"]+)" rel="next">', html)
    return (previous.group(1) if previous else None, following.group(1) if following else None)


def test_chapters_and_sections_are_numbered_by_their_place(client, small_handbook):
    assert h1(client.get("/handbook/alpha/").content.decode()) == "1 Chapter Alpha"
    assert h1(client.get("/handbook/gamma/").content.decode()) == "3 Chapter Gamma"
    html = client.get("/handbook/beta/two/").content.decode()
    assert h1(html) == "2.2 Section Two"
    assert "<title>2.2 Section Two |" in html
    assert h1(client.get("/handbook/gamma/three/").content.decode()) == "3.1 Section Three"


def test_numbers_follow_the_live_tree_when_a_chapter_is_unpublished_or_moved(
    client, small_handbook
):
    alpha, beta, gamma = small_handbook.chapters
    alpha.unpublish()
    clear_caches()
    assert h1(client.get("/handbook/beta/one/").content.decode()) == "1.1 Section One"
    assert h1(client.get("/handbook/gamma/").content.decode()) == "2 Chapter Gamma"

    gamma.move(beta, pos="left")
    clear_caches()
    assert h1(client.get("/handbook/gamma/").content.decode()) == "1 Chapter Gamma"
    assert h1(client.get("/handbook/beta/two/").content.decode()) == "2.2 Section Two"


def test_previous_and_next_follow_reading_order_across_chapters(client, small_handbook):
    assert pager(client.get("/handbook/").content.decode()) == (None, "/handbook/alpha/")
    assert pager(client.get("/handbook/alpha/").content.decode()) == (
        "/handbook/",
        "/handbook/beta/",
    )
    assert pager(client.get("/handbook/beta/").content.decode()) == (
        "/handbook/alpha/",
        "/handbook/beta/one/",
    )
    # The last section of a chapter leads on to the next chapter, and back.
    assert pager(client.get("/handbook/beta/two/").content.decode()) == (
        "/handbook/beta/one/",
        "/handbook/gamma/",
    )
    assert pager(client.get("/handbook/gamma/").content.decode()) == (
        "/handbook/beta/two/",
        "/handbook/gamma/three/",
    )
    assert pager(client.get("/handbook/gamma/three/").content.decode()) == (
        "/handbook/gamma/",
        None,
    )
    html = client.get("/handbook/beta/two/").content.decode()
    assert "Next:</span> 3 Chapter Gamma" in html
    assert "Previous:</span> 2.1 Section One" in html


def test_contents_of_the_index_list_every_chapter_and_section(client, small_handbook):
    html = client.get("/handbook/").content.decode()
    toc = html[html.index('id="contents-heading"') : html.index("</nav>", html.index("contents"))]
    entries = re.findall(r'<a href="([^"]+)"><span class="handbook-number">([\d.]+)</span>', toc)
    assert entries == [
        ("/handbook/alpha/", "1"),
        ("/handbook/beta/", "2"),
        ("/handbook/beta/one/", "2.1"),
        ("/handbook/beta/two/", "2.2"),
        ("/handbook/gamma/", "3"),
        ("/handbook/gamma/three/", "3.1"),
    ]


def test_a_chapter_lists_its_sections_and_a_section_marks_itself(client, small_handbook):
    html = client.get("/handbook/beta/").content.decode()
    assert "In this chapter" in html
    assert '<a href="/handbook/beta/one/"><span class="handbook-number">2.1</span>' in html
    assert '<a href="/handbook/beta/two/"><span class="handbook-number">2.2</span>' in html
    assert "/handbook/gamma/three/" not in html.split("In this chapter")[1].split("</nav>")[0]

    html = client.get("/handbook/beta/two/").content.decode()
    assert '<a href="/handbook/beta/two/" aria-current="page">' in html
    # A chapter without sections shows no contents box.
    assert "In this chapter" not in client.get("/handbook/alpha/").content.decode()


def test_breadcrumbs_lead_from_home_to_the_parent(client, small_handbook):
    html = client.get("/handbook/beta/two/").content.decode()
    start = html.index('aria-label="Breadcrumb"')
    crumbs = html[start : html.index("</nav>", start)]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', crumbs) == [
        ("/", "Home"),
        ("/handbook/", "Handbook"),
        ("/handbook/beta/", "2 Chapter Beta"),
    ]
    assert '<li aria-current="page">2.2 Section Two</li>' in crumbs


def test_a_draft_chapter_is_neither_shown_nor_numbered(client, small_handbook, site_root):
    draft = ChapterPage(title="Draft chapter", slug="draft", intro="Not yet.", live=False)
    small_handbook.index.add_child(instance=draft)
    html = client.get("/handbook/").content.decode()
    assert "Draft chapter" not in html
    assert client.get("/handbook/draft/").status_code == 404
    assert client.get("/handbook/nothing-here/").status_code == 404
    assert client.get("/handbook/beta/nothing-here/").status_code == 404


def test_meta_description_falls_back_to_the_intro(client, small_handbook):
    html = client.get("/handbook/alpha/").content.decode()
    assert '<meta name="description" content="What chapter alpha is about.">' in html
    page = small_handbook.chapters[0]
    page.search_description = "A chosen description."
    page.save_revision().publish()
    html = client.get("/handbook/alpha/").content.decode()
    assert '<meta name="description" content="A chosen description.">' in html


def test_an_uncached_chapter_page_needs_few_queries(
    client, small_handbook, glossary, django_assert_max_num_queries
):
    chapter = small_handbook.chapters[1]
    chapter.body = [
        {"type": "paragraph", "value": "<p>Credits and stacking, in plain words.</p>"},
        {"type": "glossary_term", "value": {"term": glossary.stackability.pk}},
    ]
    chapter.save_revision().publish()
    client.get("/glossary/")  # warm the per-process content type cache, as a server would
    clear_caches()  # and start from an empty page, body and site cache
    with django_assert_max_num_queries(8):
        response = client.get("/handbook/beta/")
    assert response.status_code == 200
    assert b"term-stackability" in response.content


def test_a_page_added_in_between_renumbers_its_followers(client, small_handbook):
    index = small_handbook.index
    new = add_published_page(
        parent=index,
        page=ChapterPage(title="Chapter Delta", slug="delta", intro="Added last."),
    )
    new.move(small_handbook.chapters[0], pos="left")
    clear_caches()
    assert h1(client.get("/handbook/delta/").content.decode()) == "1 Chapter Delta"
    assert h1(client.get("/handbook/alpha/").content.decode()) == "2 Chapter Alpha"


def test_view_restrictions_still_apply_to_a_chapter_and_its_sections(client, small_handbook):
    PageViewRestriction.objects.create(
        page=small_handbook.chapters[1], restriction_type=PageViewRestriction.LOGIN
    )
    for path in ("/handbook/beta/", "/handbook/beta/one/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"]
    assert client.get("/handbook/gamma/").status_code == 200


def test_a_preview_renders_the_draft_without_caching_it(small_handbook):
    chapter = small_handbook.chapters[0]
    chapter.body = [{"type": "paragraph", "value": "<p>Draft text about credits.</p>"}]
    with mock.patch("handbook.glossary_links.pages_cache") as body_cache:
        response = chapter.make_preview_request()
    html = response.content.decode()
    assert "Draft text about" in html
    assert 'href="/glossary/#term-credit"' in html
    body_cache.get.assert_not_called()
    body_cache.set.assert_not_called()
