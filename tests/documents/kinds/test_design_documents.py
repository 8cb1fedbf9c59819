"""The concept paper and the proposal for approval, made from the co-design demo's designs and
read back with python-docx: their headings, tables and the figures the framework computes."""

import pytest

from codesign import completeness
from codesign.actions.designs import create_design, save_section
from codesign.models import CredentialType
from codesign.sections import information_elements
from portal.documents.registry import get
from portal.frameworks.credits import credits_for
from portal.frameworks.models import (
    ApprovalCriterion,
    FrameworkLevel,
    QualificationFramework,
    plain_number,
)

from .conftest import all_text, headings, make, read, table_rows

pytestmark = pytest.mark.django_db

CONCEPT_PAPER_PARTS = [
    "The need and its evidence",
    "Target group",
    "Purpose",
    "Learning outcomes",
    "Structure and notional hours",
    "Credits and level",
    "Delivery",
    "Partners and their roles",
    "Quality assurance",
    "Timeline",
]


def heading_texts(document):
    """Headings without the numbers the builder may put before them ("2.1 Delivery")."""
    return [text.lstrip("0123456789. ").strip() for text in headings(document)]


def table_with_header(document, first_cell):
    for table in document.tables:
        rows = table_rows(table)
        if rows and rows[0][0] == first_cell:
            return rows
    raise AssertionError(f"no table starts with {first_cell!r}")


def test_the_concept_paper_has_every_part_in_order(mauritius_design):
    document = read(make("concept_paper", mauritius_design))
    found = heading_texts(document)
    positions = [found.index(part) for part in CONCEPT_PAPER_PARTS]
    assert positions == sorted(positions)
    assert document.core_properties.title == mauritius_design.title


def test_the_concept_paper_carries_the_designs_content(mauritius_design):
    document = read(make("concept_paper", mauritius_design))
    text = " ".join(all_text(document).split())
    need = mauritius_design.workspace.need
    # The need and its evidence, in the employer's words, and the target group.
    assert "some replies were wrong and some exposed customers' personal data" in text
    assert " ".join(need.problem.split()) in text
    assert need.target_group in text
    for skill in need.skills:
        assert skill in text
    # Every learning outcome, numbered, with its assessment.
    outcomes = table_with_header(document, "No.")
    statements = mauritius_design.sections.get(key="learning_outcomes").content["outcomes"]
    assert [row[0] for row in outcomes[1:]] == [str(n) for n in range(1, len(statements) + 1)]
    assert [row[1] for row in outcomes[1:]] == [item["statement"] for item in statements]
    # Hours, credits and level.
    assert "60 notional hours ÷ 20 hours per credit = 3 credits on MU-NQF." in text
    assert "MU-NQF level 6" in text
    # The partners and their roles.
    partners = table_with_header(document, "Organisation")
    names = {row[0] for row in partners[1:]}
    assert names == {"Ebène Digital Services Ltd", "Mauritius Institute of Applied Sciences"}
    assert {row[3] for row in partners[1:]} <= {"Lead", "Co-author", "Commenter"}
    # The workload chart has alt text.
    descriptions = [
        element.get("descr")
        for element in document.element.body.iter()
        if element.tag.endswith("}docPr")
    ]
    assert any(d and "Guided learning: 24" in d for d in descriptions)


def test_the_concept_paper_says_plainly_what_is_not_written(lesotho_design):
    document = read(make("concept_paper", lesotho_design))
    text = all_text(document)
    assert "Not written yet: the design's section “Entry requirements” is still empty." in text


def test_the_proposal_has_a_heading_for_every_hec_criterion_in_order(mauritius_design):
    criteria = list(
        ApprovalCriterion.objects.filter(framework=mauritius_design.framework).order_by("order")
    )
    assert len(criteria) == 8
    document = read(make("proposal", mauritius_design))
    found = heading_texts(document)
    positions = [found.index(criterion.label) for criterion in criteria]
    assert positions == sorted(positions)
    # Under each criterion, the sections that answer it: the workload under design and credits.
    design_credits = found.index("Design and credits")
    assert found[design_credits + 1] == "Notional hours and credits"


