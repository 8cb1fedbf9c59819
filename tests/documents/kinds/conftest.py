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
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_MODE = True
    # As on a real machine, what the demo queues after its commits runs (the submission's
    # proposal is made).
    with django_capture_on_commit_callbacks(execute=True):
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


# A design written to break a document: emoji, right-to-left text, 5,000-character paragraphs,
# a 300-character word, text that looks like a Word field or a formula; then, written straight
# to the stored content because the editor refuses them (data from before a rule, or from a
# restored revision, must still make a document), control characters and 100 outcomes.
EMOJI = "🌍🚀👩🏽🔧"
ARABIC = "مهارات رقمية للعاملين"
HEBREW = "כישורים דיגיטליים"
LONG_WORD = "A" * 300
FIELD_TRICK = '{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" } =cmd|" /C calc"!A0'
CONTROLS = "\x01\x02\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u202e\u2066\ufeff\ufffe\uffff\u200d"


def _paragraph(seed):
    sentence = f"{seed} {EMOJI} {ARABIC} {HEBREW} with\ta tab, fewer than <20 credits. "
    return (sentence * (5000 // len(sentence) + 1))[:5000]


def hostile_text(seed):
    return "\n".join([_paragraph(seed), LONG_WORD, FIELD_TRICK, _paragraph(seed + " again")])


@pytest.fixture
def hostile_design(mauritius_design, member):
    from codesign.actions.designs import create_design, save_section
    from codesign.models import CredentialType, DesignSection
    from portal.frameworks.models import FrameworkLevel

    framework = mauritius_design.framework
    design = create_design(
        workspace=mauritius_design.workspace,
        title=f"{EMOJI} {ARABIC} {HEBREW} {'W' * 120}"[:200],
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=6),
        credential_type=CredentialType.STAND_ALONE,
        by=member,
    )
    texts = ["need", "structure", "entry_requirements", "quality_assurance", "resources"]
    contents = {key: {"text": hostile_text(key)} for key in texts}
    contents["review"] = {"text": FIELD_TRICK}
    contents["further_information"] = {"text": LONG_WORD}
    contents["delivery"] = {"modes": ["online", "volunteering"], "text": hostile_text("delivery")}
    contents["assessment"] = {"text": hostile_text("assessment"), "supervision": "supervised"}
    contents["stackability"] = {"integration": "stackable", "towards": LONG_WORD[:1000], "rpl": ""}
    contents["workload"] = {
        "guided_learning": "999.99",
        "self_study": "400",
        "work_based": "0.01",
        "assessment": "0",
    }
    contents["learning_outcomes"] = {
        "outcomes": [
            {
                "statement": f"Outcome {n} {EMOJI} {ARABIC} " + "x" * 400,
                "domain": "skills",
                "assessment": FIELD_TRICK,
            }
            for n in range(1, 51)
        ]
    }
    for key, content in contents.items():
        save_section(design=design, key=key, content=content, base_version=0, by=member)

    # What the editor refuses, as it may yet be stored.
    for key in texts:
        DesignSection.objects.filter(design=design, key=key).update(
            content={"text": CONTROLS + hostile_text(key) + CONTROLS}
        )
    DesignSection.objects.filter(design=design, key="learning_outcomes").update(
        content={
            "outcomes": [
                {
                    "statement": f"{CONTROLS}Outcome {n} {EMOJI} {HEBREW} {LONG_WORD}",
                    "domain": ["knowledge", "skills", "responsibility_autonomy", "??"][n % 4],
                    "assessment": f"{FIELD_TRICK}{CONTROLS}",
                }
                for n in range(1, 101)
            ]
        }
    )
    type(design).objects.filter(pk=design.pk).update(title=design.title + CONTROLS[:6])
    design.refresh_from_db()
    return design
