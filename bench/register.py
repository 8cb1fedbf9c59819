"""Measure the public register with 10,000 entries: queries per request and median time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/register.py
    .venv/bin/python bench/register.py [--entries 10000] [--runs 30]

Works in a throwaway database, as bench/codesign.py does: the test_ database beside
DATABASE_URL's that Django creates and drops (or a temporary SQLite file without it). One
entry is made through the actions (a design written, submitted and approved:
enter_in_register); 10,000 more are seeded from it with bulk_create, across every national
framework, sector, type and status (85 % recognised, 10 % lapsed, 5 % withdrawn), each with its
own identifier, content, fingerprint, version row and awarding bodies. Then each page is asked
--runs times in Django's test client, anonymously, with the page cache off, and the queries of
one request, the median and the fastest time are printed, beside the frameworks page as a
yardstick (a loaded machine slows both); the CSV export of all 10,000 entries is timed
whole (the streamed body read to its end). On PostgreSQL the plan of the searched list is
printed too, to show the full-text index at work.
"""

import argparse
import datetime
import hashlib
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VERBS = [
    "Installing",
    "Maintaining",
    "Repairing",
    "Designing",
    "Inspecting",
    "Operating",
    "Managing",
    "Testing",
    "Programming",
    "Auditing",
    "Planning",
    "Assembling",
]
OBJECTS = [
    "rooftop solar panels",
    "solar inverters",
    "irrigation pumps",
    "cold-chain storage",
    "small business accounts",
    "cloud servers",
    "hotel front desks",
    "knitwear patterns",
    "water treatment units",
    "community health records",
    "wind turbine blades",
    "greenhouse climate controls",
    "tour itineraries",
    "mobile payment systems",
    "textile dyeing lines",
    "broadband networks",
    "poultry feed mills",
    "electric vehicles",
]
SETTINGS = [
    "for estates",
    "for cooperatives",
    "in rural clinics",
    "for small firms",
    "on site",
    "for municipalities",
    "in hotels",
    "for exporters",
    "in schools",
    "for factories",
]
OUTCOME_VERBS = ["Install", "Maintain", "Repair", "Inspect", "Operate", "Test", "Plan", "Record"]
SKILLS = [
    "safely",
    "to the maker's instructions",
    "to the national code",
    "with a checklist",
    "under supervision",
    "and record the results",
    "and explain the risks",
]
STATUSES = ["recognised"] * 17 + ["lapsed"] * 2 + ["withdrawn"]


