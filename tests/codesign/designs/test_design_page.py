"""The design page: basics, credits, every section in order, the completeness panel."""

import pytest
from django.urls import reverse

from codesign.actions import comments as comment_actions
from codesign.actions.designs import create_design, save_section
from codesign.models import Comment, CredentialType, DesignSection
from portal.frameworks.models import FrameworkLevel, QualificationFramework

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _url(design):
    return reverse("codesign:design", args=[design.pk])


def _save(design, key, content, by):
    section = DesignSection.objects.get(design=design, key=key)
    return save_section(
        design=design, key=key, content=content, base_version=section.version, by=by
    )


def test_the_page_shows_the_basics_with_the_mapped_levels(design, as_lead):
    response = as_lead.get(_url(design))
    assert response.status_code == 200
    text = page_text(response)
    assert "Solar technicians for the sugar estates" in text  # the workspace, in the breadcrumb
    assert "Installing rooftop solar panels" in text
    assert "Draft" in text
    assert "Mauritius National Qualifications Framework (MU-NQF)" in text
    assert "Level 5; maps to SADCQF level 5" in text
    assert "Type Industry-led" in text


def test_60_notional_hours_on_the_mauritius_framework_show_3_credits(design, lead, as_lead):
    _save(
        design,
        "workload",
        {"guided_learning": "24", "self_study": "20", "work_based": "12", "assessment": "4"},
        lead,
    )
    text = page_text(as_lead.get(_url(design)))
    # MU-NQF: 20 notional hours per credit; the ECTS reference: 25 hours per ECTS credit.
    assert "60 notional hours on MU-NQF = 3 credits" in text
    assert "3.0" not in text
    assert "ECTS equivalent: 2.4 ECTS credits" in text
    assert "Total 60" in text


def test_every_section_is_shown_in_the_outlines_order_and_empty_ones_say_so(design, as_lead):
    body = as_lead.get(_url(design)).content.decode()
    keys = [key for key in ("basics", "need", "learning_outcomes", "workload", "review")]
    positions = [body.index(f'id="section-{key}"') for key in keys]
    assert positions == sorted(positions)
    assert body.count("Not written yet: this section is required.") == 11
    assert "Not written yet." in body  # "Further information" is optional


def test_who_last_edited_a_section_and_when(design, coauthor, as_lead):
    _save(design, "need", {"text": "The estates need technicians."}, coauthor)
    text = page_text(as_lead.get(_url(design)))
    assert "The estates need technicians. Last edited by Cole Author on" in text


def test_text_is_shown_escaped_in_paragraphs(design, lead, as_lead):
    _save(design, "need", {"text": "Fewer than <20 credits & more > 5\n\nSecond paragraph"}, lead)
    body = as_lead.get(_url(design)).content.decode()
    assert "<p>Fewer than &lt;20 credits &amp; more &gt; 5</p>" in body
    assert "<p>Second paragraph</p>" in body


def test_writers_get_edit_links_and_readers_do_not(
    design, as_lead, as_coauthor, as_commenter, as_staff
):
    # The section's discussion lives under the same path: match the whole link.
    edit = f'href="{reverse("codesign:design_section", args=[design.pk, "need"])}"'
    assert edit in as_lead.get(_url(design)).content.decode()
    assert edit in as_coauthor.get(_url(design)).content.decode()
    for reader in (as_commenter, as_staff):
        response = reader.get(_url(design))
        assert response.status_code == 200
        assert edit not in response.content.decode()
        assert "Mark ready for review" not in response.content.decode()


def test_the_completeness_panel_is_at_the_top_with_a_count(design, lead, as_lead, fill):
    body = as_lead.get(_url(design)).content.decode()
    text = page_text(as_lead.get(_url(design)))
    assert body.index('id="completeness-heading"') < body.index('id="section-basics"')
    assert "11 errors , 0 warnings." in text
    assert 'href="#section-learning_outcomes"' in body
    fill(design, lead)
    text = page_text(as_lead.get(_url(design)))
    assert "Complete: nothing missing." in text
    assert "errors" not in text.split("Complete: nothing missing.")[0]


