"""section_kinds.clean: the last line of validation for every kind of section, whoever saves.

Each refusal names the field (and an outcome by its number), and save_section saves nothing:
the section's version and the design's revisions stay as they were.
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from codesign import section_kinds
from codesign.actions.designs import save_section
from codesign.models import DesignRevision, DesignSection
from codesign.sections import MAX_OUTCOMES, outline_for

pytestmark = pytest.mark.django_db


def _definition(design, key):
    return outline_for(design.framework).get(key)


def _clean(design, key, content):
    return section_kinds.clean(_definition(design, key), content, design=design)


def _refused(design, key, content, by):
    """Save through the action; assert it is refused and nothing changed; the messages."""
    section = DesignSection.objects.get(design=design, key=key)
    revisions = DesignRevision.objects.filter(design=design).count()
    with pytest.raises(ValidationError) as caught:
        save_section(design=design, key=key, content=content, base_version=section.version, by=by)
    section.refresh_from_db()
    after = DesignSection.objects.get(design=design, key=key)
    assert after.version == section.version and after.content == section.content
    assert DesignRevision.objects.filter(design=design).count() == revisions
    return caught.value.message_dict


def test_hours_are_stored_as_normalised_decimal_strings(design, lead):
    content = {"guided_learning": "20.0", "self_study": "12.50", "work_based": "", "assessment": 4}
    assert _clean(design, "workload", content) == {
        "guided_learning": "20",
        "self_study": "12.5",
        "work_based": "0",
        "assessment": "4",
    }
    # Cleaning what was cleaned changes nothing (save_section cleans the form's output again).
    cleaned = _clean(design, "workload", content)
    assert _clean(design, "workload", cleaned) == cleaned


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abc", "Guided learning: “abc” is not a number of hours"),
        ("NaN", "Guided learning: “NaN” is not a number of hours"),
        ("Infinity", "Guided learning: “Infinity” is not a number of hours"),
        ("-5", "Guided learning: hours cannot be negative"),
        ("1000.5", "Guided learning: at most 1000 hours"),
        ("1e9", "Guided learning: at most 1000 hours"),
        ("2.125", "Guided learning: give hours to at most two decimal places"),
    ],
)
def test_bad_hours_are_refused_naming_the_field(design, lead, typed, expected):
    errors = _refused(design, "workload", {"guided_learning": typed}, lead)
    assert errors["guided_learning"][0].startswith(expected)


def test_hours_over_the_total_ceiling_are_refused(design, lead):
    content = {"guided_learning": "1000", "self_study": "900"}
    errors = _refused(design, "workload", content, lead)
    assert errors[NON_FIELD_ERRORS] == [
        "Total notional hours: at most 1800 (these add up to 1900)."
    ]


def test_every_bad_field_is_reported_at_once(design, lead):
    errors = _refused(design, "workload", {"guided_learning": "x", "assessment": "-1"}, lead)
    assert set(errors) == {"guided_learning", "assessment"}
    assert errors["assessment"][0].startswith("Assessment: hours cannot be negative")


def test_outcomes_are_cleaned_in_order(design, lead):
    content = {
        "outcomes": [
            {"statement": "  Install a   panel\nsafely ", "domain": "skills", "assessment": ""},
            {"statement": "Explain the risks", "domain": "knowledge", "assessment": "Quiz"},
        ]
    }
    assert _clean(design, "learning_outcomes", content) == {
        "outcomes": [
            {"statement": "Install a panel safely", "domain": "skills", "assessment": ""},
            {"statement": "Explain the risks", "domain": "knowledge", "assessment": "Quiz"},
        ]
    }


def test_an_outcome_without_a_statement_or_domain_is_refused_by_its_number(design, lead):
    content = {
        "outcomes": [
            {"statement": "Explain the risks", "domain": "knowledge"},
            {"statement": " ", "domain": "skills"},
            {"statement": "Wire a panel", "domain": "feelings"},
        ]
    }
    errors = _refused(design, "learning_outcomes", content, lead)
    assert errors["outcomes"] == [
        "Outcome 2: write what the learner will be able to do.",
        "Outcome 3: choose whether it is knowledge, skills, or responsibility and autonomy.",
    ]


def test_an_outcome_over_its_length_is_refused(design, lead):
    content = {"outcomes": [{"statement": "Explain " + "x" * 600, "domain": "knowledge"}]}
    errors = _refused(design, "learning_outcomes", content, lead)
    assert errors["outcomes"][0].startswith("Outcome 1, statement: Write at most 500 characters")


def test_more_outcomes_than_the_limit_are_refused(design, lead):
    outcome = {"statement": "Explain the risks", "domain": "knowledge"}
    content = {"outcomes": [outcome] * (MAX_OUTCOMES + 1)}
    errors = _refused(design, "learning_outcomes", content, lead)
    assert errors["outcomes"] == ["Learning outcomes: at most 50 outcomes (this has 51)."]


@pytest.mark.parametrize(
    ("key", "content", "field", "expected"),
    [
        ("need", {"text": "<script>alert(1)</script>"}, "text", "Need and purpose: “<script>”"),
        ("need", {"text": "Fine\x07bell"}, "text", "Need and purpose: The text contains"),
        ("need", {"text": "x" * 20_001}, "text", "Need and purpose: Write at most 20000"),
        (
            "delivery",
            {"modes": ["online"], "text": "<b>bold</b>"},
            "text",
            "Where, when and who teaches: “<b>”",
        ),
        (
            "assessment",
            {"text": "Observed <img src=x>", "supervision": ""},
            "text",
            "Type of assessment: “<img src=x>”",
        ),
        (
            "stackability",
            {"integration": "stackable", "rpl": "\u202eevil"},
            "rpl",
            "Recognition of prior learning: The text contains",
        ),
        (
            "awarding_bodies",
            {"bodies": [], "others": "<a href=x>MQA</a>"},
            "others",
            "Other awarding bodies: “<a href=x>”",
        ),
    ],
)
def test_markup_control_characters_and_long_text_are_refused(
    design, lead, key, content, field, expected
):
    errors = _refused(design, key, content, lead)
    assert errors[field][0].startswith(expected)


def test_text_with_angle_brackets_that_is_not_markup_is_kept(design, lead):
    text = "Fewer than <20 credits & more > 5"
    assert _clean(design, "need", {"text": text}) == {"text": text}


@pytest.mark.parametrize(
    ("key", "content", "field", "expected"),
    [
        (
            "delivery",
            {"modes": ["online", "telepathy"]},
            "modes",
            "Forms of participation: “telepathy” is not one of the choices.",
        ),
        (
            "assessment",
            {"text": "Observed", "supervision": "trust_me"},
            "supervision",
            "Supervision and identity verification: “trust_me” is not one of the choices.",
        ),
        (
            "stackability",
            {"integration": "glued"},
            "integration",
            "Stand-alone or stackable: “glued” is not one of the choices.",
        ),
    ],
)
def test_choices_outside_their_lists_are_refused(design, lead, key, content, field, expected):
    assert _refused(design, key, content, lead)[field] == [expected]


def test_modes_are_kept_once_in_their_listed_order(design):
    cleaned = _clean(design, "delivery", {"modes": ["work_based", "online", "online"]})
    assert cleaned == {"modes": ["online", "work_based"], "text": ""}


def test_awarding_bodies_are_the_workspace_members_organisations_with_their_names(
    design, industry, university
):
    cleaned = _clean(
        design,
        "awarding_bodies",
        {"bodies": [str(university.pk), {"organisation": industry.pk}, university.pk]},
    )
    assert cleaned == {
        "bodies": [
            {"organisation": university.pk, "name": "University of Mauritius"},
            {"organisation": industry.pk, "name": "Island Sugar Estates"},
        ],
        "others": "",
    }


def test_an_organisation_no_member_speaks_for_cannot_award(design, lead, other_design):
    outsider = other_design.workspace.members.get().organisation
    errors = _refused(design, "awarding_bodies", {"bodies": [outsider.pk]}, lead)
    assert errors["bodies"] == [
        f"Awarding bodies: “{outsider.pk}” is not an organisation that a member of this "
        "workspace speaks for."
    ]


def test_content_in_the_wrong_shape_is_refused(design, lead):
    with pytest.raises(ValidationError):
        _clean(design, "need", ["not", "a", "dict"])
    assert "outcomes" in _refused(design, "learning_outcomes", {"outcomes": "many"}, lead)