def build_template():
    """One entry made through the actions; returns it (its content is the seed's model)."""
    from codesign.actions.designs import create_design, mark_design_ready, save_section
    from codesign.actions.register import enter_in_register
    from codesign.actions.workspaces import open_workspace
    from codesign.models import DesignSection, ReviewRound, Submission, WorkspaceRole
    from portal.accounts import actions as accounts
    from portal.accounts.models import OrganisationKind
    from portal.frameworks.models import Country, FrameworkLevel, QualificationFramework

    password = secrets.token_urlsafe(16)
    staff = accounts.create_user_with_verified_email(
        email="staff@bench.example", password=password, is_staff=True
    )
    lead = accounts.create_user_with_verified_email(email="lead@bench.example", password=password)
    mauritius = Country.objects.get(code="MU")

    def organisation(name, kind):
        made = accounts.register_organisation(name=name, kind=kind, country=mauritius, by=lead)
        accounts.verify_organisation(organisation=made, by=staff)
        made.refresh_from_db()
        return made

    university = organisation("University of Mauritius", OrganisationKind.UNIVERSITY)
    authority = organisation("Higher Education Commission", OrganisationKind.QUALITY_AUTHORITY)
    workspace = open_workspace(
        title="Solar technicians", members=[(lead, university, WorkspaceRole.LEAD)], by=lead
    )
    framework = QualificationFramework.objects.get(code="MU-NQF")
    design = create_design(
        workspace=workspace,
        title="Installing rooftop solar panels",
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=5),
        credential_type="industry_led",
        by=lead,
    )
    contents = {
        "need": {"text": "The estates are installing solar panels."},
        "learning_outcomes": {
            "outcomes": [
                {
                    "statement": "Install a rooftop solar panel safely",
                    "domain": "skills",
                    "assessment": "Observed installation",
                },
            ]
        },
        "workload": {
            "guided_learning": "20",
            "self_study": "20",
            "work_based": "16",
            "assessment": "4",
        },
        "structure": {"text": "Three units: safety, mounting, wiring."},
        "entry_requirements": {"text": "An electrician's trade certificate."},
        "delivery": {"modes": ["blended"], "text": "Two weekends on an estate."},
        "assessment": {"text": "Observed installation.", "supervision": "onsite_verified"},
        "quality_assurance": {"text": "The university's programme approval."},
        "awarding_bodies": {"bodies": [university.pk], "others": ""},
        "stackability": {"integration": "stand_alone", "towards": "", "rpl": ""},
        "resources": {"text": "A training roof."},
        "review": {"text": "Reviewed each year."},
        "further_information": {"text": "Run twice a year."},
    }
    for section in DesignSection.objects.filter(design=design).exclude(key="basics"):
        if section.key in contents:
            save_section(
                design=design,
                key=section.key,
                content=contents[section.key],
                base_version=section.version,
                by=lead,
            )
    mark_design_ready(design=design, by=lead)
    submission = Submission.objects.create(design=design, authority=authority, submitted_by=lead)
    round = ReviewRound.objects.create(
        submission=submission, number=1, revision=design.revisions.order_by("-number").first()
    )
    return enter_in_register(submission=submission, round=round, by=lead)


