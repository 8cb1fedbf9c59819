"""Fixtures for the document kinds' tests, built the way the portal builds its demo: the
co-design demo through seed_demo (every row made by the co-design actions) and the handbook
through its loader."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from docx import Document

from codesign.models import Design
from handbook.actions import load_handbook
from handbook.models import ChapterPage, HandbookIndexPage
from portal.accounts.models import User
from portal.documents.builder import DocumentBuilder
from portal.documents.registry import get


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def mauritius_design(demo):
    return Design.objects.get(framework__code="MU-NQF")


@pytest.fixture
def lesotho_design(demo):
    return Design.objects.get(framework__code="LS-LQF")


@pytest.fixture
def member(demo):
    return User.objects.get(email="academic.mu@portal.example")


@pytest.fixture
def handbook(db):
    load_handbook()
    return HandbookIndexPage.objects.live().get()


@pytest.fixture
def chapter(handbook):
    return ChapterPage.objects.live().child_of(handbook).get(slug="definition")


def make(kind_slug, subject):
    """Render a kind for a subject with the repository's house style; the .docx's bytes."""
    kind = get(kind_slug)
    doc = DocumentBuilder()
    steps = []
    kind.render(subject, doc, steps.append)
    assert steps == sorted(steps) and all(0 <= step <= 100 for step in steps)
    return doc.to_bytes()


def read(data):
    return Document(BytesIO(data))


def headings(document):
    return [
        " ".join(p.text.split())
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def table_rows(table):
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def all_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)
