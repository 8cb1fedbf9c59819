"""The handbook and a single chapter as Word documents, made from the handbook's own data
(load_handbook) and read back with python-docx: numbered as on the site, with their tables,
callouts, glossary and sources; public; made again only when something in them is published."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from handbook.actions import add_published_page
from handbook.models import ChapterPage, GlossaryTerm, SectionPage
from handbook.outline import build_outline
from portal.documents.models import GeneratedDocument
from portal.documents.registry import get

from .conftest import all_text, headings, make, read

pytestmark = pytest.mark.django_db


def numbered_titles(outline, chapters):
    titles = []
    for chapter in chapters:
        titles.append(f"{chapter.number} {chapter.title}")
        titles += [f"{section.number} {section.title}" for section in chapter.children]
    return titles


def blocks_of(pages, block_type):
    return [block.value for page in pages for block in page.body if block.block_type == block_type]


def test_the_handbook_has_every_chapter_and_section_numbered_as_on_the_site(handbook):
    outline = build_outline(handbook.path)
    document = read(make("handbook", handbook))
    found = headings(document)
    expected = numbered_titles(outline, outline.chapters)
    assert len(expected) > 30
    positions = [found.index(title) for title in expected]
    assert positions == sorted(positions)
    # The appendices come last, unnumbered.
    assert found[-2:] == ["Glossary", "Sources"]
    assert document.core_properties.title == handbook.title


def test_the_handbook_carries_its_tables_callouts_glossary_and_sources(handbook):
    pages = [handbook, *ChapterPage.objects.live(), *SectionPage.objects.live()]
    document = read(make("handbook", handbook))
    text = " ".join(all_text(document).split())
    tables = blocks_of(pages, "table")
    callouts = blocks_of(pages, "callout")
    assert tables and callouts
    for table in tables:
        assert table["table"].caption in text
    # Every handbook table is a Word table, besides the callouts' boxes.
    assert len(document.tables) >= len(tables) + len(callouts)
    for callout in callouts:
        assert callout["heading"] in text
    for term in GlossaryTerm.objects.all():
        assert f"{term.term}: " in text
    for page in pages:
        if page.source:
            assert " ".join(page.source.split()) in text
    # No markup reaches the reader.
    assert "<p>" not in text and "</" not in text


def test_a_chapter_is_numbered_as_on_the_site_with_only_its_own_glossary_terms(chapter):
    outline = build_outline(chapter.index_path)
    entry = outline.entry_for(chapter)
    document = read(make("handbook_chapter", chapter))
    found = headings(document)
    assert found == [*numbered_titles(outline, [entry]), "Glossary", "Sources"]
    assert found[0] == "3 Definition of micro-credentials"
    text = all_text(document)
    # The chapter shows a glossary term block for "micro-credential" and mentions credits.
    assert "micro-credential: A record of focused learning achievement" in text
    glossary = text[text.rindex("Glossary") :]
    assert "credit: " in glossary
    assert "shelf life: " not in glossary


def test_the_revision_changes_when_a_page_in_it_is_published(handbook, chapter):
    handbook_kind, chapter_kind = get("handbook"), get("handbook_chapter")

    def revisions():
        return [handbook_kind.revision_of(handbook), chapter_kind.revision_of(chapter)]

    before = revisions()
    assert before == revisions()

    # A section of another chapter is edited and published: the handbook changes, the chapter
    # does not.
    other = SectionPage.objects.live().exclude(path__startswith=chapter.path).first()
    other.intro = "A new introduction."
    other.save_revision().publish()
    middle = revisions()
    assert middle[0] != before[0]
    assert middle[1] == before[1]

    # A new section in the chapter changes both.
    add_published_page(
        parent=chapter,
        page=SectionPage(title="A new section", slug="new-section", intro="New.", body=[]),
    )
    after = revisions()
    assert after[0] != middle[0] and after[1] != middle[1]


def test_anyone_may_read_the_handbook_but_not_an_unpublished_chapter(handbook, chapter):
    handbook_kind, chapter_kind = get("handbook"), get("handbook_chapter")
    assert handbook_kind.public and chapter_kind.public
    assert handbook_kind.may_read(AnonymousUser(), handbook)
    assert chapter_kind.may_request(AnonymousUser(), chapter)
    chapter.unpublish()
    chapter.refresh_from_db()
    assert not chapter_kind.may_read(AnonymousUser(), chapter)
    assert chapter not in chapter_kind.readable(AnonymousUser())
    with pytest.raises(ValueError, match="not published"):
        make("handbook_chapter", chapter)


def test_an_unpublished_chapter_answers_404_and_nobody_can_make_its_document(client, chapter):
    latest = reverse("documents:latest", args=["handbook_chapter", chapter.pk])
    ask = reverse("documents:request", args=["handbook_chapter", chapter.pk])
    chapter.unpublish()

    assert client.get(latest).status_code == 404
    assert client.post(ask).status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_the_pages_link_to_the_download_made_once_per_published_version(
    client, handbook, chapter, django_capture_on_commit_callbacks
):
    latest = reverse("documents:latest", args=["handbook", handbook.pk])
    assert f'href="{latest}"' in client.get("/handbook/").content.decode()
    chapter_latest = reverse("documents:latest", args=["handbook_chapter", chapter.pk])
    assert f'href="{chapter_latest}"' in client.get("/handbook/definition/").content.decode()

    # An anonymous visitor asks: the document is made once, then served.
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(latest)
    document = GeneratedDocument.objects.get(kind="handbook")
    assert first["Location"] == reverse("documents:detail", args=[document.public_id])
    document.refresh_from_db()
    assert document.status == "done"
    second = client.get(latest)
    assert second["Location"] == reverse("documents:download", args=[document.public_id])
    assert GeneratedDocument.objects.filter(kind="handbook").count() == 1
    download = client.get(second["Location"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
