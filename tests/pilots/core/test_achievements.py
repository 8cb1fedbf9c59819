"""The public register of learner achievements: anyone verifies a code and reads the
credential, its issuer and the award date, and whether it was revoked; never who holds it."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.actions.participants import record_outcomes
from pilots.models import Achievement, Participant
from tests.pilots.helpers import add_participants, participant_rows_for, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievement(world):
    add_participants(
        world,
        participant_rows_for(
            world,
            1,
            start=731,
            birth_year=1999,
            gender="female",
            completed_on=date(2026, 4, 30),
            assessment_result="passed",
            assessment_score=88,
            awarded_on=date(2026, 5, 14),
        ),
    )
    return Achievement.objects.get()


def test_the_page_shows_the_credential_issuer_and_date_and_nothing_personal(world, achievement):
    url = reverse("pilots:achievement", args=[achievement.verification_code])
    response = signed_in(None).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # a revocation shows at once
    html = response.content.decode()
    assert world.entry.title in html
    assert world.entry.identifier in html
    assert "University of Mauritius" in html
    assert "14 May 2026" in html
    assert "Valid." in html
    participant = achievement.participant
    for personal in (
        participant.reference,
        "1999",
        "Female",
        participant.district.name,
        world.pilot.title,
        world.cohort_a.code,
        "88",
        world.provider.email,
    ):
        assert personal not in html, personal


def test_a_revoked_award_says_so(world, achievement):
    record_outcomes(participant=Participant.objects.get(), by=world.provider, awarded_on=None)
    html = signed_in(None).get(achievement.get_absolute_url()).content.decode()
    assert "Revoked." in html and "Valid." not in html


def test_verify_by_code_as_typed(achievement):
    code = achievement.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]}-{code[8:]} "
    response = signed_in(None).get(reverse("pilots:achievement_verify"), {"code": typed})
    assert response.status_code == 302
    assert response.url == reverse("pilots:achievement", args=[code])
    response = signed_in(None).get(reverse("pilots:achievement", args=[code.lower()]))
    assert response.url == reverse("pilots:achievement", args=[code])


def test_an_unknown_code_is_404_with_the_form_again(achievement):
    response = signed_in(None).get(reverse("pilots:achievement_verify"), {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404
    assert "No achievement in the register has this code" in response.content.decode()
    response = signed_in(None).get(reverse("pilots:achievement", args=["ABCDEFGHJKMN"]))
    assert response.status_code == 404
    assert signed_in(None).get(reverse("pilots:achievement_verify")).status_code == 200
