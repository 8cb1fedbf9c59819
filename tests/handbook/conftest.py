"""Fixtures for the handbook's tests, built through its actions."""

from types import SimpleNamespace

import pytest
from wagtail.models import Site

from handbook.actions import add_glossary_term, add_published_page, load_handbook
from handbook.models import ChapterPage, GlossaryPage, HandbookIndexPage, SectionPage


def paragraph(html):
    return {"type": "paragraph", "value": html}


@pytest.fixture
def site_root(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def glossary(site_root):
    page = add_published_page(
        parent=site_root,
        page=GlossaryPage(title="Glossary", slug="glossary", intro="The words we use."),
    )
    credit = add_glossary_term(
        term="credit",
        slug="credit",
        definition="A measure of the volume of learning. It is computed from notional hours.",
        source="Test source A.",
    )
    stackability = add_glossary_term(
        term="stackability",
        slug="stackability",
        definition="Combining micro-credentials towards a larger qualification. More text.",
        source="Test source B.",
        synonyms=["stacking"],
        related=[credit],
    )
    ects = add_glossary_term(
        term="ECTS",
        slug="ects",
        definition="The European Credit Transfer and Accumulation System.",
        source="ECTS Users' Guide.",
    )
    return SimpleNamespace(page=page, credit=credit, stackability=stackability, ects=ects)


@pytest.fixture
def small_handbook(site_root, glossary):
    """An index with three chapters: chapter 2 has two sections, chapter 3 one."""
    index = add_published_page(
        parent=site_root,
        page=HandbookIndexPage(
            title="Handbook", slug="handbook", intro="The handbook's front page."
        ),
    )
    chapters, sections = [], {}
    for number, slug in enumerate(["alpha", "beta", "gamma"], start=1):
        chapters.append(
            add_published_page(
                parent=index,
                page=ChapterPage(
                    title=f"Chapter {slug.title()}",
                    slug=slug,
                    intro=f"What chapter {slug} is about.",
                    source=f"Source of chapter {number}.",
                    body=[paragraph(f"<p>Chapter {slug} text.</p>")],
                ),
            )
        )
    for chapter, slugs in ((chapters[1], ["one", "two"]), (chapters[2], ["three"])):
        for slug in slugs:
            sections[slug] = add_published_page(
                parent=chapter,
                page=SectionPage(
                    title=f"Section {slug.title()}",
                    slug=slug,
                    intro=f"What section {slug} is about.",
                    source=f"Source of section {slug}.",
                    body=[paragraph(f"<p>Section {slug} text.</p>")],
                ),
            )
    return SimpleNamespace(index=index, chapters=chapters, sections=sections)


@pytest.fixture
def loaded_handbook(db):
    return load_handbook()
