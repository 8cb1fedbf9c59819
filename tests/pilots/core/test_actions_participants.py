"""save_participants (upsert by reference, all or nothing) and record_outcomes (each rule
naming its field); awards become achievements and clearing one revokes it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pilots.actions.participants import record_outcomes, save_participants
from pilots.models import Achievement, Participant
from portal.audit.models import AuditEntry
from tests.pilots.helpers import add_participants, participant_rows_for

pytestmark = pytest.mark.django_db


def test_upsert_by_reference_counts_created_updated_unchanged(world):
    rows = participant_rows_for(world, 3)
    assert add_participants(world, rows) == {"created": 3, "updated": 0, "unchanged": 0}
    assert add_participants(world, rows) == {"created": 0, "updated": 0, "unchanged": 3}
    rows[1] = rows[1] | {"gender": "male", "cohort": world.cohort_b.pk}
    rows.append({"reference": "P004"})
    assert add_participants(world, rows) == {"created": 1, "updated": 1, "unchanged": 2}
    changed = Participant.objects.get(reference="P002")
    assert (changed.gender, changed.cohort) == ("male", world.cohort_b)
    assert Participant.objects.count() == 4
    counts = [e.detail for e in AuditEntry.objects.filter(action="pilots.save_participants")]
    assert counts[-1] == {"created": 1, "updated": 1, "unchanged": 2}


def test_a_bad_row_saves_nothing_and_is_named(world):
    add_participants(world, participant_rows_for(world, 1))
    other_country = world.districts["Moka"].__class__.objects.get(country__code="LS", name="Maseru")
    rows = [
        {"reference": "P001", "gender": "male"},
        {"reference": "P002"},
        {"reference": "P003", "district": other_country},
    ]
    with pytest.raises(ValidationError) as error:
        add_participants(world, rows)
    assert error.value.messages == [
        "Row 3 (participant P003): the district is not one of the pilot's country."
    ]
    assert list(Participant.objects.values_list("reference", "gender")) == [("P001", "female")]

    with pytest.raises(ValidationError) as error:
        save_participants(
            pilot=world.pilot, rows=[{"reference": "P009", "gender": "male"}], by=world.provider
        )
    assert error.value.messages[0].startswith("Row 1 (participant P009): missing birth_year")


def test_outsiders_cannot_save_participants(world):
    for person in (world.stranger, world.official, world.assessor, world.staff):
        with pytest.raises(ValidationError):
            add_participants(world, participant_rows_for(world, 1), by=person)
    assert not Participant.objects.exists()


def test_record_outcomes_checks_each_field(world):
    add_participants(world, participant_rows_for(world, 1))
    participant = Participant.objects.get()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        record_outcomes(
            participant=participant,
            by=world.provider,
            completed_on=date(2026, 1, 1),  # before enrolment on 2 February
            assessment_result="passed",
            assessment_score=104,
            employer_satisfaction=4,
        )
    problems = {field: " ".join(m) for field, m in error.value.message_dict.items()}
    assert problems == {
        "completed_on": "The completion date (2026-01-01) is before the enrolment date "
        "(2026-02-02).",
        "assessment_score": "The score 104.00 is out of range: enter a number from 0 to 100.",
        "employer_satisfaction": "An employer's satisfaction is recorded for a participant in "
        "work at a follow-up.",
    }
    with pytest.raises(ValidationError) as error:
        record_outcomes(
            participant=participant,
            by=world.provider,
            completed_on=today - timedelta(days=30),
            assessment_result="failed",
            awarded_on=today,
            status_3_months="employed",
        )
    problems = {field: " ".join(m) for field, m in error.value.message_dict.items()}
    assert problems["awarded_on"] == "A credential is awarded only after a passed assessment."
    assert problems["status_3_months"].startswith("The 3-month follow-up is due on ")
    participant.refresh_from_db()
    assert participant.completed_on is None  # nothing half-saved
    with pytest.raises(ValidationError) as error:
        record_outcomes(participant=participant, by=world.provider, status_6_months="employed")
    assert error.value.message_dict["status_6_months"] == [
        "Follow-ups are counted from completion: record the completion date first."
    ]


def test_outcomes_saved_and_award_creates_then_revokes_an_achievement(world):
    add_participants(world, participant_rows_for(world, 1))
    participant = Participant.objects.get()
    record_outcomes(
        participant=participant,
        by=world.academic,
        completed_on=date(2026, 4, 30),
        assessment_result="passed",
        assessment_score="78.5",
        awarded_on=date(2026, 5, 20),
        status_3_months="employed",
        status_6_months="promoted",
        employer_satisfaction=5,
    )
    participant.refresh_from_db()
    assert participant.assessment_score == Decimal("78.50")
    assert participant.status_6_months == "promoted"
    achievement = Achievement.objects.get(participant=participant)
    assert achievement.awarded_on == date(2026, 5, 20)
    assert achievement.issuer == world.university  # the register's awarding body
    assert achievement.register_entry == world.entry
    code = achievement.verification_code
    assert len(code) == 12 and set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert AuditEntry.objects.filter(action="pilots.record_outcomes").count() == 1

    record_outcomes(participant=participant, by=world.provider, awarded_on=None)
    achievement.refresh_from_db()
    assert achievement.revoked_at is not None

    record_outcomes(participant=participant, by=world.provider, awarded_on=date(2026, 6, 1))
    achievement.refresh_from_db()
    assert (achievement.revoked_at, achievement.awarded_on) == (None, date(2026, 6, 1))
    assert achievement.verification_code == code
    assert Achievement.objects.count() == 1


def test_imported_awards_become_achievements_too(world):
    rows = participant_rows_for(
        world,
        3,
        completed_on=date(2026, 4, 30),
        assessment_result="passed",
        assessment_score=70,
        awarded_on=date(2026, 5, 15),
    )
    add_participants(world, rows)
    codes = set(Achievement.objects.values_list("verification_code", flat=True))
    assert len(codes) == 3
    add_participants(world, rows)  # unchanged: no new codes
    assert set(Achievement.objects.values_list("verification_code", flat=True)) == codes


def test_record_outcomes_by_an_outsider_is_refused(world):
    add_participants(world, participant_rows_for(world, 1))
    participant = Participant.objects.get()
    with pytest.raises(ValidationError):
        record_outcomes(participant=participant, by=world.official, completed_on=date(2026, 4, 1))


def test_a_large_batch_is_upserted_the_same_way(world):
    rows = participant_rows_for(world, 510)
    assert add_participants(world, rows) == {"created": 510, "updated": 0, "unchanged": 0}
    rows[509] = rows[509] | {"birth_year": 1990}
    assert add_participants(world, rows) == {"created": 0, "updated": 1, "unchanged": 509}
