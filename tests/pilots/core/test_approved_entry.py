"""A pilot of an entry that came into the register the way every entry does: a design written
in a workspace, submitted, reviewed and approved (tests/codesign/register/helpers). The other
pilots tests use tests/pilots/helpers.make_register_entry, a quicker stand-in; this one holds
the whole chain: the entry's own page, a pilot of it, an award, and the achievement's public
page naming the register entry and its issuer."""

from datetime import date

import pytest
from django.urls import reverse

from pilots.actions import participants as participant_actions
from pilots.actions import pilots as actions
from pilots.models import Achievement, District, PartnerRole
from portal.frameworks.models import Country
from tests.codesign.register.helpers import People, approve, write_design

pytestmark = pytest.mark.django_db


def test_an_approved_design_is_piloted_and_its_awards_verify(client):
    people = People()
    entry = approve(people, write_design(people))
    assert client.get(entry.get_absolute_url()).status_code == 200

    pilot = actions.create_pilot(
        register_entry=entry,
        title="Rooftop solar technicians, Flacq",
        lead_organisation=people.industry,
        country=Country.objects.get(code="MU"),
        starts_on=date(2026, 2, 1),
        ends_on=date(2027, 1, 31),
        by=people.lead,
    )
    actions.add_partner(
        pilot=pilot, organisation=people.university, role=PartnerRole.EDUCATION, by=people.lead
    )
    flacq = District.objects.get(country__code="MU", name="Flacq")
    site = actions.add_site(
        pilot=pilot, name="Flacq training centre", district=flacq, setting="rural", by=people.lead
    )
    cohort = actions.add_cohort(
        pilot=pilot,
        code="2026-A",
        site=site,
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 4, 30),
        delivery_mode="on_site",
        capacity=20,
        by=people.lead,
    )
    participant_actions.save_participants(
        pilot=pilot,
        rows=[
            {
                "reference": "FL-001",
                "gender": "male",
                "birth_year": 1999,
                "district": flacq,
                "setting": "rural",
                "disability": "no",
                "employment_at_entry": "unemployed",
                "education_at_entry": "upper_secondary",
                "cohort": cohort,
                "enrolled_on": date(2026, 2, 2),
            }
        ],
        by=people.lead,
    )
    participant_actions.record_outcomes(
        participant=pilot.participants.get(),
        by=people.lead,
        completed_on=date(2026, 4, 30),
        assessment_result="passed",
        assessment_score="78",
        awarded_on=date(2026, 5, 8),
    )

    achievement = Achievement.objects.get()
    # The register names the university as the awarding body, so it issues the credential.
    assert achievement.issuer == people.university
    assert achievement.register_entry == entry
    page = client.get(
        reverse("pilots:achievement", args=[achievement.verification_code])
    ).content.decode()
    assert entry.title in page and entry.identifier in page
    assert "University of Mauritius" in page and "FL-001" not in page