def test_outcome_verbs_that_cannot_be_observed_are_flagged_beside_the_outcome(
    design, lead, as_lead
):
    _save(
        design,
        "learning_outcomes",
        {"outcomes": [{"statement": "Know the parts of an inverter", "domain": "knowledge"}]},
        lead,
    )
    text = page_text(as_lead.get(_url(design)))
    assert "“Know” cannot be observed or assessed. Try: define, describe, identify" in text
    assert "Outcome 1: “Know” cannot be observed or assessed." in text  # in the panel


def test_each_section_shows_its_comment_threads(design, lead, coauthor, as_lead):
    thread = comment_actions.add_comment(design=design, section_key="need", body="Why?", by=lead)
    comment_actions.reply(comment=thread, body="Because", by=coauthor)
    comment_actions.add_comment(design=design, section_key="need", body="Source?", by=lead)
    done = comment_actions.add_comment(design=design, section_key="review", body="Done", by=lead)
    comment_actions.resolve_thread(comment=done, by=lead)
    body = as_lead.get(_url(design)).content.decode()
    need = body[body.index('id="section-need"') : body.index('id="section-learning_outcomes"')]
    assert "2 open threads" in need
    assert reverse("codesign:section_comments", args=[design.pk, "need"]) in need
    review = body[body.index('id="section-review"') :]
    assert "0 open threads" in review and "1 resolved" in review
    structure = body[
        body.index('id="section-structure"') : body.index('id="section-entry_requirements"')
    ]
    assert "No comments yet." in structure


def test_the_page_takes_a_bounded_number_of_queries(
    design, lead, coauthor, as_lead, fill, django_assert_max_num_queries
):
    fill(
        design,
        lead,
        learning_outcomes={
            "outcomes": [
                {"statement": f"Explain hazard {n}", "domain": "knowledge"} for n in range(30)
            ]
        },
    )
    for section in ("need", "review", "workload"):
        for n in range(10):
            Comment.objects.create(design=design, section_key=section, author=coauthor, body=f"{n}")
    # Warm: the footer's links are cached and the session's last use recorded, as on any
    # page after the first.
    as_lead.get(_url(design))
    # 14, two for the approval panel (the design's submissions, the authorities to go to)
    # and one for the navigation's Pilots link.
    with django_assert_max_num_queries(17):
        response = as_lead.get(_url(design))
    assert response.status_code == 200
    assert "Explain hazard 29" in response.content.decode()


HAS_FRAMEWORKS_WITHOUT_CREDITS = QualificationFramework._meta.get_field("hours_per_credit").null


@pytest.mark.skipif(
    not HAS_FRAMEWORKS_WITHOUT_CREDITS,
    reason="frameworks without a credit system (hours_per_credit empty) come with frameworks "
    "migration 0004, on another branch",
)
def test_a_framework_without_a_credit_system_says_so_plainly(workspace, lead, as_lead):
    QualificationFramework.objects.filter(code="EQF").update(hours_per_credit=None, credit_unit="")
    eqf = QualificationFramework.objects.get(code="EQF")
    design = create_design(
        workspace=workspace,
        title="Solar for Europe",
        framework=eqf,
        level=FrameworkLevel.objects.get(framework=eqf, number=4),
        credential_type=CredentialType.STAND_ALONE,
        by=lead,
    )
    _save(design, "workload", {"guided_learning": "30", "self_study": "20"}, lead)
    response = as_lead.get(_url(design))
    assert response.status_code == 200
    text = page_text(response)
    assert "The EQF has no credit system of its own" in text
    assert "50 notional hours" in text and "on EQF =" not in text
    assert "ECTS equivalent: 2 ECTS credits" in text
