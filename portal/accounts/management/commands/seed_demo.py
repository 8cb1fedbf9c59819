"""Demo organisations and one demo person for each role, for `make run` and for testers.

Idempotent: what exists already is left alone (and re-verified if staff had withdrawn it), so
running it twice creates nothing twice. Refuses to run unless DEMO_MODE is on.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import demo
from portal.accounts import actions
from portal.accounts.models import MembershipRole, Organisation, OrganisationKind, User
from portal.frameworks.models import Country, Sector

DEMO_PASSWORD = "demo-portal-2025"  # noqa: S105 (printed for testers; DEMO_MODE only)
# Base32, shared by every demo account that needs two-factor sign-in.

# code: (name, region) for the seven partner countries.
PARTNER_COUNTRIES = {
    "MU": ("Mauritius", "SADC"),
    "ZA": ("South Africa", "SADC"),
    "LS": ("Lesotho", "SADC"),
    "NA": ("Namibia", "SADC"),
    "IE": ("Ireland", "EU"),
    "BE": ("Belgium", "EU"),
    "EE": ("Estonia", "EU"),
}

# key: label, as in the reference data's sectors.json.
SECTORS = {
    "tvet_education": "TVET and education",
    "ict_digital": "ICT and digital skills",
    "agriculture": "Agriculture",
    "textiles_apparel": "Textiles, apparel and fashion",
    "tourism_hospitality": "Tourism, hospitality and wellness",
    "energy": "Energy",
    "health": "Health",
    "creative": "Creative industries",
    "environment_water_climate": "Environment, water and climate",
}

K = OrganisationKind
# (name, kind, country, sectors, website). The quality authorities and ministries are the
# real public bodies; the companies, universities, colleges and NGOs are made up.
ORGANISATIONS = [
    (
        "Higher Education Commission (HEC)",
        K.QUALITY_AUTHORITY,
        "MU",
        ["tvet_education"],
        "https://www.hec.mu",
    ),
    (
        "Mauritius Qualifications Authority (MQA)",
        K.QUALITY_AUTHORITY,
        "MU",
        ["tvet_education"],
        "https://www.mqa.mu",
    ),
    (
        "Ministry of Tertiary Education, Science and Research (Mauritius)",
        K.MINISTRY,
        "MU",
        ["tvet_education"],
        "",
    ),
    ("Ebène Digital Services Ltd", K.INDUSTRY, "MU", ["ict_digital"], ""),
    ("Mauritius Institute of Applied Sciences", K.UNIVERSITY, "MU", ["ict_digital", "health"], ""),
    ("Port Louis Polytechnic", K.TVET, "MU", ["tourism_hospitality", "ict_digital"], ""),
    (
        "South African Qualifications Authority (SAQA)",
        K.QUALITY_AUTHORITY,
        "ZA",
        ["tvet_education"],
        "https://www.saqa.org.za",
    ),
    (
        "Department of Higher Education and Training (South Africa)",
        K.MINISTRY,
        "ZA",
        ["tvet_education"],
        "",
    ),
    (
        "Cape Winelands Agri-Tech Co-operative",
        K.INDUSTRY,
        "ZA",
        ["agriculture", "environment_water_climate"],
        "",
    ),
    ("University of the Highveld", K.UNIVERSITY, "ZA", ["ict_digital", "energy"], ""),
    ("Gauteng Community TVET College", K.TVET, "ZA", ["tvet_education"], ""),
    (
        "Council on Higher Education (CHE) Lesotho",
        K.QUALITY_AUTHORITY,
        "LS",
        ["tvet_education"],
        "",
    ),
    ("Ministry of Education and Training (Lesotho)", K.MINISTRY, "LS", ["tvet_education"], ""),
    ("Maseru Textiles and Apparel Ltd", K.INDUSTRY, "LS", ["textiles_apparel"], ""),
    (
        "Leribe Technical and Vocational College",
        K.TVET,
        "LS",
        ["textiles_apparel", "agriculture"],
        "",
    ),
    ("Youth Skills Lesotho", K.NGO, "LS", ["tvet_education"], ""),
    (
        "Namibia Qualifications Authority (NQA)",
        K.QUALITY_AUTHORITY,
        "NA",
        ["tvet_education"],
        "https://www.namqa.org",
    ),
    (
        "Ministry of Higher Education, Technology and Innovation (Namibia)",
        K.MINISTRY,
        "NA",
        ["tvet_education"],
        "",
    ),
    (
        "Erongo Green Hydrogen Partners",
        K.INDUSTRY,
        "NA",
        ["energy", "environment_water_climate"],
        "",
    ),
    ("Windhoek University of Applied Sciences", K.UNIVERSITY, "NA", ["energy", "agriculture"], ""),
    ("Okahandja Vocational Training Centre", K.TVET, "NA", ["tourism_hospitality"], ""),
    (
        "Quality and Qualifications Ireland (QQI)",
        K.QUALITY_AUTHORITY,
        "IE",
        ["tvet_education"],
        "https://www.qqi.ie",
    ),
    ("Shannon MedTech Skillnet", K.INDUSTRY, "IE", ["health"], ""),
    ("Atlantic Institute of Technology", K.UNIVERSITY, "IE", ["health", "creative"], ""),
    ("PoMiSA project team", K.PROJECT_TEAM, "IE", [], ""),
    ("NVAO", K.QUALITY_AUTHORITY, "BE", ["tvet_education"], "https://www.nvao.net"),
    ("Flanders Creative Industries Network", K.INDUSTRY, "BE", ["creative"], ""),
    ("Scheldt University College", K.UNIVERSITY, "BE", ["creative", "ict_digital"], ""),
    ("Skills for Africa Foundation", K.NGO, "BE", ["tvet_education"], ""),
    (
        "Estonian Quality Agency for Education (HAKA)",
        K.QUALITY_AUTHORITY,
        "EE",
        ["tvet_education"],
        "https://haka.ee",
    ),
    ("Ministry of Education and Research (Estonia)", K.MINISTRY, "EE", ["tvet_education"], ""),
    ("Tallinn Digital Skills Academy", K.TVET, "EE", ["ict_digital"], ""),
    (
        "Tartu University of Applied Sciences",
        K.UNIVERSITY,
        "EE",
        ["ict_digital", "environment_water_climate"],
        "",
    ),
]

A, M = MembershipRole.ADMIN, MembershipRole.MEMBER
# (e-mail, name, role shown, organisation, country, membership role, is staff)
DEMO_USERS = [
    (
        "staff@portal.example",
        "Aoife Byrne",
        "Project staff (superuser)",
        "PoMiSA project team",
        "IE",
        A,
        True,
    ),
    (
        "industry@portal.example",
        "Ravi Ramgoolam",
        "Industry partner",
        "Ebène Digital Services Ltd",
        "MU",
        A,
        False,
    ),
    (
        "academic@portal.example",
        "Thandi Mokoena",
        "Academic (university)",
        "University of the Highveld",
        "ZA",
        M,
        False,
    ),
    (
        "tvet@portal.example",
        "Lerato Mohapi",
        "Academic (TVET college)",
        "Leribe Technical and Vocational College",
        "LS",
        A,
        False,
    ),
    (
        "reviewer@portal.example",
        "Anjali Doorgakant",
        "QA reviewer",
        "Higher Education Commission (HEC)",
        "MU",
        M,
        False,
    ),
    (
        "ministry@portal.example",
        "Ndapewa Shikongo",
        "Ministry official",
        "Ministry of Higher Education, Technology and Innovation (Namibia)",
        "NA",
        M,
        False,
    ),
    (
        "academic.mu@portal.example",
        "Priya Ramdin",
        "Academic (university, Mauritius)",
        "Mauritius Institute of Applied Sciences",
        "MU",
        A,
        False,
    ),
    (
        "industry.ls@portal.example",
        "Mpho Letsie",
        "Industry partner (Lesotho)",
        "Maseru Textiles and Apparel Ltd",
        "LS",
        A,
        False,
    ),
    (
        "orgadmin@portal.example",
        "Sipho Dlamini",
        "Organisation admin (university)",
        "University of the Highveld",
        "ZA",
        A,
        False,
    ),
]


class Command(BaseCommand):
    help = "Create the demo organisations and demo users (only when DEMO_MODE is on)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs on a demonstration site: set DEMO_MODE=1 (make run does). "
                "It creates accounts with a published password."
            )
        with transaction.atomic():
            countries = self._countries()
            sectors = self._sectors()
            staff = self._user(DEMO_USERS[0])
            organisations = self._organisations(staff, countries, sectors)
            rows = []
            for spec in DEMO_USERS:
                user = staff if spec[0] == staff.email else self._user(spec)
                self._membership(user, organisations[(spec[3], spec[4])], spec[5], staff)
                rows.append((user, spec))
            for user, _spec in rows:
                if user.requires_two_factor:
                    self._two_factor(user)
            world = demo.DemoWorld(
                staff=staff,
                people={user.email: user for user, _spec in rows},
                organisations={
                    name: organisations[(name, code)] for name, _k, code, *_ in ORGANISATIONS
                },
            )
            lines = [line for seeder in demo.seeders() for line in seeder(world)]
        for line in lines:
            self.stdout.write(line)
        self._print(rows)

    def _countries(self):
        countries = {}
        for code, (name, region) in PARTNER_COUNTRIES.items():
            countries[code], _ = Country.objects.get_or_create(
                code=code, defaults={"name": name, "region": region, "is_partner": True}
            )
        return countries

    def _sectors(self):
        return {
            key: Sector.objects.get_or_create(key=key, defaults={"label": label})[0]
            for key, label in SECTORS.items()
        }

    def _user(self, spec):
        email, name, _role, _organisation, _country, _membership, is_staff = spec
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = actions.create_user_with_verified_email(
                email=email,
                password=DEMO_PASSWORD,
                display_name=name,
                is_staff=is_staff,
                is_superuser=is_staff,
            )
        return user

    def _organisations(self, staff, countries, sectors):
        organisations = {}
        for name, kind, code, sector_keys, website in ORGANISATIONS:
            country = countries[code]
            organisation = Organisation.objects.filter(name__iexact=name, country=country).first()
            if organisation is None:
                organisation = actions.register_organisation(
                    name=name,
                    kind=kind,
                    country=country,
                    sectors=[sectors[key] for key in sector_keys],
                    website=website,
                    by=staff,
                    join=False,
                )
            if not organisation.is_verified:
                actions.verify_organisation(organisation=organisation, by=staff)
            organisations[(name, code)] = organisation
        return organisations

    def _membership(self, user, organisation, role, staff):
        if not organisation.memberships.filter(user=user).exists():
            actions.add_member(organisation=organisation, user=user, role=role, by=staff)

    def _two_factor(self, user):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            actions.activate_two_factor_with_secret(user=user, secret=actions.DEMO_TOTP_SECRET)

    def _print(self, rows):
        out = self.stdout
        out.write(self.style.MIGRATE_HEADING("Demo sign-ins (DEMO_MODE only; made-up people)"))
        header = ("e-mail", "role", "organisation", "password", "two-factor")
        table = [header]
        for user, (_email, _name, role, organisation, _code, membership, _staff) in rows:
            organisation_label = organisation + (" (admin)" if membership == A else "")
            two_factor = "TOTP, see below" if user.requires_two_factor else "not required"
            table.append((user.email, role, organisation_label, DEMO_PASSWORD, two_factor))
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        for number, row in enumerate(table):
            out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if number == 0:
                out.write("  ".join("-" * width for width in widths))
        out.write("")
        out.write(
            f"Two-factor: every account marked TOTP uses the secret {actions.DEMO_TOTP_SECRET}. "
            "Add it to an authenticator app, or print the current code with "
            f"`{actions.DEMO_TOTP_COMMAND.format(email=rows[0][0].email)}` (or another account "
            "marked TOTP); or use a recovery code (each works once):"
        )
        for user, _spec in rows:
            if not user.requires_two_factor:
                continue
            authenticator = Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).first()
            codes = RecoveryCodes(authenticator).get_unused_codes()[:3] if authenticator else []
            out.write(f"  {user.email}: {', '.join(codes) or 'none left'}")
