"""Measure a participants import of 100,000 rows: time and peak memory, CSV and XLSX.

    .venv/bin/python bench/pilot_import.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/pilot_import.py

Works in a throwaway database, as bench/codesign.py does: a temporary SQLite file, or, when
DATABASE_URL is set, the test_ database beside it that Django creates and drops. Builds the
pilots tests' small world (tests/pilots/helpers.py, with its stand-in register entry) with
two cohorts dated back from today, writes a CSV and an XLSX of --rows participants (the
XLSX as Excel writes one: shared strings, dates as date cells), and runs the real flow
through the actions with huey immediate:

  check  = receive_import: limits, read, validate, work out what the import would do
  import = confirm_import: read and validate again, save_participants in one transaction

for three cases: every participant new (CSV), the same CSV again (every row unchanged), and
an XLSX in which one row in ten changed. It prints each phase's time (read, validate,
plan/save inside it) and then runs each case again under tracemalloc for its peak memory
(Python allocations: pandas' and numpy's buffers included, calamine's own not). Targets: the
import of 100,000 rows under 5 s on SQLite and on PostgreSQL.
"""

import argparse
import io
import os
import random
import secrets
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEGABYTE = 1024 * 1024


def participants(count, cohorts, districts, *, seed=10):
    """`count` rows as a provider writes them (values as Python objects), with outcomes that
    hold together: about 85% completed, 70% passed and awarded, follow-ups at 3 and 6 months."""
    rng = random.Random(seed)
    genders = ["female", "male", "female", "male", "other", "undisclosed"]
    employment = ["employed", "self_employed", "unemployed", "student", "inactive"]
    education = ["primary", "lower_secondary", "upper_secondary", "post_secondary", "bachelor"]
    follow_up = ["employed", "promoted", "self_employed", "unemployed", "studying", "no_response"]
    rows = []
    for number in range(count):
        code, starts, ends = cohorts[number % len(cohorts)]
        row = {
            "reference": f"P{number + 1:06d}",
            "gender": rng.choice(genders),
            "birth_year": starts.year - rng.randint(18, 45),
            "district": rng.choice(districts),
            "setting": rng.choice(["rural", "urban"]),
            "disability": rng.choice(["no"] * 9 + ["yes"]),
            "employment_at_entry": rng.choice(employment),
            "education_at_entry": rng.choice(education),
            "cohort": code,
            "enrolled_on": starts - timedelta(days=rng.randint(0, 20)),
            "completed_on": None,
            "assessment_result": "",
            "assessment_score": None,
            "awarded_on": None,
            "status_3_months": "",
            "status_6_months": "",
            "status_12_months": "",
            "employer_satisfaction": None,
        }
        if rng.random() < 0.85:
            row["completed_on"] = ends
            passed = rng.random() < 0.82
            row["assessment_result"] = "passed" if passed else "failed"
            score = rng.uniform(55, 98) if passed else rng.uniform(20, 49)
            row["assessment_score"] = round(score, 1)
            if passed:
                row["awarded_on"] = ends + timedelta(days=14)
            row["status_3_months"] = rng.choice(follow_up)
            row["status_6_months"] = rng.choice(follow_up)
            if row["status_6_months"] in ("employed", "promoted", "self_employed"):
                row["employer_satisfaction"] = rng.randint(2, 5)
        rows.append(row)
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(rows, columns):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row[name]) for name in columns])
    return out.getvalue().encode("utf-8")