def test_the_proposal_lists_every_eu_information_element_with_its_value(mauritius_design):
    document = read(make("proposal", mauritius_design))
    rows = table_with_header(document, "Information element")
    assert [row[0] for row in rows[1:]] == [element.label for element in information_elements()]
    values = {row[0]: row[2] for row in rows[1:]}
    labels = {element.key: element.label for element in information_elements()}
    assert values[labels["title"]] == mauritius_design.title
    assert values[labels["issuer_country"]].startswith("Mauritius")
    assert values[labels["awarding_body"]] == "Mauritius Institute of Applied Sciences"
    assert values[labels["notional_workload"]].startswith("60 notional hours on MU-NQF = 3 credits")
    assert values[labels["level"]].startswith("MU-NQF level 6")
    assert "Blended" in values[labels["participation_form"]]
    assert values[labels["supervision_identity_verification"]] == (
        "On site, with identity verification"
    )
    assert values[labels["learning_outcomes"]].startswith("5 outcomes: 1. Explain how")
    for key in ("learner_identification", "date_of_issue", "grade"):
        assert values[labels[key]] == "Filled in on each learner's award, not in the design."
    assert values[labels["further_information"]] == "Not written yet"


def test_the_proposal_shows_the_credits_the_framework_computes(mauritius_design):
    document = read(make("proposal", mauritius_design))
    computed = credits_for(mauritius_design.framework, 60)
    rows = dict((row[0], row[1]) for row in table_with_header(document, "Step")[1:])
    assert rows["Notional hours"] == "60"
    assert rows["Hours per credit on MU-NQF"] == "20"
    assert rows["Credits (NCVTS credit)"] == plain_number(computed.credits) == "3"
    assert rows["ECTS credits"] == plain_number(computed.ects) == "2.4"


def test_the_proposal_carries_the_completeness_report(lesotho_design):
    document = read(make("proposal", lesotho_design))
    findings = completeness.check(lesotho_design)
    rows = table_with_header(document, "Severity")
    assert [row[1] for row in rows[1:]] == [" ".join(f.message.split()) for f in findings]
    assert sum(row[0] == "Warning" for row in rows[1:]) >= 2
    # Lesotho has no approval criteria in the reference data: the sections follow in order.
    assert "The design, section by section" in heading_texts(document)
    assert "60 notional hours ÷ 10 hours per credit = 6 credits on LS-LQF." in all_text(document)


@pytest.fixture
def new_design(mauritius_design, member):
    """A design just started in the Mauritius workspace, on the EQF (no credit system of its
    own): nothing written yet."""
    framework = QualificationFramework.objects.get(code="EQF")
    return create_design(
        workspace=mauritius_design.workspace,
        title="A design just started",
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=4),
        credential_type=CredentialType.STAND_ALONE,
        by=member,
    )


def test_a_design_just_started_makes_both_documents_saying_what_is_missing(new_design):
    concept = all_text(read(make("concept_paper", new_design)))
    for title in ("Need and purpose", "Learning outcomes", "Structure and content"):
        assert f"Not written yet: the design's section “{title}” is still empty." in concept
    assert "No notional hours are written yet, so no credits can be computed." in concept

    document = read(make("proposal", new_design))
    rows = table_with_header(document, "Severity")
    assert sum(row[0] == "Error" for row in rows[1:]) >= 5
    assert "the design cannot be marked ready for review" in all_text(document)
    assert new_design.framework.country_id is None


def test_a_framework_without_credits_shows_the_ects_equivalent_only(new_design, member):
    save_section(
        design=new_design,
        key="workload",
        content={"guided_learning": "30", "self_study": "20"},
        base_version=0,
        by=member,
    )
    document = read(make("proposal", new_design))
    rows = dict((row[0], row[1]) for row in table_with_header(document, "Step")[1:])
    assert rows == {"Notional hours": "50", "Hours per ECTS credit": "25", "ECTS credits": "2"}
    assert get("proposal").country_of(new_design) == ""
