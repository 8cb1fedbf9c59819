"""The shared fixture builder makes what it says."""

from datetime import date

import pytest

from pilots.models import Achievement, Participant
from tests.pilots.helpers import add_participants, make_world

pytestmark = pytest.mark.django_db


def test_the_world_and_its_participants():
    world = make_world()
    assert world.pilot.partners.count() == 2
    assert {site.setting for site in world.pilot.sites.all()} == {"rural", "urban"}
    assert world.pilot.cohorts.count() == 2
    counts = add_participants(
        world,
        [
            ("P001", {}),
            (
                "P002",
                {
                    "gender": "male",
                    "setting": "urban",
                    "cohort": world.cohort_b,
                    "district": "Port Louis",
                },
            ),
            (
                "P003",
                {
                    "completed_on": date(2026, 4, 30),
                    "assessment_result": "passed",
                    "assessment_score": 81,
                    "awarded_on": date(2026, 5, 15),
                },
            ),
        ],
    )
    assert counts == {"created": 3, "updated": 0, "unchanged": 0}
    assert Participant.objects.filter(pilot=world.pilot).count() == 3
    achievement = Achievement.objects.get()
    assert achievement.participant.reference == "P003"
    assert achievement.issuer == world.university
    assert len(achievement.verification_code) == 12