def _letters(position):
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_xlsx(rows, columns):
    """An XLSX as Excel writes it: text in shared strings, numbers as numbers, dates as
    serial numbers with a date format. (openpyxl takes over a minute for 100,000 rows.)"""
    strings = {}
    epoch = date(1899, 12, 30)
    letters = [_letters(position) for position in range(len(columns))]

    def cells(number, values):
        out = []
        for letter, value in zip(letters, values, strict=True):
            reference = f"{letter}{number}"
            if value is None or value == "":
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                out.append(f'<c r="{reference}" t="s"><v>{index}</v></c>')
            elif isinstance(value, date):
                out.append(f'<c r="{reference}" s="1"><v>{(value - epoch).days}</v></c>')
            else:
                out.append(f'<c r="{reference}"><v>{value}</v></c>')
        return f'<row r="{number}">{"".join(out)}</row>'

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = [cells(1, columns)]
    body += [cells(n + 2, [row[name] for name in columns]) for n, row in enumerate(rows)]
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>'
    )
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{package}'
            '/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{kinds}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            f'sheet1.xml" ContentType="{kinds}.worksheet+xml"/><Override PartName="/xl/'
            f'sharedStrings.xml" ContentType="{kinds}.sharedStrings+xml"/><Override '
            f'PartName="/xl/styles.xml" ContentType="{kinds}.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
            f'{package}/relationships"><Relationship Id="rId1" Type="{office}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" '
            f'xmlns:r="{office}"><sheets><sheet name="Participants" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
            f'{package}/relationships"><Relationship Id="rId1" Type="{office}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{office}/'
            f'sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="'
            f'{office}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{main}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders '
            'count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/sharedStrings.xml": shared,
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


class Timers:
    """Time spent inside the functions the flow calls, by name, per phase."""

    def __init__(self):
        self.spent = defaultdict(float)

    def wrap(self, owner, name, label):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[label] += time.perf_counter() - started

        setattr(owner, name, timed)

    def take(self):
        spent, self.spent = dict(self.spent), defaultdict(float)
        return spent


def build(today):
    from pilots.actions.pilots import add_cohort
    from tests.pilots.helpers import make_world

    world = make_world()
    cohorts = []
    for number, (start, end) in enumerate(((420, 330), (300, 210)), start=1):
        cohort = add_cohort(
            pilot=world.pilot,
            code=f"BENCH-{number}",
            site=world.rural_site if number == 1 else world.urban_site,
            starts_on=today - timedelta(days=start),
            ends_on=today - timedelta(days=end),
            delivery_mode="blended",
            capacity=100_000,
            by=world.provider,
        )
        cohorts.append((cohort.code, cohort.starts_on, cohort.ends_on))
    return world, cohorts


def run_case(world, name, data, timers):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pilots.actions import imports as actions
    from pilots.models import ImportStatus

    started, cpu = time.perf_counter(), time.process_time()
    participant_import = actions.receive_import(
        pilot=world.pilot, upload=SimpleUploadedFile(name, data), by=world.provider
    )
    participant_import.refresh_from_db()
    checked = time.perf_counter() - started
    checked_cpu = time.process_time() - cpu
    check_parts = timers.take()
    if participant_import.status != ImportStatus.READY:
        raise SystemExit(
            f"{name}: {participant_import.status} {participant_import.error} "
            f"{participant_import.problems[:3]}"
        )
    started, cpu = time.perf_counter(), time.process_time()
    actions.confirm_import(participant_import=participant_import, by=world.provider)
    participant_import.refresh_from_db()
    imported = time.perf_counter() - started
    imported_cpu = time.process_time() - cpu
    import_parts = timers.take()
    if participant_import.status != ImportStatus.IMPORTED:
        raise SystemExit(f"{name}: {participant_import.status} {participant_import.error}")
    summary = participant_import.summary
    return {
        "check": checked,
        "import": imported,
        "check_cpu": checked_cpu,
        "import_cpu": imported_cpu,
        "check_parts": check_parts,
        "import_parts": import_parts,
        "counts": (summary["created"], summary["updated"], summary["unchanged"]),
    }


