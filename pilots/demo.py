"""Pilots demo data for `seed_demo`: one Mauritius pilot of the co-designed micro-credential
on generative AI in customer service, with its partners, two sites (one rural), two cohorts,
targets, a narrative and 60 participants with their outcomes.

The participants are generated from a fixed seed, so every run makes the same rows; every row
is made through the pilots actions, and running it again changes nothing. The pilot ran in
2025, so its register entry must have been approved before: the review actions approve only
as of today, so that entry (approved on paper in 2024, before the portal) is made here
directly (demo_register_entry), with the register's own content builder and fingerprint. The
demo's Mauritius design itself is under review at the HEC today (its next version).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from codesign.models import CredentialType, Design, RegisterEntry
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector

from .actions import participants as participant_actions
from .actions import pilots as actions
from .models import (
    IN_WORK,
    District,
    EducationLevel,
    EmploymentAtEntry,
    FollowUpStatus,
    PartnerRole,
    Pilot,
    PilotStatus,
)

TITLE = "Safe use of generative AI in customer service: Mauritius pilot 2025"
LEAD = "Ebène Digital Services Ltd"
EDUCATION = "Mauritius Institute of Applied Sciences"
AUTHORITY = "Higher Education Commission (HEC)"
LEAD_PERSON = "industry@portal.example"
ENTRY_TITLE = "Using generative AI tools safely in customer service"
ENTRY_IDENTIFIER = "MU-MC-2025-0001"

SITES = [
    ("Ebène Cybercity contact centre", "Plaines Wilhems", "urban"),
    ("Flacq regional training centre", "Flacq", "rural"),
]
COHORTS = [
    # code, site, starts, ends, delivery, capacity, participants
    ("2025-A", SITES[0][0], date(2025, 2, 3), date(2025, 4, 25), "blended", 35, 32),
    ("2025-B", SITES[1][0], date(2025, 6, 2), date(2025, 8, 22), "on_site", 30, 28),
]
TARGETS = {
    "enrolments": 60,
    "completion_rate": 75,
    "pass_rate": 80,
    "award_rate": 65,
    "employment_6_months": 60,
    "share_women": 50,
    "share_rural": 40,
    "share_youth": 60,
    "employer_satisfaction": 4,
}
CUSTOM_TARGET = {
    "label": "Agents coached by the pilot's graduates",
    "unit": "agents",
    "target": 200,
    "actual": 236,
}
NARRATIVE = (
    "Ebène Digital Services and the Mauritius Institute of Applied Sciences ran the "
    "micro-credential twice in 2025: first for team leaders at the Ebène contact centre, then "
    "for new agents recruited in Flacq, most from outside Port Louis.\n\n"
    "Evening workshops suited the Ebène team leaders; the Flacq cohort needed day sessions "
    "and transport support, which the centre provided from the second week. Employers rated "
    "the graduates' checking of AI-drafted replies highly; the unit on personal data was the "
    "one most asked for by other contact centres."
)
SEED = 2025


def demo_register_entry(world):
    """The register entry the demo pilot runs: a recognised one in Mauritius if there is one,
    else the Mauritius design's 2024 approval, recorded here."""
    entry = (
        RegisterEntry.objects.recognised().filter(country__code="MU", title=ENTRY_TITLE).first()
        or RegisterEntry.objects.recognised().filter(identifier=ENTRY_IDENTIFIER).first()
    )
    if entry is not None:
        return entry
    framework = QualificationFramework.objects.get(code="MU-NQF")
    design = Design.objects.filter(framework=framework, title=ENTRY_TITLE).first()
    education = world.organisations[EDUCATION]
    # The content in the register's own format, from the design's latest revision, so the
    # entry's page, JSON-LD and verification read it like any approved entry's.
    from codesign.register.canonical import fingerprint
    from codesign.register.content import recognised_content

    content = recognised_content(
        revision=design.revisions.order_by("-number").first(),
        design=design,
        authority=world.organisations[AUTHORITY],
        identifier=ENTRY_IDENTIFIER,
        version=1,
        approved_on=date(2024, 11, 20),
        review_date=date(2027, 11, 20),
    ).content
    entry = RegisterEntry.objects.create(
        identifier=ENTRY_IDENTIFIER,
        design=design,
        content=content,
        fingerprint=fingerprint(content),
        title=ENTRY_TITLE,
        country=Country.objects.get(code="MU"),
        sector=Sector.objects.filter(key="ict_digital").first(),
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=6),
        level_number=6,
        credential_type=CredentialType.STACKABLE,
        notional_hours=60,
        credits=3,
        ects_credits=Decimal("2.4"),
        awarding_body_names=education.name,
        authority=world.organisations[AUTHORITY],
        approved_on=date(2024, 11, 20),
        review_date=date(2027, 11, 20),
    )
    entry.awarding_bodies.set([education])
    return entry


def _pilot(world, entry, lead_person):
    lead = world.organisations[LEAD]
    pilot = Pilot.objects.filter(title=TITLE, lead_organisation=lead).first()
    if pilot is None:
        pilot = actions.create_pilot(
            register_entry=entry,
            title=TITLE,
            lead_organisation=lead,
            country=Country.objects.get(code="MU"),
            starts_on=date(2025, 1, 15),
            ends_on=date(2026, 9, 30),
            by=lead_person,
        )
    education = world.organisations[EDUCATION]
    if not pilot.partners.filter(organisation=education).exists():
        actions.add_partner(
            pilot=pilot, organisation=education, role=PartnerRole.EDUCATION, by=lead_person
        )
    return pilot