def seed(template, count):
    """`count` entries like the template, spread over every national framework."""
    from django.db import connection

    from codesign.models import RegisterEntry, RegisterEntryVersion
    from codesign.register.canonical import canonical_bytes
    from codesign.register.content import search_text
    from portal.accounts.models import Organisation, OrganisationKind
    from portal.frameworks.models import (
        FrameworkLevel,
        LevelMapping,
        QualificationFramework,
        Sector,
        plain_number,
    )

    rng = random.Random(42)
    frameworks = list(QualificationFramework.objects.national().select_related("country"))
    levels = {f.pk: list(FrameworkLevel.objects.filter(framework=f)) for f in frameworks}
    mapped = {}
    for mapping in LevelMapping.objects.select_related("target_level__framework"):
        mapped.setdefault(mapping.level_id, []).append(
            (
                mapping.target_level.framework.code,
                mapping.target_level.framework.name,
                mapping.target_level.number,
            )
        )
    sectors = list(Sector.objects.all())
    bodies = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{kind.label} {number}",
                slug=f"bench-{kind.value}-{number}",
                kind=kind.value,
                country=frameworks[number % len(frameworks)].country,
                verified_at=template.created_at,
            )
            for number in range(1, 31)
            for kind in (OrganisationKind.UNIVERSITY, OrganisationKind.TVET)
        ]
    )
    authority = template.authority
    base = template.content
    started = datetime.date.today() - datetime.timedelta(days=3 * 365)
    # Numbered on from the template's identifier, as enter_in_register numbers them.
    country, year, number = template.identifier.split("-")
    numbers = {(country, int(year)): int(number)}
    entries, contents = [], []
    for n in range(count):
        framework = frameworks[n % len(frameworks)]
        level = rng.choice(levels[framework.pk][2:8])
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(SETTINGS)}"
        approved = started + datetime.timedelta(days=rng.randrange(3 * 365))
        year = approved.year
        numbers[framework.country.code, year] = numbers.get((framework.country.code, year), 0) + 1
        identifier = f"{framework.country.code}-{year}-{numbers[framework.country.code, year]:05d}"
        hours = rng.choice([20, 30, 40, 60, 75, 90, 120, 150, 200])
        per = framework.hours_per_credit
        credits = (Decimal(hours) / per).quantize(Decimal("0.01")) if per else None
        ects = (Decimal(hours) / 25).quantize(Decimal("0.01"))
        awarding = rng.sample(bodies, rng.choice([1, 1, 2]))
        sector = rng.choice(sectors)
        maps = mapped.get(level.pk, [])
        content = {
            **base,
            "identifier": identifier,
            "title": title,
            "description": f"Units on {title.lower()}.",
            "credential_type": rng.choice(["stackable", "industry_led", "stand_alone"]),
            "sector": {"key": sector.key, "label": sector.label},
            "issuer_country": {"code": framework.country.code, "name": framework.country.name},
            "awarding_bodies": [
                {
                    "name": body.name,
                    "country": body.country.code,
                    "website": "",
                    "organisation": body.slug,
                }
                for body in awarding
            ],
            "learning_outcomes": [
                {
                    "statement": f"{rng.choice(OUTCOME_VERBS)} {rng.choice(OBJECTS)} "
                    f"{rng.choice(SKILLS)}",
                    "domain": "skills",
                    "assessment": "Practical test",
                }
                for _ in range(rng.choice([3, 4, 5]))
            ],
            "notional_workload": {
                **base["notional_workload"],
                "hours": str(hours),
                "credits": plain_number(credits) if credits is not None else None,
                "credit_unit": framework.credit_unit if credits is not None else "",
                "hours_per_credit": plain_number(per) if per else None,
                "ects_credits": plain_number(ects),
            },
            "level": {
                "framework": framework.code,
                "framework_name": framework.name,
                "number": level.number,
                "mapped": [
                    {"framework": c, "framework_name": name, "number": number}
                    for c, name, number in maps
                ],
            },
            "approval": {
                **base["approval"],
                "approved_on": approved.isoformat(),
                "review_date": approved.replace(year=year + 3).isoformat()
                if not (approved.month == 2 and approved.day == 29)
                else f"{year + 3}-02-28",
            },
        }
        status = rng.choice(STATUSES)
        review = datetime.date.fromisoformat(content["approval"]["review_date"])
        digest = hashlib.sha256(canonical_bytes(content)).hexdigest()
        entries.append(
            RegisterEntry(
                identifier=identifier,
                design=None,
                content=content,
                fingerprint=digest,
                version=1,
                title=title,
                country=framework.country,
                sector=sector,
                framework=framework,
                level=level,
                level_number=level.number,
                eqf_level=next((m[2] for m in maps if m[0] == "EQF"), None),
                sadcqf_level=next((m[2] for m in maps if m[0] == "SADCQF"), None),
                credential_type=content["credential_type"],
                notional_hours=hours,
                credits=credits,
                ects_credits=ects,
                awarding_body_names="\n".join(body.name for body in awarding),
                search_text=search_text(content),
                authority=authority,
                approved_on=approved,
                review_date=review,
                status=status,
                status_reason="" if status == "recognised" else f"Bench {status}.",
            )
        )
        contents.append(awarding)
    made = RegisterEntry.objects.bulk_create(entries, batch_size=1000)
    RegisterEntryVersion.objects.bulk_create(
        [
            RegisterEntryVersion(
                entry=entry,
                number=1,
                content=entry.content,
                fingerprint=entry.fingerprint,
                approved_on=entry.approved_on,
                review_date=entry.review_date,
            )
            for entry in made
        ],
        batch_size=1000,
    )
    through = RegisterEntry.awarding_bodies.through
    through.objects.bulk_create(
        [
            through(registerentry_id=entry.pk, organisation_id=body.pk)
            for entry, awarding in zip(made, contents, strict=True)
            for body in awarding
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return made


def measure(client, path, runs):
    from django.db import connection

    client.get(path)  # warm per-process caches
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(path)
        if answer.streaming:
            b"".join(answer.streaming_content)
        times.append(time.perf_counter() - started)
    size = (
        len(b"".join(response.streaming_content)) if response.streaming else len(response.content)
    )
    return (
        response.status_code,
        len(queries),
        statistics.median(times) * 1000,
        min(times) * 1000,
        size,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--export-runs", type=int, default=5)
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the throwaway database afterwards, and reuse one kept before (for profiling)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-register-"))
    os.environ.update(
        {
            "DEBUG": "0",
            "PORTAL_HTTPS": "0",
            "PORTAL_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "STATIC_STORAGE_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True  # notices of the one real approval are sent in-process, not queued
    settings.PAGE_CACHE_SECONDS = 0
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"creating a throwaway {connection.vendor} database ...", flush=True)
    connection.creation.create_test_db(
        verbosity=0, autoclobber=not args.keep_db, serialize=False, keepdb=args.keep_db
    )
    try:
        from codesign.models import RegisterEntry

        started = time.perf_counter()
        if args.keep_db and RegisterEntry.objects.exists():
            made = list(RegisterEntry.objects.order_by("pk")[1:])
        else:
            made = seed(build_template(), args.entries)
        print(
            f"made 1 entry through the actions and seeded {len(made)} more in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        sample = made[len(made) // 2]
        word = sample.title.split()[1]
        pages = [
            ("list", "/register/"),
            ("list, page 40", "/register/?page=40"),
            ("list, filtered", f"/register/?country={sample.country.code}&level=5&type=stackable"),
            ("list, searched", f"/register/?q={word}+{sample.title.split()[2]}"),
            ("list, both", f"/register/?q={word}&country={sample.country.code}&status=all"),
            (
                "list, provider",
                f"/register/?provider={made[0].content['awarding_bodies'][0]['organisation']}",
            ),
            ("entry", f"/register/{sample.identifier}/"),
            ("JSON-LD", f"/register/{sample.identifier}.jsonld"),
            ("API page", "/register/api/entries/?page=3"),
            ("API, searched", f"/register/api/entries/?q={word}&status=all"),
            ("API entry", f"/register/api/entries/{sample.identifier}/"),
            (
                "verify (API)",
                f"/register/api/verify/?identifier={sample.identifier}"
                f"&fingerprint={sample.fingerprint}",
            ),
        ]
        client = Client()
        print(
            f"\n{connection.vendor}, {len(made) + 1} entries, DEBUG off, Django's test client, "
            f"median of {args.runs} requests\n"
        )
        header = (
            f"{'page':<18} {'status':>6} {'queries':>7} {'median ms':>9} {'min ms':>8} "
            f"{'KB':>8}  path"
        )
        print(header)
        print("-" * len(header))

        def show(name, path, runs):
            status, queries, median, fastest, size = measure(client, path, runs)
            print(
                f"{name:<18} {status:>6} {queries:>7} {median:>9.1f} {fastest:>8.1f} "
                f"{size / 1024:>8.1f}  {path}"
            )
            return median

        # The yardstick: a light public page of the portal, measured in the same run, so a
        # loaded machine shows as a slow yardstick rather than as a slow register.
        yardstick = show("frameworks page", "/frameworks/", args.runs)
        medians = {name: show(name, path, args.runs) for name, path in pages}
        for name, path in [
            ("CSV, all entries", "/register/export.csv?status=all"),
            ("XLSX, all entries", "/register/export.xlsx?status=all"),
        ]:
            show(name, path, args.export_runs)
        print()
        for name, median in medians.items():
            print(f"{name:<18} {median / yardstick:5.2f} × the frameworks page")
        if connection.vendor == "postgresql":
            from codesign.register.search import RegisterFilterForm, register_entries

            form = RegisterFilterForm({"q": word, "status": "all"})
            assert form.is_valid()
            query = form.filter(register_entries())
            print("\nplan of the searched list (the page's slice):")
            print(query[:25].explain())
    finally:
        if not args.keep_db:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
