"""Bad input through the editor's pages: a clear message naming the field, and nothing saved
(the section's version and the design's revisions stay as they were)."""

import pytest
from django.urls import reverse

from codesign.models import Design, DesignRevision, DesignSection

from .conftest import page_text

pytestmark = pytest.mark.django_db

OUTCOME_ROW = {
    "outcomes-TOTAL_FORMS": "1",
    "outcomes-INITIAL_FORMS": "0",
    "outcomes-MIN_NUM_FORMS": "0",
    "outcomes-MAX_NUM_FORMS": "50",
    "outcomes-0-statement": "Explain the risks",
    "outcomes-0-domain": "knowledge",
    "outcomes-0-assessment": "",
}


def _post_refused(client, design, key, data):
    """POST the section form; assert the page answers with the form and nothing was saved.
    Returns the page's text."""
    section = DesignSection.objects.get(design=design, key=key)
    revisions = DesignRevision.objects.filter(design=design).count()
    title = Design.objects.get(pk=design.pk).title
    response = client.post(
        reverse("codesign:design_section", args=[design.pk, key]),
        {**data, "base_version": str(section.version)},
    )
    assert response.status_code == 200
    after = DesignSection.objects.get(design=design, key=key)
    assert (after.version, after.content) == (section.version, section.content)
    assert DesignRevision.objects.filter(design=design).count() == revisions
    assert Design.objects.get(pk=design.pk).title == title
    text = page_text(response)
    assert "There is a problem: nothing was saved" in text
    return text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Guided learning: hours cannot be negative (this says -5)."),
        ("abc", "Guided learning: “abc” is not a number of hours (write, for example, 12.5)."),
        ("1001", "Guided learning: at most 1000 hours (this says 1001)."),
    ],
)
def test_bad_hours_are_refused_naming_the_field(design, as_lead, typed, message):
    assert message in _post_refused(as_lead, design, "workload", {"guided_learning": typed})


def test_hours_over_the_total_ceiling_are_refused(design, as_lead):
    data = {"guided_learning": "1000", "self_study": "500", "work_based": "400"}
    text = _post_refused(as_lead, design, "workload", data)
    assert "Total notional hours: at most 1800 (these add up to 1900)." in text


def _basics(design, **changes):
    return {
        "title": design.title,
        "level": str(design.level_id),
        "credential_type": design.credential_type,
        **changes,
    }


def test_a_level_that_does_not_exist_is_refused(design, as_lead):
    text = _post_refused(as_lead, design, "basics", _basics(design, level="999999"))
    assert "Framework and level: there is no level “999999”; choose one from the list." in text


def test_a_10000_character_title_is_refused(design, as_lead):
    text = _post_refused(as_lead, design, "basics", _basics(design, title="x" * 10_000))
    assert "Title: The name can have at most 200 characters (it has 10000)." in text


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("<script>alert(1)</script>", "Title: “<script>” is HTML markup"),
        ("Solar\u202eevil", "Title: The name contains a character that is invisible"),
        ("Solar\x07bell", "Title: The name contains a character that is invisible"),
    ],
)
def test_markup_and_control_characters_in_the_title_are_refused(design, as_lead, title, message):
    assert message in _post_refused(as_lead, design, "basics", _basics(design, title=title))


SCRIPT = "<script>alert(1)</script>"
BELL = "Ring\x07the bell"


@pytest.mark.parametrize(
    ("key", "data", "field"),
    [
        ("need", {"text": "{}"}, "Need and purpose"),
        ("quality_assurance", {"text": "{}"}, "Quality assurance"),
        ("delivery", {"modes": ["online"], "text": "{}"}, "Where, when and who teaches"),
        ("assessment", {"text": "{}"}, "Type of assessment"),
        ("awarding_bodies", {"others": "{}"}, "Other awarding bodies"),
        ("stackability", {"towards": "{}"}, "What it stacks towards"),
        ("stackability", {"rpl": "{}"}, "Recognition of prior learning"),
        (
            "learning_outcomes",
            {**OUTCOME_ROW, "outcomes-0-statement": "{}"},
            "Outcome 1, statement",
        ),
        (
            "learning_outcomes",
            {**OUTCOME_ROW, "outcomes-0-assessment": "{}"},
            "Outcome 1, how it is assessed",
        ),
    ],
)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (SCRIPT, "“<script>” is HTML markup."),
        (BELL, "The text contains a character that is invisible"),
    ],
)
def test_markup_and_control_characters_in_any_text_field_are_refused(
    design, as_lead, key, data, field, bad, message
):
    data = {
        name: value.replace("{}", bad) if isinstance(value, str) else value
        for name, value in data.items()
    }
    assert f"{field}: {message}" in _post_refused(as_lead, design, key, data)


def test_what_was_typed_is_shown_back_escaped(design, as_lead):
    response = as_lead.post(
        reverse("codesign:design_section", args=[design.pk, "need"]),
        {"text": SCRIPT, "base_version": "0"},
    )
    body = response.content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_text_over_its_length_is_refused(design, as_lead):
    text = _post_refused(as_lead, design, "need", {"text": "x" * 20_001})
    assert "Need and purpose: Write at most 20000 characters here (this has 20001)." in text


def test_a_forged_choice_is_refused_naming_the_field(design, as_lead):
    text = _post_refused(as_lead, design, "delivery", {"modes": ["online", "telepathy"]})
    assert "Forms of participation: “telepathy” is not one of the choices." in text


def test_an_organisation_outside_the_workspace_cannot_be_an_awarding_body(
    design, as_lead, other_design
):
    outsider = other_design.workspace.members.get().organisation
    text = _post_refused(as_lead, design, "awarding_bodies", {"bodies": [str(outsider.pk)]})
    assert (
        f"Awarding bodies: “{outsider.pk}” is not an organisation that a member of this "
        "workspace speaks for." in text
    )


def test_a_forged_version_is_refused(design, as_lead):
    response = as_lead.post(
        reverse("codesign:design_section", args=[design.pk, "need"]),
        {"text": "Fine", "base_version": "many"},
    )
    assert "This page is out of date: open the section again." in page_text(response)
    assert DesignSection.objects.get(design=design, key="need").version == 0