def forget_participants(world):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM pilots_achievement WHERE participant_id IN "
            "(SELECT id FROM pilots_participant WHERE pilot_id = %s)",
            [world.pilot.pk],
        )
        cursor.execute("DELETE FROM pilots_participant WHERE pilot_id = %s", [world.pilot.pk])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-pilot-import-"))
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
    from django.db import connection
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    # Jobs run in this process, in order, right after each commit.
    HUEY.immediate = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"creating a throwaway {connection.vendor} database ...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from pilots.actions import imports as actions
        from pilots.imports import bulk, check, columns

        today = timezone.localdate()
        world, cohorts = build(today)
        districts = sorted(world.districts)
        started = time.perf_counter()
        rows = participants(args.rows, cohorts, districts)
        names = list(columns.COLUMN_NAMES)
        first_csv = write_csv(rows, names)
        changed = [
            {**row, "status_6_months": "promoted", "employer_satisfaction": 5}
            if number % 10 == 0 and row["completed_on"]
            else row
            for number, row in enumerate(rows)
        ]
        changed_xlsx = write_xlsx(changed, names)
        print(
            f"wrote {args.rows:,} rows: CSV {len(first_csv) / MEGABYTE:.1f} MB, XLSX "
            f"{len(changed_xlsx) / MEGABYTE:.1f} MB, in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

        # A running worker has resolved a URL and rendered an e-mail before: so does this one.
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        reverse("pilots:imports", args=[world.pilot.pk])
        warm = actions.receive_import(
            pilot=world.pilot,
            upload=SimpleUploadedFile("warm.csv", write_csv(rows[:3], names)),
            by=world.provider,
        )
        warm.delete()

        timers = Timers()
        timers.wrap(check.reading, "read", "read")
        timers.wrap(check, "validate", "validate")
        timers.wrap(check, "preview", "plan")
        timers.wrap(actions, "save_participants", "save")
        timers.wrap(bulk, "write", "write")
        timers.wrap(bulk, "sync_achievements", "achievements")
        cases = [
            ("CSV, every participant new", "participants.csv", first_csv),
            ("CSV again, every row unchanged", "participants.csv", first_csv),
            ("XLSX, one row in ten changed", "participants.xlsx", changed_xlsx),
        ]
        results = []
        for label, name, data in cases:
            results.append((label, run_case(world, name, data, timers)))

        print(
            f"\n{connection.vendor}, {args.rows:,} rows, the real flow (huey immediate), seconds\n"
        )
        header = (
            f"{'case':<32} {'created/updated/unchanged':>26} {'check':>11} {'import':>11}"
            f"  inside the import"
        )
        print(header)
        print("-" * (len(header) + 40))
        for label, result in results:
            parts = result["import_parts"]
            inside = ", ".join(
                f"{key} {parts.get(key, 0):.2f}"
                for key in ("read", "validate", "save", "write", "achievements")
            )
            counts = "/".join(f"{count:,}" for count in result["counts"])
            check_time = f"{result['check']:.2f}/{result['check_cpu']:.2f}"
            import_time = f"{result['import']:.2f}/{result['import_cpu']:.2f}"
            print(f"{label:<32} {counts:>26} {check_time:>11} {import_time:>11}  {inside}")
        print(
            "\ncheck: read, validate and plan; import: read and validate again, then save."
            "\nEach as wall/CPU seconds of this process (the CPU of PostgreSQL's server is not"
            "\nin the second; on a busy machine the first waits for a core)."
        )

        print("\npeak memory of each phase again, under tracemalloc (slower while it traces)\n")
        forget_participants(world)
        for label, name, data in cases:
            tracemalloc.start()
            participant_import = actions.receive_import(
                pilot=world.pilot, upload=SimpleUploadedFile(name, data), by=world.provider
            )
            _size, check_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            actions.confirm_import(participant_import=participant_import, by=world.provider)
            _size, import_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            timers.take()
            print(
                f"{label:<32} check {check_peak / MEGABYTE:6.0f} MB   "
                f"import {import_peak / MEGABYTE:6.0f} MB"
            )
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nthe whole process's peak resident memory: {peak:.0f} MB")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
