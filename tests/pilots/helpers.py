"""A small pilot for the pilots tests (core, imports, dashboards), built by calling actions.

    world = make_world()                    # people, organisations, register entry, pilot
    add_participants(world, [               # participants through save_participants
        {"reference": "P001", "gender": "female", "birth_year": 2000, "setting": "rural"},
        ...
    ])

The world, all in Mauritius: a verified industry organisation (the lead, its member
`provider`), a university (education partner, member `academic`), a ministry (`official`) and
a quality authority (`assessor`, whose authority recognised the register entry), a stranger in
an unrelated verified organisation, staff; a pilot with two sites (one rural, one urban) and
two cohorts. Officials, assessors and staff have TOTP set up, so their pages open.

The register entry is made directly (make_register_entry: why, in its docstring);
tests/pilots/core/test_approved_entry.py pilots one that came through the approval path.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from codesign.models import CredentialType, RegisterEntry
from codesign.models.register import EntryStatus
from pilots.actions.participants import save_participants
from pilots.actions.pilots import add_cohort, add_partner, add_site, create_pilot
from pilots.models import District, PartnerRole
from portal.accounts import actions as accounts
from portal.accounts.models import OrganisationKind
from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework, Sector

PASSWORD = "a-long-test-passphrase-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(email, *, two_factor=False, **extra):
    user = accounts.create_user_with_verified_email(email=email, password=PASSWORD, **extra)
    if two_factor:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_organisation(name, kind, admin, *, staff, country_code="MU"):
    organisation = accounts.register_organisation(
        name=name, kind=kind, country=Country.objects.get(code=country_code), by=admin
    )
    accounts.verify_organisation(organisation=organisation, by=staff)
    organisation.refresh_from_db()
    return organisation


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def make_register_entry(
    *,
    authority,
    awarding_bodies=(),
    title="Installing rooftop solar panels",
    country_code="MU",
    framework_code="MU-NQF",
    level_number=5,
    sector_key="energy",
    identifier=None,
    status=EntryStatus.RECOGNISED,
):
    """A recognised entry of the public register, made directly: a quick stand-in for the
    approval path (a design written, submitted, reviewed and approved), which the pilots tests
    need in other countries and states (lapsed, withdrawn) and dozens of times over. The ONE
    place the pilots tests make an entry; tests/pilots/core/test_approved_entry.py holds the
    real chain, and nothing here reads the entry's content."""
    framework = QualificationFramework.objects.get(code=framework_code)
    level = FrameworkLevel.objects.get(framework=framework, number=level_number)
    content = {
        "title": title,
        "country": country_code,
        "framework": framework_code,
        "level": level_number,
        "credential_type": CredentialType.INDUSTRY_LED,
        "notional_hours": "120",
        "awarding_bodies": [str(body) for body in awarding_bodies],
        "learning_outcomes": [
            "Install a rooftop solar array safely to the manufacturer's instructions",
            "Test and commission the installation",
        ],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    approved_on = date(2026, 1, 15)
    identifier = identifier or f"{country_code}-MC-{RegisterEntry.objects.count() + 1:05d}"
    entry = RegisterEntry.objects.create(
        identifier=identifier,
        content=content,
        fingerprint=hashlib.sha256(canonical.encode()).hexdigest(),
        title=title,
        country=Country.objects.get(code=country_code),
        sector=Sector.objects.filter(key=sector_key).first(),
        framework=framework,
        level=level,
        level_number=level_number,
        credential_type=CredentialType.INDUSTRY_LED,
        notional_hours=120,
        credits=6,
        ects_credits=4,
        awarding_body_names="\n".join(str(body) for body in awarding_bodies),
        authority=authority,
        approved_on=approved_on,
        review_date=date(2029, 1, 15),
        status=status,
    )
    entry.awarding_bodies.set(awarding_bodies)
    return entry


@dataclass
class World:
    staff: object
    provider: object  # member of the lead (industry) organisation
    academic: object  # member of the education partner
    official: object  # member of the country's ministry: aggregates only
    assessor: object  # member of the quality authority: aggregates only
    stranger: object  # member of an unrelated verified organisation
    industry: object
    university: object
    ministry: object
    authority: object
    outsider: object  # the stranger's organisation
    entry: object
    pilot: object
    rural_site: object
    urban_site: object
    cohort_a: object
    cohort_b: object
    districts: dict = field(default_factory=dict)  # name -> District of the pilot's country


def make_world(*, country_code="MU", prefix=""):
    """The small world described above. `prefix` keeps two worlds apart in one test."""
    staff = make_user(f"{prefix}staff@portal.example", is_staff=True, two_factor=True)
    provider = make_user(f"{prefix}provider@sugar.example", display_name="Priya Provider")
    academic = make_user(f"{prefix}academic@uom.example", display_name="Ari Academic")
    official = make_user(
        f"{prefix}official@education.example", display_name="Omar Official", two_factor=True
    )
    assessor = make_user(
        f"{prefix}assessor@hec.example", display_name="Asha Assessor", two_factor=True
    )
    stranger = make_user(f"{prefix}stranger@elsewhere.example", display_name="Sam Stranger")

    def org(name, kind, admin):
        return make_organisation(
            f"{prefix}{name}", kind, admin, staff=staff, country_code=country_code
        )

    industry = org("Island Sugar Estates", OrganisationKind.INDUSTRY, provider)
    university = org("University of Mauritius", OrganisationKind.UNIVERSITY, academic)
    ministry = org("Ministry of Education", OrganisationKind.MINISTRY, official)
    authority = org("Higher Education Commission", OrganisationKind.QUALITY_AUTHORITY, assessor)
    outsider = org("Other Industries Ltd", OrganisationKind.INDUSTRY, stranger)

    entry = make_register_entry(authority=authority, awarding_bodies=[university])
    pilot = create_pilot(
        register_entry=entry,
        title="Rooftop solar technicians, first pilot",
        lead_organisation=industry,
        country=Country.objects.get(code=country_code),
        starts_on=date(2026, 2, 1),
        ends_on=date(2027, 1, 31),
        by=provider,
    )
    add_partner(pilot=pilot, organisation=university, role=PartnerRole.EDUCATION, by=provider)
    districts = {d.name: d for d in District.objects.filter(country=pilot.country)}
    rural_name, urban_name = _site_districts(country_code, districts)
    rural_site = add_site(
        pilot=pilot,
        name="Flacq training centre",
        district=districts[rural_name],
        setting="rural",
        by=provider,
    )
    urban_site = add_site(
        pilot=pilot,
        name="Port Louis campus",
        district=districts[urban_name],
        setting="urban",
        by=provider,
    )
    cohort_a = add_cohort(
        pilot=pilot,
        code="2026-A",
        site=rural_site,
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 4, 30),
        delivery_mode="on_site",
        capacity=30,
        by=provider,
    )
    cohort_b = add_cohort(
        pilot=pilot,
        code="2026-B",
        site=urban_site,
        starts_on=date(2026, 5, 4),
        ends_on=date(2026, 7, 31),
        delivery_mode="blended",
        capacity=30,
        by=provider,
    )
    return World(
        staff=staff,
        provider=provider,
        academic=academic,
        official=official,
        assessor=assessor,
        stranger=stranger,
        industry=industry,
        university=university,
        ministry=ministry,
        authority=authority,
        outsider=outsider,
        entry=entry,
        pilot=pilot,
        rural_site=rural_site,
        urban_site=urban_site,
        cohort_a=cohort_a,
        cohort_b=cohort_b,
        districts=districts,
    )


