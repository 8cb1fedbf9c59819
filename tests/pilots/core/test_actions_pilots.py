"""The pilot actions' rules, each with the message a person reads, and what they change."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from codesign.models.register import EntryStatus
from pilots.actions import pilots as actions
from pilots.models import District, IndicatorTarget, PartnerRole, Pilot, PilotStatus
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.audit.models import AuditEntry
from portal.frameworks.models import Country
from tests.pilots.helpers import make_organisation, make_register_entry, make_user

pytestmark = pytest.mark.django_db


def messages_of(error):
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def new_pilot(world, **overrides):
    values = {
        "register_entry": world.entry,
        "title": "Second pilot",
        "lead_organisation": world.university,
        "country": Country.objects.get(code="MU"),
        "starts_on": date(2026, 9, 1),
        "ends_on": date(2027, 6, 30),
        "by": world.academic,
    } | overrides
    return actions.create_pilot(**values)


def test_create_pilot_makes_the_lead_its_first_partner_and_takes_the_entry_sector(world):
    pilot = new_pilot(world)
    assert pilot.status == PilotStatus.PLANNED
    assert pilot.sector == world.entry.sector
    assert list(pilot.partners.values_list("organisation", "role")) == [
        (world.university.pk, PartnerRole.LEAD)
    ]
    entry = AuditEntry.objects.filter(action="pilots.create_pilot").last()
    assert entry.object_id == str(pilot.pk)
    assert entry.detail["lead_organisation"] == world.university.slug


def test_only_members_of_verified_industry_or_education_organisations_lead(world):
    with pytest.raises(ValidationError) as error:
        new_pilot(world, by=world.provider)  # not a member of the university
    assert "choose one you belong to" in messages_of(error)["lead_organisation"]
    with pytest.raises(ValidationError) as error:
        new_pilot(world, lead_organisation=world.ministry, by=world.official)
    assert "lead_organisation" in messages_of(error)
    assert Pilot.objects.count() == 1


def test_only_recognised_entries_are_piloted(world):
    lapsed = make_register_entry(
        authority=world.authority, title="An old one", status=EntryStatus.LAPSED
    )
    with pytest.raises(ValidationError) as error:
        new_pilot(world, register_entry=lapsed)
    assert messages_of(error)["register_entry"] == (
        "“An old one” is lapsed in the register: only recognised micro-credentials are piloted."
    )


def test_dates_and_title_are_checked_and_every_problem_named(world):
    with pytest.raises(ValidationError) as error:
        new_pilot(world, title="  ", starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1))
    problems = messages_of(error)
    assert problems["title"] == "Enter a name."
    assert problems["ends_on"] == "The end date (2026-01-01) is before the start date (2027-01-01)."
    with pytest.raises(ValidationError) as error:
        new_pilot(world, starts_on=date(1026, 1, 1))
    assert "1026-01-01 is not a plausible start date" in messages_of(error)["starts_on"]


def test_edit_and_narrative_by_partners_only(world):
    pilot = actions.edit_pilot(
        pilot=world.pilot,
        title="Renamed pilot",
        starts_on=date(2026, 2, 1),
        ends_on=date(2027, 3, 31),
        by=world.academic,
    )
    assert (pilot.title, pilot.ends_on) == ("Renamed pilot", date(2027, 3, 31))
    assert pilot.sector == world.entry.sector
    actions.set_narrative(pilot=world.pilot, narrative="It went well.", by=world.provider)
    world.pilot.refresh_from_db()
    assert world.pilot.narrative == "It went well."
    for outsider in (world.stranger, world.official, world.staff):
        with pytest.raises(ValidationError) as error:
            actions.set_narrative(pilot=world.pilot, narrative="Hijacked", by=outsider)
        assert error.value.messages == [
            "Only members of the pilot's partner organisations can change it."
        ]
    with pytest.raises(ValidationError) as error:
        actions.set_narrative(pilot=world.pilot, narrative="<b>bold</b>", by=world.provider)
    assert "HTML markup" in messages_of(error)["narrative"]


def test_status_moves_forward_or_back_one_step(world):
    with pytest.raises(ValidationError) as error:
        actions.set_status(pilot=world.pilot, status=PilotStatus.COMPLETED, by=world.provider)
    assert messages_of(error)["status"] == "A pilot that is “Planned” cannot become “Completed”."
    actions.set_status(pilot=world.pilot, status=PilotStatus.RUNNING, by=world.provider)
    actions.set_status(pilot=world.pilot, status=PilotStatus.COMPLETED, by=world.provider)
    world.pilot.refresh_from_db()
    assert world.pilot.status == PilotStatus.COMPLETED
    with pytest.raises(ValidationError) as error:
        actions.set_status(pilot=world.pilot, status=PilotStatus.COMPLETED, by=world.provider)
    assert messages_of(error)["status"] == "The pilot is already “Completed”."


def test_partners_are_verified_and_never_ministries_or_authorities(world):
    def add(organisation, role=PartnerRole.OTHER):
        with pytest.raises(ValidationError) as error:
            actions.add_partner(
                pilot=world.pilot, organisation=organisation, role=role, by=world.provider
            )
        return messages_of(error)

    assert (
        "ministries and authorities read a pilot's aggregates"
        in add(world.ministry)["organisation"]
    )
    assert "organisation" in add(world.authority)
    assert add(world.university) == {
        "organisation": "University of Mauritius is already a partner in this pilot."
    }
    assert add(world.outsider, PartnerRole.LEAD) == {
        "role": "A pilot has one lead organisation, Island Sugar Estates: choose another role."
    }
    assert add(world.outsider, PartnerRole.EDUCATION) == {
        "role": "Other Industries Ltd (industry partner) cannot be the pilot's education partner."
    }
    person = make_user("new@company.example")
    unverified = accounts.register_organisation(
        name="Unverified Co", kind=OrganisationKind.INDUSTRY, country=world.pilot.country, by=person
    )
    assert "not verified yet" in add(unverified)["organisation"]

    actions.add_partner(
        pilot=world.pilot, organisation=world.outsider, role=PartnerRole.INDUSTRY, by=world.provider
    )
    assert Pilot.objects.partnered_by(world.stranger).filter(pk=world.pilot.pk).exists()


def test_remove_partner_but_never_the_lead(world):
    with pytest.raises(ValidationError) as error:
        actions.remove_partner(pilot=world.pilot, organisation=world.industry, by=world.academic)
    assert messages_of(error)["organisation"] == (
        "Island Sugar Estates leads the pilot: the lead organisation stays a partner."
    )
    actions.remove_partner(pilot=world.pilot, organisation=world.university, by=world.provider)
    assert not Pilot.objects.partnered_by(world.academic).exists()
    assert AuditEntry.objects.filter(action="pilots.remove_partner").count() == 1


def test_sites_are_in_the_pilot_country_with_unique_names(world):
    cape_town = District.objects.get(country__code="ZA", name="City of Cape Town")
    with pytest.raises(ValidationError) as error:
        actions.add_site(
            pilot=world.pilot,
            name="Port Louis campus",
            district=cape_town,
            setting="city",
            by=world.provider,
        )
    assert messages_of(error) == {
        "name": "The pilot already has a site called “Port Louis campus”.",
        "district": "Choose one of Mauritius's districts.",
        "setting": "Say whether the site is rural or urban.",
    }
    site = actions.add_site(
        pilot=world.pilot,
        name="Rodrigues annexe",
        district=world.districts["Rodrigues"],
        setting="rural",
        by=world.academic,
    )
    assert site.district.name == "Rodrigues"


def test_cohorts_checked_field_by_field(world, make_other_pilot_site):
    with pytest.raises(ValidationError) as error:
        actions.add_cohort(
            pilot=world.pilot,
            code="2026-a",
            site=make_other_pilot_site,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
            delivery_mode="by_post",
            capacity=0,
            by=world.provider,
        )
    assert messages_of(error) == {
        "code": "The pilot already has a cohort “2026-a”.",
        "site": "Choose one of this pilot's sites.",
        "ends_on": "The end date (2026-04-01) is before the start date (2026-05-01).",
        "delivery_mode": "Choose how the cohort is taught.",
        "capacity": "Enter the number of places, a whole number from 1 to 100,000.",
    }
    cohort = actions.add_cohort(
        pilot=world.pilot,
        code="2026-C online",
        site=None,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 11, 30),
        delivery_mode="online",
        capacity=100,
        by=world.provider,
    )
    assert cohort.site is None


@pytest.fixture
def make_other_pilot_site(world):
    other = new_pilot(world)
    return actions.add_site(
        pilot=other,
        name="Elsewhere",
        district=world.districts["Moka"],
        setting="urban",
        by=world.academic,
    )


def test_standard_targets_in_range_and_their_actual_computed(world):
    with pytest.raises(ValidationError) as error:
        actions.set_target(
            pilot=world.pilot, key="completion_rate", target=120, actual=50, by=world.provider
        )
    assert messages_of(error) == {
        "target": "120 is out of range: enter a number from 0 to 100.",
        "actual": "The actual value of “Completion rate” is computed from the participants.",
    }
    target = actions.set_target(
        pilot=world.pilot, key="completion_rate", target="75.5", by=world.provider
    )
    assert (target.target, target.is_custom, target.label) == (Decimal("75.50"), False, "")
    with pytest.raises(ValidationError) as error:
        actions.set_target(
            pilot=world.pilot, key="employer_satisfaction", target=0, by=world.provider
        )
    assert messages_of(error)["target"] == "0 is out of range: enter a number from 1 to 5."


def test_custom_targets_have_a_label_and_a_recorded_actual(world):
    with pytest.raises(ValidationError) as error:
        actions.set_target(pilot=world.pilot, key="", label="", target="lots", by=world.provider)
    assert messages_of(error) == {"label": "Enter a name.", "target": "“lots” is not a number."}
    target = actions.set_target(
        pilot=world.pilot,
        key="",
        label="Work placements hosted",
        unit="placements",
        target=20,
        actual=12,
        by=world.provider,
    )
    assert (target.key, target.is_custom, target.actual) == (
        "custom-work-placements-hosted",
        True,
        Decimal("12.00"),
    )
    actions.set_target(
        pilot=world.pilot,
        key=target.key,
        label="Work placements hosted",
        unit="placements",
        target=20,
        actual=17,
        by=world.provider,
    )
    assert IndicatorTarget.objects.get(pilot=world.pilot, key=target.key).actual == 17
    actions.remove_target(pilot=world.pilot, key=target.key, by=world.provider)
    assert not IndicatorTarget.objects.exists()
    with pytest.raises(ValidationError):
        actions.set_target(pilot=world.pilot, key="enrolments", target=10, by=world.official)


def test_another_country_world_builds(db):
    from tests.pilots.helpers import make_world

    world = make_world(country_code="NA", prefix="na-")
    assert world.pilot.country.code == "NA"
    assert world.rural_site.district.country.code == "NA"
    assert make_organisation  # the helper module's builders are importable
