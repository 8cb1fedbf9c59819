"""The completeness panel's findings (codesign.completeness.check) and marking a design ready."""

import pytest
from django.core.exceptions import ValidationError

from codesign import completeness
from codesign.actions.designs import (
    create_design,
    mark_design_ready,
    reopen_design,
    save_section,
)
from codesign.models import Activity, ActivityKind, CredentialType, DesignSection, DesignStatus
from codesign.sections import outline_for
from portal.audit.models import AuditEntry
from portal.frameworks.models import FrameworkLevel, QualificationFramework

pytestmark = pytest.mark.django_db


def _by_severity(findings, severity):
    return [finding for finding in findings if finding.severity == severity]


def test_a_new_design_has_an_error_for_every_required_section(design):
    findings = completeness.check(design)
    errors = _by_severity(findings, "error")
    required = outline_for(design.framework).required - {"basics"}
    assert {finding.section_key for finding in errors} == required
    assert findings[: len(errors)] == errors  # errors come first
    outcomes = next(f for f in errors if f.section_key == "learning_outcomes")
    assert outcomes.message == (
        "“Learning outcomes” is empty. It carries the EU information element "
        "“Learning outcomes”. It answers the approval criterion of MU-NQF "
        "“Title and learning outcome”."
    )
    assert outcomes.anchor == "#section-learning_outcomes"
    assert "Council Recommendation of 16 June 2022" in outcomes.source
    assert "Higher Education Commission" in outcomes.source


def test_award_stage_elements_are_listed_for_information(design):
    infos = _by_severity(completeness.check(design), "info")
    assert [finding.message for finding in infos] == [
        "Identification of the learner: filled in on each learner's award, not in the design.",
        "Date of issue: filled in on each learner's award, not in the design.",
        "Grade achieved: filled in on each learner's award, not in the design.",
    ]


def test_a_filled_design_has_no_errors_or_warnings(design, lead, fill):
    fill(design, lead)
    findings = completeness.check(design)
    assert not _by_severity(findings, "error")
    assert not _by_severity(findings, "warning")


def test_emptying_a_section_brings_its_error_back(design, lead, fill):
    fill(design, lead)
    section = DesignSection.objects.get(design=design, key="quality_assurance")
    save_section(
        design=design,
        key="quality_assurance",
        content={"text": ""},
        base_version=section.version,
        by=lead,
    )
    errors = _by_severity(completeness.check(design), "error")
    assert [finding.section_key for finding in errors] == ["quality_assurance"]


def test_the_frameworks_rules_apply_with_their_own_severity_and_section(design, lead, fill):
    # 500 notional hours on MU-NQF are 25 credits: above the recommended 20.
    fill(
        design,
        lead,
        workload={"guided_learning": "250", "self_study": "250"},
    )
    basics = DesignSection.objects.get(design=design, key="basics")
    save_section(
        design=design,
        key="basics",
        content={
            "title": design.title,
            "framework": design.framework,
            "level": design.level,
            "credential_type": design.credential_type,
            "is_core_module": True,
        },
        base_version=basics.version,
        by=lead,
    )
    design.refresh_from_db()
    findings = completeness.check(design)
    [core] = _by_severity(findings, "error")
    assert core.section_key == "basics"
    assert core.message.startswith("A micro-credential should not form part of the core modules")
    assert "PoMiSA Conference 2025" in core.source
    [credits] = _by_severity(findings, "warning")
    assert credits.section_key == "workload"
    assert credits.message == (
        "Mauritius recommends that a micro-credential carries fewer than 20 credits. "
        "(this design: 25 credits)"
    )


def test_an_outcome_with_a_verb_that_cannot_be_observed_is_a_warning(design, lead, fill):
    outcomes = {
        "outcomes": [
            {"statement": "Wire a panel to an inverter", "domain": "skills"},
            {"statement": "Understand the risks of working at height", "domain": "knowledge"},
        ]
    }
    fill(design, lead, learning_outcomes=outcomes)
    [warning] = _by_severity(completeness.check(design), "warning")
    assert warning.section_key == "learning_outcomes"
    assert warning.message == (
        "Outcome 2: “Understand” cannot be observed or assessed. "
        "Try: explain, summarise, interpret, classify, compare."
    )
    assert "Kennedy, Hyland and Ryan" in warning.source


def test_a_framework_without_criteria_still_needs_the_sections_every_design_has(workspace, lead):
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    design = create_design(
        workspace=workspace,
        title="Solar for Lesotho",
        framework=lesotho,
        level=FrameworkLevel.objects.get(framework=lesotho, number=5),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    errors = _by_severity(completeness.check(design), "error")
    need = next(f for f in errors if f.section_key == "need")
    assert need.message == "“Need and purpose” is empty. Every design on the portal explains this."
    # The HEC's criteria are Mauritius's: a Lesotho design has no "Resources" section to fill.
    assert "resources" not in {f.section_key for f in errors}


def test_the_lead_cannot_mark_ready_while_errors_remain(design, lead):
    with pytest.raises(ValidationError) as caught:
        mark_design_ready(design=design, by=lead)
    messages = caught.value.messages
    assert messages[0] == "This design cannot be marked ready while it has 11 errors:"
    assert "“Need and purpose” is empty." in messages[1]
    design.refresh_from_db()
    assert design.status == DesignStatus.DRAFT


def test_only_a_lead_marks_a_design_ready(design, lead, coauthor, fill):
    fill(design, lead)
    with pytest.raises(ValidationError, match="Only a lead"):
        mark_design_ready(design=design, by=coauthor)
    mark_design_ready(design=design, by=lead)
    design.refresh_from_db()
    assert design.status == DesignStatus.READY
    assert design.ready_by == lead and design.ready_at is not None
    assert Activity.objects.filter(design=design, kind=ActivityKind.DESIGN_READY).exists()
    assert AuditEntry.objects.filter(action="codesign.mark_design_ready").count() == 1


def test_a_design_marked_ready_is_not_edited_until_reopened(design, lead, fill):
    fill(design, lead)
    mark_design_ready(design=design, by=lead)
    section = DesignSection.objects.get(design=design, key="need")
    with pytest.raises(ValidationError, match="marked ready"):
        save_section(
            design=design,
            key="need",
            content={"text": "Changed"},
            base_version=section.version,
            by=lead,
        )
    with pytest.raises(ValidationError, match="already marked ready"):
        mark_design_ready(design=design, by=lead)
    reopen_design(design=design, by=lead)
    save_section(
        design=design,
        key="need",
        content={"text": "Changed"},
        base_version=section.version,
        by=lead,
    )
