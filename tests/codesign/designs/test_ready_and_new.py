"""Marking a design ready and reopening it from its page; starting a design in a workspace."""

import pytest
from django.urls import reverse

from codesign.models import Design, DesignSection, DesignStatus
from codesign.sections import outline_for
from portal.frameworks.models import FrameworkLevel

from .conftest import page_text

pytestmark = pytest.mark.django_db


def test_marking_ready_is_refused_with_the_errors_listed(design, as_lead):
    response = as_lead.post(reverse("codesign:design_ready", args=[design.pk]))
    text = page_text(as_lead.get(response["Location"]))
    assert "This design cannot be marked ready while it has 11 errors:" in text
    assert "“Learning outcomes” is empty." in text
    assert Design.objects.get(pk=design.pk).status == DesignStatus.DRAFT


def test_a_lead_marks_a_complete_design_ready_and_reopens_it(design, lead, as_lead, fill):
    fill(design, lead)
    page = page_text(as_lead.get(reverse("codesign:design", args=[design.pk])))
    assert "Mark ready for review" in page
    response = as_lead.post(reverse("codesign:design_ready", args=[design.pk]))
    text = page_text(as_lead.get(response["Location"]))
    assert "The design is marked ready for review." in text
    assert "Marked ready for review by Lina Lead on" in text
    assert "Reopen for editing" in text
    # No edit links while it is ready.
    assert reverse("codesign:design_section", args=[design.pk, "need"]) not in text
    design.refresh_from_db()
    assert design.status == DesignStatus.READY and design.ready_by == lead

    response = as_lead.post(reverse("codesign:design_reopen", args=[design.pk]))
    assert "The design is open for editing again." in page_text(as_lead.get(response["Location"]))
    assert Design.objects.get(pk=design.pk).status == DesignStatus.DRAFT


def test_a_co_author_starts_a_design_in_the_workspace(workspace, coauthor, as_coauthor):
    url = reverse("codesign:design_new", args=[workspace.pk])
    page = as_coauthor.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("<select") == 1
    level = FrameworkLevel.objects.get(framework__code="MU-NQF", number=4)
    response = as_coauthor.post(
        url,
        {
            "title": " Servicing  solar inverters ",
            "level": str(level.pk),
            "credential_type": "stand_alone",
        },
    )
    design = Design.objects.get(workspace=workspace)
    assert response["Location"] == reverse("codesign:design", args=[design.pk])
    assert design.title == "Servicing solar inverters"
    assert design.framework.code == "MU-NQF" and design.level == level
    assert design.created_by == coauthor
    assert set(DesignSection.objects.filter(design=design).values_list("key", flat=True)) == set(
        outline_for(design.framework).keys
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "x" * 10_000},
            "Title: The name can have at most 200 characters (it has 10000).",
        ),
        ({"title": "<b>Solar</b>"}, "Title: “<b>” is HTML markup; write the title as plain text."),
        ({"title": ""}, "Title: Enter a name."),
        ({"level": "999999"}, "Framework and level: there is no level “999999”"),
        ({"level": ""}, "Framework and level: choose the level the design targets."),
        (
            {"credential_type": "vanity"},
            "Type of micro-credential: “vanity” is not one of the choices.",
        ),
    ],
)
def test_a_new_design_with_bad_input_is_refused_naming_the_field(workspace, as_lead, data, message):
    level = FrameworkLevel.objects.get(framework__code="MU-NQF", number=4)
    valid = {"title": "Solar", "level": str(level.pk), "credential_type": "stand_alone"}
    response = as_lead.post(reverse("codesign:design_new", args=[workspace.pk]), {**valid, **data})
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Design.objects.filter(workspace=workspace).exists()
