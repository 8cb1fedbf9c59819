"""The writing aid: verbs that cannot be observed, and the level descriptors to write against."""

import pytest

from codesign.writing_aid import descriptors_for, flags, source
from portal.frameworks.models import FrameworkLevel


def _found(statement, domain=""):
    return [(flag.found, flag.phrase) for flag in flags(statement, domain)]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("Know the parts of an inverter", [("Know", "know")]),
        ("KNOW the parts", [("KNOW", "know")]),
        ("Apply knowledge of wiring codes", []),  # "knowledge" is not "know"
        ("Acknowledge a fault report", []),
        ("Be aware of the hazards", [("Be aware of", "be aware of")]),
        ("Be   aware\nof the hazards", [("Be   aware\nof", "be aware of")]),
        ("Demonstrate an understanding of load", [("understanding", "understand")]),
        (
            "Appreciate and understand safety",
            [("understand", "understand"), ("Appreciate", "appreciate")],
        ),
        ("Describe work-based learning routes", []),
        ("Install a panel safely", []),
    ],
)
def test_phrases_that_cannot_be_observed_are_found_as_whole_words(statement, expected):
    assert sorted(_found(statement)) == sorted(expected)


def test_suggestions_follow_the_outcomes_domain_where_the_list_has_some():
    [general] = flags("Understand load calculations")
    assert general.suggestions[:2] == ("explain", "summarise")
    [skills] = flags("Understand load calculations", "skills")
    assert skills.suggestions[:2] == ("apply", "solve")
    [no_domain_list] = flags("Appreciate the client's view", "skills")
    assert no_domain_list.suggestions == flags("Appreciate the client's view")[0].suggestions


def test_the_list_says_where_it_comes_from():
    assert "Kennedy, Hyland and Ryan" in source()
    assert "Bloom" in source()


@pytest.mark.django_db
def test_a_level_with_descriptors_shows_its_own():
    level = FrameworkLevel.objects.get(framework__code="EQF", number=5)
    shown = descriptors_for(level)
    assert shown.level == level and not shown.borrowed


@pytest.mark.django_db
def test_a_national_level_without_descriptors_borrows_its_mapped_eqf_levels():
    # Ireland's NFQ level 6 maps onto an EQF level (its referencing report).
    level = FrameworkLevel.objects.get(framework__code="IE-NFQ", number=6)
    shown = descriptors_for(level)
    assert shown.borrowed
    assert shown.level.framework.code == "EQF"
    assert shown.level == level.mappings.get().target_level
    assert shown.level.knowledge


@pytest.mark.django_db
def test_a_level_mapped_only_to_a_level_without_descriptors_has_none():
    # MU-NQF maps onto SADCQF, whose descriptors are not recorded yet.
    assert descriptors_for(FrameworkLevel.objects.get(framework__code="MU-NQF", number=5)) is None
