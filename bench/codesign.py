"""Measure the co-design pages of a large design: queries per request and median render time.

    .venv/bin/python bench/codesign.py [--runs 30]

Works in a throwaway database, as bench/audit.py does: a temporary SQLite file, or, when
DATABASE_URL is set, the test_ database beside it that Django creates and drops. Builds, through
the actions, a design with 30 learning outcomes, 200 revisions and 100 comments (40 threads, 60
replies), then renders each page --runs times in Django's test client, signed in as the
workspace's lead, and prints the queries of one request and the median time. The yardstick is
the handbook's first chapter, rendered in the same run, anonymously and with the page cache off.
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUTCOMES = 30
REVISIONS = 200
THREADS = 40
REPLIES = 60
# Sections the revisions rotate through (text sections take {"text": ...}).
TEXT_SECTIONS = ["need", "structure", "entry_requirements", "quality_assurance"]


def outcomes(revision):
    return {
        "outcomes": [
            {
                "statement": f"Install and commission rooftop solar array {n} to code "
                f"(draft {revision if n == revision % OUTCOMES else 0})",
                "domain": ["knowledge", "skills", "responsibility_autonomy"][n % 3],
                "assessment": "Practical assessment on a training roof",
            }
            for n in range(OUTCOMES)
        ]
    }


def build():
    """The workspace, its people and the design; returns (lead, design)."""
    from codesign.actions import comments
    from codesign.actions.designs import create_design, save_section
    from codesign.actions.workspaces import open_workspace
    from codesign.models import DesignSection, WorkspaceRole
    from portal.accounts.actions import create_user_with_verified_email
    from portal.frameworks.models import FrameworkLevel, QualificationFramework

    password = secrets.token_urlsafe(16)
    lead = create_user_with_verified_email(
        email="lead@bench.example", password=password, display_name="Thandi Lead"
    )
    coauthor = create_user_with_verified_email(
        email="coauthor@bench.example", password=password, display_name="Amina Author"
    )
    commenter = create_user_with_verified_email(
        email="commenter@bench.example", password=password, display_name="Cas Commenter"
    )
    workspace = open_workspace(
        title="Solar PV installers",
        members=[
            (lead, None, WorkspaceRole.LEAD),
            (coauthor, None, WorkspaceRole.CO_AUTHOR),
            (commenter, None, WorkspaceRole.COMMENTER),
        ],
        by=lead,
    )
    framework = QualificationFramework.objects.get(code="MU-NQF")
    design = create_design(
        workspace=workspace,
        title="Solar PV installation and maintenance",
        framework=framework,
        level=FrameworkLevel.objects.get(framework=framework, number=5),
        credential_type="industry_led",
        by=lead,
    )

    def save(key, content, by):
        version = DesignSection.objects.get(design=design, key=key).version
        save_section(design=design, key=key, content=content, base_version=version, by=by)

    save("workload", {"guided_learning": "40", "self_study": "15", "assessment": "5"}, lead)
    design.refresh_from_db()
    for number in range(design.revision_count + 1, REVISIONS + 1):
        by = lead if number % 2 else coauthor
        if number % 3 == 0:
            key = TEXT_SECTIONS[number % len(TEXT_SECTIONS)]
            save(key, {"text": f"Paragraph one.\n\nParagraph two, draft {number}."}, by)
        else:
            save("learning_outcomes", outcomes(number), by)
    design.refresh_from_db()
    assert design.revision_count == REVISIONS, design.revision_count

    threads = []
    for n in range(THREADS):
        key = "learning_outcomes" if n % 2 == 0 else TEXT_SECTIONS[n % len(TEXT_SECTIONS)]
        threads.append(
            comments.add_comment(
                design=design,
                section_key=key,
                body=f"@amina-author is outcome {n % OUTCOMES} measurable at level 5?",
                by=commenter if n % 3 else lead,
            )
        )
    for n in range(REPLIES):
        comments.reply(
            comment=threads[n % THREADS],
            body=f"Reworded it, @cas-commenter (reply {n}).",
            by=coauthor,
        )
    for thread in threads[::4]:
        comments.resolve_thread(comment=thread, by=lead)
    return lead, design


def measure(client, path, runs):
    from django.db import connection

    client.get(path)  # warm per-process caches (templates, outline data)
    queries = []

    def count(execute, sql, params, many, context):
        # Counted as they run: with CONN_MAX_AGE 0 the connection (and Django's query log)
        # does not outlive the request.
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return (
        response.status_code,
        len(queries),
        statistics.median(times) * 1000,
        len(response.content),
    )


def is_routed(path):
    """Whether a co-design view answers the path (Wagtail's catch-all answers every path)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path.split("?")[0]).namespace == "codesign"
    except Resolver404:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-codesign-"))
    os.environ.update(
        {
            "DEBUG": "0",
            "PORTAL_HTTPS": "0",
            "PORTAL_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            # No collectstatic: the stylesheet's name is not hashed, alike for every page.
            "STATIC_STORAGE_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"creating a throwaway {connection.vendor} database ...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_site", stdout=io.StringIO())
        call_command("load_handbook", stdout=io.StringIO())
        from handbook.models import ChapterPage

        started = time.perf_counter()
        lead, design = build()
        print(
            f"built a design with {OUTCOMES} learning outcomes, {REVISIONS} revisions and "
            f"{THREADS + REPLIES} comments in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        member = Client()
        member.force_login(lead)
        chapter = ChapterPage.objects.live().order_by("path").first().url
        pages = [
            ("design page", f"/designs/{design.pk}/", member),
            ("compare 1 with 200", f"/designs/{design.pk}/compare/?a=1&b={REVISIONS}", member),
            ("revisions", f"/designs/{design.pk}/revisions/", member),
            (
                "discussion",
                f"/designs/{design.pk}/sections/learning_outcomes/comments/",
                member,
            ),
            ("handbook chapter", chapter, Client()),
        ]
        print(
            f"\n{connection.vendor}, DEBUG off, Django's test client, median of {args.runs} "
            "renders\n"
        )
        header = f"{'page':<20} {'status':>6} {'queries':>7} {'median ms':>9} {'KB':>6}  path"
        print(header)
        print("-" * len(header))
        yardstick = None
        rows = []
        for name, path, client in pages:
            if client is member and not is_routed(path):
                print(
                    f"{name:<20} {'':>6} {'':>7} {'':>9} {'':>6}  {path} (no route on this branch)"
                )
                continue
            status, queries, median, size = measure(client, path, args.runs)
            rows.append((name, median))
            if name == "handbook chapter":
                yardstick = median
            print(f"{name:<20} {status:>6} {queries:>7} {median:>9.1f} {size / 1024:>6.1f}  {path}")
        if yardstick:
            print()
            for name, median in rows:
                if name != "handbook chapter":
                    print(f"{name:<20} {median / yardstick:5.2f} × the handbook chapter")
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
