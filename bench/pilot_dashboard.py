"""Measure the pilots' dashboards over a million participants: the cross-pilot dashboard (every
indicator and every breakdown, with suppression) and one pilot's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/pilot_dashboard.py
        [--participants 1000000] [--pilots 50] [--runs 7] [--keep] [--explain]

Works in a throwaway database: the test_ database beside the one DATABASE_URL names, which
Django creates and drops (--keep leaves it, seeded, and a later --keep run reuses it without
seeding again). Without DATABASE_URL it runs on a temporary SQLite file (use far fewer
participants there). The pilots, their organisations, sites and cohorts are made through the
actions; the participants are written with PostgreSQL's COPY (psycopg 3), since the bench
measures reading them, not importing them (bench/pilot_import.py does that). Their outcomes
follow plausible rates from a fixed seed.

Printed: the seeding time; a yardstick (SELECT COUNT(*) over the participants, to compare
runs on a busy or a quiet machine); then the median of --runs of (1) the dashboard across all
pilots as staff read it (suppressed), (2) across one country's pilots as its ministry reads
it, and (3) one pilot's dashboard, each with its number of queries: first counted from the
participants every time ("counted": what the first view after a change costs), then with each
pilot's counts kept in the cache ("kept": every view until the participants change);
--explain adds PostgreSQL's plan of the counts statement.
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = ["MU", "ZA", "LS", "NA", "IE", "BE", "EE"]
SEED = 20261207


def build_pilots(count):
    """`count` pilots across the partner countries, through the actions; returns
    (staff, officials by country, pilots)."""
    from pilots.actions.pilots import add_cohort, add_site, create_pilot
    from pilots.models import District
    from portal.accounts.models import OrganisationKind
    from portal.frameworks.models import Country
    from tests.pilots.helpers import make_organisation, make_register_entry, make_user

    staff = make_user("staff@bench.example", is_staff=True)
    assessor = make_user("assessor@bench.example")
    authority = make_organisation(
        "Bench Quality Authority", OrganisationKind.QUALITY_AUTHORITY, assessor, staff=staff
    )
    entries = [
        make_register_entry(authority=authority, title=f"Bench micro-credential {n}")
        for n in range(1, 6)
    ]
    leads, officials = {}, {}
    for code in COUNTRIES:
        provider = make_user(f"provider.{code.lower()}@bench.example")
        leads[code] = (
            provider,
            make_organisation(
                f"Bench Industries {code}",
                OrganisationKind.INDUSTRY,
                provider,
                staff=staff,
                country_code=code,
            ),
        )
        official = make_user(f"official.{code.lower()}@bench.example")
        make_organisation(
            f"Bench Ministry {code}",
            OrganisationKind.MINISTRY,
            official,
            staff=staff,
            country_code=code,
        )
        officials[code] = official
    pilots = []
    for number in range(count):
        code = COUNTRIES[number % len(COUNTRIES)]
        provider, lead = leads[code]
        country = Country.objects.get(code=code)
        starts_on = date(2024, 1 + number % 12, 1)
        pilot = create_pilot(
            register_entry=entries[number % len(entries)],
            title=f"Bench pilot {number + 1:03d} ({code})",
            lead_organisation=lead,
            country=country,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=364),
            by=provider,
        )
        districts = list(District.objects.filter(country=country).order_by("name"))
        cohorts = []
        for index in range(4):
            setting = "rural" if index % 2 else "urban"
            site = add_site(
                pilot=pilot,
                name=f"Site {index + 1}",
                district=districts[(number + index) % len(districts)],
                setting=setting,
                by=provider,
            )
            cohort_start = starts_on + timedelta(days=60 * index)
            cohorts.append(
                add_cohort(
                    pilot=pilot,
                    code=f"C{index + 1}",
                    site=site,
                    starts_on=cohort_start,
                    ends_on=cohort_start + timedelta(days=90),
                    delivery_mode="blended",
                    capacity=10_000,
                    by=provider,
                )
            )
        pilots.append((pilot, [d.pk for d in districts], [c.pk for c in cohorts]))
    return staff, officials, pilots


def participant_table(pilots, total):
    """The participants as a tab-separated text for COPY, from a fixed seed."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    per_pilot = total // len(pilots)
    frames = []
    for number, (pilot, district_ids, cohort_ids) in enumerate(pilots):
        n = per_pilot + (total - per_pilot * len(pilots) if number == len(pilots) - 1 else 0)
        start_year = pilot.starts_on.year
        completed = rng.random(n) < 0.74
        assessed = completed & (rng.random(n) < 0.97)
        passed = assessed & (rng.random(n) < 0.84)
        awarded = passed & (rng.random(n) < 0.93)
        followed = completed & (rng.random(n) < 0.8)
        status = np.where(
            followed,
            rng.choice(
                ["employed", "promoted", "self_employed", "unemployed", "studying", "no_response"],
                size=n,
                p=[0.42, 0.08, 0.1, 0.22, 0.06, 0.12],
            ),
            "",
        )
        in_work = np.isin(status, ["employed", "promoted", "self_employed"])
        satisfaction = np.where(
            in_work & (rng.random(n) < 0.7), rng.integers(1, 6, size=n).astype(str), ""
        )
        enrolled = pd.Timestamp(pilot.starts_on) + pd.to_timedelta(rng.integers(0, 200, n), "D")
        done = enrolled + pd.Timedelta(days=100)
        frames.append(
            pd.DataFrame(
                {
                    "pilot_id": pilot.pk,
                    "reference": [f"B{number:03d}-{i:06d}" for i in range(n)],
                    "gender": rng.choice(
                        ["female", "male", "other", "undisclosed"],
                        size=n,
                        p=[0.52, 0.45, 0.02, 0.01],
                    ),
                    "birth_year": start_year
                    - np.clip(rng.gamma(4.0, 6.5, n) + 15, 15, 70).astype(int),
                    "district_id": rng.choice(district_ids, size=n),
                    "setting": rng.choice(["rural", "urban"], size=n, p=[0.4, 0.6]),
                    "disability": rng.choice(
                        ["yes", "no", "undisclosed"], size=n, p=[0.07, 0.88, 0.05]
                    ),
                    "employment_at_entry": rng.choice(
                        ["employed", "unemployed", "student", "inactive", "self_employed"], size=n
                    ),
                    "education_at_entry": rng.choice(
                        ["upper_secondary", "post_secondary", "bachelor", "lower_secondary"], size=n
                    ),
                    "cohort_id": rng.choice(cohort_ids, size=n),
                    "enrolled_on": enrolled.strftime("%Y-%m-%d"),
                    "completed_on": np.where(completed, done.strftime("%Y-%m-%d"), r"\N"),
                    "assessment_result": np.where(
                        assessed, np.where(passed, "passed", "failed"), ""
                    ),
                    "assessment_score": np.where(
                        assessed, rng.integers(20, 100, size=n).astype(str), r"\N"
                    ),
                    "awarded_on": np.where(
                        awarded, (done + pd.Timedelta(days=14)).strftime("%Y-%m-%d"), r"\N"
                    ),
                    "status_3_months": status,
                    "status_6_months": status,
                    "status_12_months": "",
                    "employer_satisfaction": np.where(satisfaction == "", r"\N", satisfaction),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    now = time.strftime("%Y-%m-%d %H:%M:%S+00")
    frame["created_at"] = now
    frame["updated_at"] = now
    return frame


def seed(connection, pilots, total):
    """COPY `total` participants into the table (PostgreSQL), or executemany (SQLite)."""
    from pilots.models import Participant

    frame = participant_table(pilots, total)
    columns = list(frame.columns)
    table = Participant._meta.db_table
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        frame.to_csv(buffer, sep="\t", header=False, index=False)
        data = buffer.getvalue()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for start in range(0, len(data), 1 << 20):
                    copy.write(data[start : start + (1 << 20)])
        connection.commit() if not connection.get_autocommit() else None
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        rows = frame.replace({r"\N": None}).itertuples(index=False, name=None)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                list(rows),
            )


def timed(runs, function):
    from django.db import connection, reset_queries

    function()  # warm: the first run pays for imports and plans
    times = []
    queries = 0
    for _run in range(runs):
        reset_queries()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        queries = len(connection.queries)
    return statistics.median(times), min(times), max(times), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--pilots", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-dashboard-"))
    os.environ.update(
        {
            "DEBUG": "0",
            "PORTAL_HTTPS": "0",
            "PORTAL_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    settings.DEBUG = True  # count the queries (connection.queries)
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"creating a throwaway {connection.vendor} database ...", flush=True)
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep
    )
    try:
        from pilots import disaggregation
        from pilots.models import Participant, Pilot
        from portal.accounts.models import User

        if args.keep and Participant.objects.exists():
            print(f"reusing {Participant.objects.count():,} participants", flush=True)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {Participant._meta.db_table}")
        else:
            started = time.perf_counter()
            staff, officials, pilots = build_pilots(args.pilots)
            made = time.perf_counter()
            seed(connection, pilots, args.participants)
            print(
                f"seeded {args.pilots} pilots in {made - started:.1f} s and "
                f"{args.participants:,} participants in {time.perf_counter() - made:.1f} s",
                flush=True,
            )
        official = User.objects.get(email="official.mu@bench.example")
        staff = User.objects.get(email="staff@bench.example")
        every = list(Pilot.objects.order_by("pk"))
        one = every[0]

        def across_all(keep=False):
            data = disaggregation.for_reader(
                Pilot.objects.aggregates_visible_to(staff).order_by("pk"), staff, keep=keep
            )
            disaggregation.across_tables(data)

        def across_country(keep=False):
            pilots = Pilot.objects.aggregates_visible_to(official).order_by("pk")
            data = disaggregation.for_reader(pilots, official, keep=keep)
            disaggregation.across_tables(data)

        def one_pilot(keep=False):
            data = disaggregation.for_reader([one], official, keep=keep)
            disaggregation.pilot_tables(data, list(one.indicator_targets.all()))

        def kept(function):
            return lambda: function(keep=True)

        def yardstick():
            # What the machine does in the same run: one parallel pass counting the rows.
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM pilots_participant")
                cursor.fetchall()

        count = Participant.objects.count()
        mu = Participant.objects.filter(pilot__country__code="MU").count()
        print(f"{count:,} participants in {len(every)} pilots; database {connection.vendor}")
        for label, function in [
            ("yardstick: SELECT COUNT(*) over the participants", yardstick),
            (f"across all {len(every)} pilots, staff (suppressed), counted", across_all),
            ("  the same, each pilot's counts kept", kept(across_all)),
            (f"across Mauritius's pilots ({mu:,} participants), counted", across_country),
            ("  the same, kept", kept(across_country)),
            (f"one pilot ({one.participants.count():,} participants), counted", one_pilot),
            ("  the same, kept", kept(one_pilot)),
        ]:
            median, low, high, queries = timed(args.runs, function)
            print(
                f"{label}: {median * 1000:7.1f} ms median of {args.runs} "
                f"({low * 1000:.1f}-{high * 1000:.1f}), {queries} queries"
            )
        if args.explain:
            ids = [p.pk for p in every]
            cube, cube_params = disaggregation._grouped(
                ids, disaggregation.CUBE_COLUMNS.values()
            ).query.sql_with_params()
            ages, ages_params = disaggregation._grouped(
                ids, ["birth_year"], disaggregation.CATEGORY_MEASURES
            ).query.sql_with_params()
            explain = (
                "EXPLAIN (ANALYZE, BUFFERS) "
                if connection.vendor == "postgresql"
                else "EXPLAIN QUERY PLAN "
            )
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(disaggregation.POSTGRESQL_SETTINGS)
                cursor.execute(
                    explain + disaggregation._statement(cube, ages), (*cube_params, *ages_params)
                )
                print("\n".join(str(row[-1]) for row in cursor.fetchall()))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
