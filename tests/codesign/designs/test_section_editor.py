"""Editing one section through its page: each kind's form, saved through save_section."""

import re

import pytest
from django.urls import reverse

from codesign.actions.designs import create_design, mark_design_ready
from codesign.models import CredentialType, DesignRevision, DesignSection
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _edit_url(design, key):
    return reverse("codesign:design_section", args=[design.pk, key])


def _version(design, key):
    return DesignSection.objects.get(design=design, key=key).version


def _content(design, key):
    return DesignSection.objects.get(design=design, key=key).content


def _outcome_rows(*rows, initial=0):
    data = {
        "outcomes-TOTAL_FORMS": str(len(rows)),
        "outcomes-INITIAL_FORMS": str(initial),
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"outcomes-{index}-{name}"] = value
    return data


def test_a_text_section_shows_its_guidance_and_saves(design, as_coauthor, coauthor):
    page = as_coauthor.get(_edit_url(design, "need"))
    assert page.status_code == 200
    assert "Why this micro-credential is needed" in page_text(page)
    assert 'name="base_version" value="0"' in page.content.decode()
    response = as_coauthor.post(
        _edit_url(design, "need"), {"text": "Technicians wanted.", "base_version": "0"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/designs/{design.pk}/#section-need"
    section = DesignSection.objects.get(design=design, key="need")
    assert section.content == {"text": "Technicians wanted."}
    assert section.version == 1 and section.updated_by == coauthor
    assert DesignRevision.objects.filter(design=design).count() == 2
    follow = as_coauthor.get(response["Location"])
    assert "“Need and purpose” saved as revision 2." in page_text(follow)


def test_saving_the_same_text_again_saves_nothing(design, as_lead):
    as_lead.post(_edit_url(design, "need"), {"text": "Same", "base_version": "0"})
    response = as_lead.post(_edit_url(design, "need"), {"text": "Same", "base_version": "1"})
    assert "Nothing changed, so nothing was saved." in page_text(as_lead.get(response["Location"]))
    assert DesignRevision.objects.filter(design=design).count() == 2


def test_the_workload_shows_its_total_credits_and_ects_after_saving(design, as_lead):
    response = as_lead.post(
        _edit_url(design, "workload"),
        {
            "guided_learning": "24",
            "self_study": "20.0",
            "work_based": "12",
            "assessment": "4",
            "base_version": "0",
        },
    )
    assert _content(design, "workload") == {
        "guided_learning": "24",
        "self_study": "20",
        "work_based": "12",
        "assessment": "4",
    }
    text = page_text(as_lead.get(response["Location"]))
    assert "Total 60" in text
    assert "60 notional hours on MU-NQF = 3 credits" in text
    assert "ECTS equivalent: 2.4 ECTS credits" in text
    # The edit page shows the figures too.
    assert "60 notional hours on MU-NQF = 3 credits" in page_text(
        as_lead.get(_edit_url(design, "workload"))
    )


def test_outcomes_are_saved_in_the_order_of_their_positions_and_blank_rows_are_left_out(
    design, as_lead
):
    data = _outcome_rows(
        {"statement": "Wire a panel", "domain": "skills", "assessment": "Observed", "order": "2"},
        {"statement": "Explain the risks", "domain": "knowledge", "order": "1"},
        {"statement": "", "domain": "", "assessment": "", "order": ""},
    )
    response = as_lead.post(_edit_url(design, "learning_outcomes"), {**data, "base_version": "0"})
    assert response.status_code == 302
    assert _content(design, "learning_outcomes") == {
        "outcomes": [
            {"statement": "Explain the risks", "domain": "knowledge", "assessment": ""},
            {"statement": "Wire a panel", "domain": "skills", "assessment": "Observed"},
        ]
    }
    page = as_lead.get(_edit_url(design, "learning_outcomes"))
    body = page.content.decode()
    # Two rows filled in, three blank ones to add more.
    assert 'name="outcomes-TOTAL_FORMS" value="5"' in body
    assert "Outcome 1" in body and "Outcome 3 (new)" in body


def test_an_outcome_is_removed_by_ticking_remove(design, as_lead, lead, fill):
    fill(design, lead)
    data = _outcome_rows(
        {"statement": "Install a rooftop solar panel", "domain": "skills", "order": "1"},
        {"statement": "Explain the risks", "domain": "knowledge", "order": "2", "DELETE": "on"},
        initial=2,
    )
    as_lead.post(
        _edit_url(design, "learning_outcomes"),
        {**data, "base_version": str(_version(design, "learning_outcomes"))},
    )
    assert [o["statement"] for o in _content(design, "learning_outcomes")["outcomes"]] == [
        "Install a rooftop solar panel"
    ]


def test_a_bad_outcome_row_is_named_by_its_number_and_nothing_is_saved(design, as_lead):
    data = _outcome_rows(
        {"statement": "Explain the risks", "domain": "knowledge"},
        {"statement": "", "domain": "skills", "assessment": "Observed"},
        {"statement": "Wire <b>it</b>", "domain": "skills"},
    )
    response = as_lead.post(_edit_url(design, "learning_outcomes"), {**data, "base_version": "0"})
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem: nothing was saved" in text
    assert "Outcome 2: write what the learner will be able to do." in text
    assert "Outcome 3, statement: “<b>” is HTML markup." in text
    assert 'href="#id_outcomes-1-statement"' in response.content.decode()
    assert _version(design, "learning_outcomes") == 0


def test_the_outcomes_editor_flags_verbs_and_shows_the_levels_descriptors(workspace, lead, as_lead):
    # Ireland's NFQ level 6 has no descriptors of its own: the EQF level it maps to lends its.
    ireland = QualificationFramework.objects.get(code="IE-NFQ")
    design = create_design(
        workspace=workspace,
        title="Solar installation",
        framework=ireland,
        level=FrameworkLevel.objects.get(framework=ireland, number=6),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    data = _outcome_rows({"statement": "Understand inverters", "domain": "skills"})
    as_lead.post(_edit_url(design, "learning_outcomes"), {**data, "base_version": "0"})
    text = page_text(as_lead.get(_edit_url(design, "learning_outcomes")))
    assert "“Understand” cannot be observed or assessed. Try: apply, solve, select" in text
    assert "Descriptors of EQF level 5" in text
    assert "No descriptors are recorded for IE-NFQ level 6: these are those of EQF level 5" in text
    assert "Comprehensive, specialised, factual and theoretical knowledge" in text


def test_the_descriptors_of_a_level_that_has_its_own_are_shown_as_its_own(workspace, lead, as_lead):
    eqf = QualificationFramework.objects.get(code="EQF")
    design = create_design(
        workspace=workspace,
        title="Solar installation",
        framework=eqf,
        level=FrameworkLevel.objects.get(framework=eqf, number=4),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    text = page_text(as_lead.get(_edit_url(design, "learning_outcomes")))
    assert "Descriptors of EQF level 4" in text
    assert "No descriptors are recorded" not in text


def test_the_basics_take_one_select_of_levels_grouped_by_framework(design, as_lead):
    body = as_lead.get(_edit_url(design, "basics")).content.decode()
    assert body.count("<select") == 1
    assert '<optgroup label="Mauritius National Qualifications Framework (MU-NQF)">' in body
    level = FrameworkLevel.objects.get(framework__code="MU-NQF", number=5)
    assert re.search(rf'<option value="{level.pk}" selected>MU-NQF level 5</option>', body)


def test_choosing_another_frameworks_level_moves_the_design_and_adds_its_sections(
    workspace, lead, as_lead
):
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    design = create_design(
        workspace=workspace,
        title="Solar for Lesotho",
        framework=lesotho,
        level=FrameworkLevel.objects.get(framework=lesotho, number=5),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    assert not DesignSection.objects.filter(design=design, key="resources").exists()
    mauritius_6 = FrameworkLevel.objects.get(framework__code="MU-NQF", number=6)
    response = as_lead.post(
        _edit_url(design, "basics"),
        {
            "title": "Solar for Mauritius",
            "level": str(mauritius_6.pk),
            "credential_type": "industry_led",
            "is_core_module": "on",
            "base_version": "1",
        },
    )
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.framework.code == "MU-NQF" and design.level == mauritius_6
    assert design.title == "Solar for Mauritius" and design.is_core_module
    assert DesignSection.objects.filter(design=design, key="resources").exists()
    assert "Resources" in page_text(as_lead.get(response["Location"]))


def test_a_design_marked_ready_cannot_be_edited_from_its_pages(design, lead, as_lead, fill):
    fill(design, lead)
    mark_design_ready(design=design, by=lead)
    version = _version(design, "need")
    response = as_lead.post(_edit_url(design, "need"), {"text": "New", "base_version": version})
    assert response.status_code == 302
    assert _version(design, "need") == version
    text = page_text(as_lead.get(response["Location"]))
    assert "This design is marked ready for review: reopen it to edit it." in text
    assert as_lead.get(_edit_url(design, "need")).status_code == 302
