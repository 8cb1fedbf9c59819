"""The partners' pages do what they say: start a pilot, change its basics, partners, sites,
cohorts, status, targets and narrative, list participants and record outcomes."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.models import Achievement, IndicatorTarget, Participant, Pilot
from tests.pilots.helpers import add_participants, participant_rows_for, signed_in

pytestmark = pytest.mark.django_db


def test_start_a_pilot(world, as_academic):
    response = as_academic.get(reverse("pilots:new"))
    assert response.status_code == 200
    assert world.entry.title in response.content.decode()
    response = as_academic.post(
        reverse("pilots:new"),
        {
            "lead_organisation": world.university.pk,
            "register_entry": world.entry.pk,
            "country": world.pilot.country.pk,
            "title": "Solar pilot in the south",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
        },
    )
    assert response.status_code == 200
    assert "The end date (2026-08-01) is before the start date (2026-09-01)." in (
        response.content.decode()
    )
    response = as_academic.post(
        reverse("pilots:new"),
        {
            "lead_organisation": world.university.pk,
            "register_entry": world.entry.pk,
            "country": world.pilot.country.pk,
            "title": "Solar pilot in the south",
            "starts_on": "2026-09-01",
            "ends_on": "2027-08-01",
        },
    )
    pilot = Pilot.objects.get(title="Solar pilot in the south")
    assert response.url == reverse("pilots:pilot", args=[pilot.pk])
    assert pilot.lead_organisation == world.university


def test_people_who_may_not_lead_are_told_who_may(world):
    response = signed_in(world.official).get(reverse("pilots:new"))
    assert response.status_code == 403
    assert "verified industry organisations, universities and TVET colleges" in (
        response.content.decode()
    )


def test_the_pilot_page_for_a_partner(world, as_provider):
    add_participants(world, participant_rows_for(world, 3))
    IndicatorTarget.objects.create(pilot=world.pilot, key="enrolments", target=60)
    IndicatorTarget.objects.create(
        pilot=world.pilot,
        key="custom-placements",
        label="Placements",
        unit="placements",
        target=20,
        actual=5,
        is_custom=True,
    )
    html = as_provider.get(reverse("pilots:pilot", args=[world.pilot.pk])).content.decode()
    assert "3 participants" in html
    assert "Flacq training centre: Flacq, rural" in html
    assert "Enrolments" in html and "Placements" in html
    assert 'value="25"' in html  # 5 of 20 placements
    assert reverse("pilots:participants", args=[world.pilot.pk]) in html


def test_change_basics_status_and_narrative(world, as_provider):
    pk = world.pilot.pk
    response = as_provider.post(
        reverse("pilots:edit", args=[pk]),
        {"title": "Renamed", "starts_on": "2026-02-01", "ends_on": "2027-02-28"},
    )
    assert response.status_code == 302
    response = as_provider.post(reverse("pilots:status", args=[pk]), {"status": "completed"})
    assert response.status_code == 400  # not offered from "planned"
    as_provider.post(reverse("pilots:status", args=[pk]), {"status": "running"})
    as_provider.post(reverse("pilots:narrative", args=[pk]), {"narrative": "Going well."})
    world.pilot.refresh_from_db()
    assert (world.pilot.title, world.pilot.status, world.pilot.narrative) == (
        "Renamed",
        "running",
        "Going well.",
    )


def test_partners_sites_and_cohorts(world, as_provider):
    pk = world.pilot.pk
    response = as_provider.get(reverse("pilots:partners", args=[pk]))
    options = response.content.decode()
    assert "Other Industries Ltd" in options
    assert "Ministry of Education" not in options  # never a partner
    as_provider.post(
        reverse("pilots:partners", args=[pk]),
        {"organisation": world.outsider.pk, "role": "industry"},
    )
    assert world.pilot.partners.filter(organisation=world.outsider).exists()
    as_provider.post(reverse("pilots:partner_remove", args=[pk, world.outsider.pk]))
    assert not world.pilot.partners.filter(organisation=world.outsider).exists()

    response = as_provider.post(
        reverse("pilots:site_add", args=[pk]),
        {"name": "Rose Belle", "district": world.districts["Grand Port"].pk, "setting": "rural"},
    )
    assert response.status_code == 302
    response = as_provider.post(
        reverse("pilots:cohort_add", args=[pk]),
        {
            "code": "2026-C",
            "site": "",
            "starts_on": "2026-09-01",
            "ends_on": "2026-11-30",
            "delivery_mode": "online",
            "capacity": "40",
        },
    )
    assert response.status_code == 302
    assert world.pilot.cohorts.get(code="2026-C").site is None


def test_targets_all_or_nothing_and_custom(world, as_provider):
    url = reverse("pilots:targets", args=[world.pilot.pk])
    response = as_provider.post(
        url,
        {"form": "standard", "standard-enrolments": "60", "standard-completion_rate": "150"},
    )
    assert response.status_code == 400
    assert not IndicatorTarget.objects.exists()
    as_provider.post(
        url, {"form": "standard", "standard-enrolments": "60", "standard-share_women": "50"}
    )
    assert dict(IndicatorTarget.objects.values_list("key", "target")) == {
        "enrolments": 60,
        "share_women": 50,
    }
    as_provider.post(url, {"form": "standard", "standard-enrolments": "60"})
    assert list(IndicatorTarget.objects.values_list("key", flat=True)) == ["enrolments"]
    as_provider.post(
        url,
        {
            "form": "custom",
            "custom-label": "Placements",
            "custom-unit": "placements",
            "custom-target": "20",
        },
    )
    custom = IndicatorTarget.objects.get(is_custom=True)
    response = as_provider.get(url + f"?key={custom.key}")
    assert 'value="Placements"' in response.content.decode()
    as_provider.post(
        url,
        {
            "form": "custom",
            "custom-key": custom.key,
            "custom-label": "Placements",
            "custom-unit": "placements",
            "custom-target": "20",
            "custom-actual": "8",
        },
    )
    custom.refresh_from_db()
    assert custom.actual == 8


def test_participant_list_filters_by_cohort_and_pages(world, as_academic):
    add_participants(world, participant_rows_for(world, 55))
    add_participants(world, participant_rows_for(world, 2, start=56, cohort=world.cohort_b))
    url = reverse("pilots:participants", args=[world.pilot.pk])
    html = as_academic.get(url).content.decode()
    assert "57 participants" in html and "Page 1 of 2" in html
    html = as_academic.get(url, {"cohort": world.cohort_b.pk}).content.decode()
    assert "2 participants" in html and "P056" in html and "P001" not in html


def test_record_outcomes_on_the_participant_page(world, as_academic):
    add_participants(world, participant_rows_for(world, 1))
    participant = Participant.objects.get()
    url = participant.get_absolute_url()
    html = as_academic.get(url).content.decode()
    assert "a young person (14 to 35 in this country)" in html
    response = as_academic.post(
        url, {"completed_on": "2026-04-30", "assessment_score": "70", "awarded_on": "2026-05-10"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Record the assessment result with its score." in html
    assert "A credential is awarded only after a passed assessment." in html
    response = as_academic.post(
        url,
        {
            "completed_on": "2026-04-30",
            "assessment_result": "passed",
            "assessment_score": "70",
            "awarded_on": "2026-05-10",
            "status_3_months": "self_employed",
            "employer_satisfaction": "4",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.completed_on == date(2026, 4, 30)
    assert participant.employer_satisfaction == 4
    achievement = Achievement.objects.get()
    code = achievement.verification_code
    assert f"{code[:4]}-{code[4:8]}-{code[8:]}" in as_academic.get(url).content.decode()


def test_the_participant_page_counts_youth_as_the_dashboards_do(world, as_academic):
    # The dashboards take the age reached in the pilot's first year (2026 here): born in 1991
    # is 35 then, young in Mauritius (14 to 35); born in 1990 is not.
    add_participants(world, participant_rows_for(world, 1, birth_year=1991))
    add_participants(world, participant_rows_for(world, 1, start=2, birth_year=1990))
    young, older = Participant.objects.order_by("reference")
    html = as_academic.get(young.get_absolute_url()).content.decode()
    assert "35 in 2026 (born 1991)" in html and "a young person (14 to 35" in html
    html = as_academic.get(older.get_absolute_url()).content.decode()
    assert "36 in 2026 (born 1990)" in html and "not in the youth band (14 to 35" in html