def _site_districts(country_code, districts):
    if country_code == "MU":
        return "Flacq", "Port Louis"
    names = sorted(districts)
    return names[0], names[-1]


# A participant row's defaults: a young woman in the rural cohort, enrolled, no outcomes yet.
ROW_DEFAULTS = {
    "gender": "female",
    "birth_year": 2000,
    "setting": "rural",
    "disability": "no",
    "employment_at_entry": "unemployed",
    "education_at_entry": "upper_secondary",
    "enrolled_on": date(2026, 2, 2),
}


def participant_row(world, reference, **values):
    """One row for save_participants: the defaults above, the rural cohort and site district,
    and `values` over them (district and cohort as objects, ids or a district name)."""
    row = {
        "reference": reference,
        **ROW_DEFAULTS,
        "district": world.rural_site.district,
        "cohort": world.cohort_a,
        **values,
    }
    if isinstance(row["district"], str):
        row["district"] = world.districts[row["district"]]
    return row


def add_participants(world, rows, *, by=None):
    """Save participants through save_participants: each item a participant_row dict or a
    (reference, {values}) pair. Returns save_participants' counts."""
    full = [
        participant_row(world, item[0], **item[1])
        if isinstance(item, tuple)
        else participant_row(world, **item)
        for item in rows
    ]
    return save_participants(pilot=world.pilot, rows=full, by=by or world.provider)


def participant_rows_for(world, count, *, start=1, **values):
    """`count` rows P001, P002, ... with the defaults and `values`."""
    return [
        participant_row(world, f"P{number:03d}", **values) for number in range(start, start + count)
    ]