def _sites_and_cohorts(pilot, by):
    districts = {d.name: d for d in District.objects.filter(country=pilot.country)}
    sites = {site.name: site for site in pilot.sites.all()}
    for name, district, setting in SITES:
        if name not in sites:
            sites[name] = actions.add_site(
                pilot=pilot, name=name, district=districts[district], setting=setting, by=by
            )
    cohorts = {cohort.code: cohort for cohort in pilot.cohorts.all()}
    for code, site, starts_on, ends_on, mode, capacity, _count in COHORTS:
        if code not in cohorts:
            cohorts[code] = actions.add_cohort(
                pilot=pilot,
                code=code,
                site=sites[site],
                starts_on=starts_on,
                ends_on=ends_on,
                delivery_mode=mode,
                capacity=capacity,
                by=by,
            )
    return sites, cohorts


def participant_rows(pilot, sites, cohorts):
    """The 60 participants, the same on every run."""
    rng = random.Random(SEED)
    districts = {d.name: d for d in District.objects.filter(country=pilot.country)}
    rural_districts = ["Flacq", "Grand Port", "Savanne", "Rivière du Rempart", "Black River"]
    urban_districts = ["Plaines Wilhems", "Port Louis", "Moka", "Pamplemousses"]
    rows = []
    number = 0
    for code, site_name, _starts, ends_on, _mode, _capacity, count in COHORTS:
        cohort, site = cohorts[code], sites[site_name]
        for _ in range(count):
            number += 1
            rural = rng.random() < (0.75 if site.setting == "rural" else 0.15)
            district = rng.choice(rural_districts if rural else urban_districts)
            row = {
                "reference": f"EDS-{number:03d}",
                "gender": rng.choices(["female", "male", "other"], [55, 44, 1])[0],
                "birth_year": rng.randint(1975, 2006),
                "district": districts[district],
                "setting": "rural" if rural else "urban",
                "disability": rng.choices(["no", "yes", "undisclosed"], [88, 7, 5])[0],
                "employment_at_entry": rng.choices(
                    [
                        EmploymentAtEntry.EMPLOYED,
                        EmploymentAtEntry.UNEMPLOYED,
                        EmploymentAtEntry.STUDENT,
                    ],
                    [60 if code == "2025-A" else 20, 30, 10],
                )[0],
                "education_at_entry": rng.choice(
                    [
                        EducationLevel.UPPER_SECONDARY,
                        EducationLevel.POST_SECONDARY,
                        EducationLevel.SHORT_TERTIARY,
                        EducationLevel.BACHELOR,
                    ]
                ),
                "cohort": cohort,
                "enrolled_on": cohort.starts_on - timedelta(days=rng.randint(3, 20)),
            }
            rows.append(row | _outcomes(rng, ends_on))
    return rows


def _outcomes(rng, ends_on):
    empty = {
        "completed_on": None,
        "assessment_result": "",
        "assessment_score": None,
        "awarded_on": None,
        "status_3_months": "",
        "status_6_months": "",
        "status_12_months": "",
        "employer_satisfaction": None,
    }
    if rng.random() > 0.8:
        return empty  # did not complete
    completed_on = ends_on - timedelta(days=rng.randint(0, 6))
    score = Decimal(rng.randint(38, 97))
    passed = score >= 50
    outcome = empty | {
        "completed_on": completed_on,
        "assessment_result": "passed" if passed else "failed",
        "assessment_score": score,
        "awarded_on": completed_on + timedelta(days=21) if passed else None,
    }
    weights = [45, 8, 7, 25, 5, 10] if passed else [25, 0, 5, 45, 10, 15]
    statuses = [
        FollowUpStatus.EMPLOYED,
        FollowUpStatus.PROMOTED,
        FollowUpStatus.SELF_EMPLOYED,
        FollowUpStatus.UNEMPLOYED,
        FollowUpStatus.STUDYING,
        FollowUpStatus.NO_RESPONSE,
    ]
    in_work = False
    for months in (3, 6, 12):
        status = rng.choices(statuses, weights)[0]
        outcome[f"status_{months}_months"] = status
        in_work = in_work or status in IN_WORK
    if in_work and rng.random() < 0.7:
        outcome["employer_satisfaction"] = rng.choices([2, 3, 4, 5], [1, 3, 6, 4])[0]
    return outcome


def seed_pilots(world):
    lead_person = world.people[LEAD_PERSON]
    entry = demo_register_entry(world)
    pilot = _pilot(world, entry, lead_person)
    sites, cohorts = _sites_and_cohorts(pilot, lead_person)
    rows = participant_rows(pilot, sites, cohorts)
    known = set(pilot.participants.values_list("reference", flat=True))
    if not {row["reference"] for row in rows} <= known:
        participant_actions.save_participants(pilot=pilot, rows=rows, by=lead_person)
    for key, target in TARGETS.items():
        actions.set_target(pilot=pilot, key=key, target=target, by=lead_person)
    if not pilot.indicator_targets.filter(is_custom=True).exists():
        actions.set_target(pilot=pilot, key="", by=lead_person, **CUSTOM_TARGET)
    if not pilot.narrative:
        actions.set_narrative(pilot=pilot, narrative=NARRATIVE, by=lead_person)
    for status in (PilotStatus.RUNNING, PilotStatus.COMPLETED):
        pilot.refresh_from_db(fields=["status"])
        if pilot.status == PilotStatus.PLANNED or (
            status == PilotStatus.COMPLETED and pilot.status == PilotStatus.RUNNING
        ):
            actions.set_status(pilot=pilot, status=status, by=lead_person)
    awarded = pilot.participants.filter(achievement__isnull=False).count()
    return [
        f"Pilots demo: “{pilot}” ({pilot.get_absolute_url()}) with "
        f"{pilot.participants.count()} participants and {awarded} achievements in the register "
        f"(register entry {entry.identifier}).",
        "",
    ]
