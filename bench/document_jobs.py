"""Measure how soon a generated document starts, and is done, after someone asks for it.

    .venv/bin/python bench/document_jobs.py [--asks 9] [--pause 2]

Works on a scratch PORTAL_VAR_DIR (SQLite database and SQLite huey, as `make run`): migrates
it, starts a huey consumer with the Makefile's options (`run_huey -m 0.5`, two thread
workers), waits until it is idle, then asks for a document --asks times, --pause seconds apart
so the consumer is idle each time, and prints the median and worst time from the ask
(the row's created_at) to started_at (a worker claimed it) and to finished_at (the file is
stored). Target: it starts less than one second after being asked with the consumer idle.

The consumer is this script run as `consumer`: it registers the benchmark's document kind
(a few headings, paragraphs and a table about a country, so no app's data is needed) and then
runs Django's `run_huey` command itself, so the consumer is the real one.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KIND_SLUG = "bench_country_sheet"


def _environment(workdir):
    os.environ.update(
        {
            "DEBUG": "0",
            "PORTAL_HTTPS": "0",
            "PORTAL_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SECRET_KEY": "bench-only-" + "k" * 60,
            "AUDIT_KEY": "bench-only-audit-" + "a" * 40,
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)


def _register_kind():
    import pandas as pd

    from portal.documents import registry
    from portal.frameworks.models import Country

    def render(country, document, progress):
        document.set_properties(title=f"Sheet: {country.name}")
        document.heading(country.name)
        for number in range(5):
            document.paragraph(f"Paragraph {number} about {country.name}. " * 20)
            progress(20 * number)
        table = pd.DataFrame({"code": [country.code] * 20, "row": list(range(20))})
        document.table(table, caption="Rows")

    registry.register(
        registry.DocumentKind(
            slug=KIND_SLUG,
            label="Country sheet (benchmark)",
            subject_model="frameworks.Country",
            render=render,
            # Every ask is a new revision, so every ask makes a new document.
            revision_of=lambda country: str(time.time_ns()),
            title_of=lambda country: f"Sheet: {country.name}",
            may_request=lambda user, country: True,
            may_read=lambda user, country: True,
            readable=lambda user: Country.objects.all(),
            public=True,
        )
    )


def consumer():
    import django
    from django.core.management import call_command

    django.setup()
    _register_kind()
    call_command("run_huey", "-m", "0.5")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="measure", choices=["measure", "consumer"])
    parser.add_argument("--asks", type=int, default=9)
    parser.add_argument("--pause", type=float, default=2.0)
    parser.add_argument("--workdir", default="")
    args = parser.parse_args()
    if args.mode == "consumer":
        _environment(Path(args.workdir))
        return consumer()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-document-jobs-"))
    _environment(workdir)
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"scratch var dir {workdir}; migrated in {time.perf_counter() - started:.1f} s")
    _register_kind()

    from django.contrib.auth.models import AnonymousUser

    from portal.documents import actions
    from portal.documents.models import GeneratedDocument
    from portal.frameworks.models import Country

    country = Country.objects.order_by("code").first() or Country.objects.create(
        code="MU", name="Mauritius", region="SADC", is_partner=True
    )
    log = open(workdir / "consumer.log", "wb")  # noqa: SIM115 (closed with the consumer)
    worker = subprocess.Popen(
        [sys.executable, __file__, "consumer", "--workdir", str(workdir)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Warm up: the first document pays the consumer's imports (python-docx, pandas).
        warm, _created = actions.request_document(kind=KIND_SLUG, subject=country, by=None)
        _wait_for(GeneratedDocument, warm.pk, timeout=60, worker=worker, log=workdir)
        to_start, to_finish = [], []
        for _ask in range(args.asks):
            time.sleep(args.pause)  # the consumer is idle and its polling has backed off
            document, _created = actions.request_document(
                kind=KIND_SLUG, subject=country, by=AnonymousUser()
            )
            done = _wait_for(GeneratedDocument, document.pk, timeout=30, worker=worker, log=workdir)
            to_start.append((done.started_at - done.created_at).total_seconds())
            to_finish.append((done.finished_at - done.created_at).total_seconds())
            print(
                f"  ask {_ask + 1}: running after {to_start[-1] * 1000:.0f} ms, "
                f"done after {to_finish[-1] * 1000:.0f} ms ({done.size / 1024:.0f} KB)"
            )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    print(
        f"asked {args.asks} times, {args.pause:g} s apart, consumer idle (run_huey -m 0.5):\n"
        f"  running after: median {statistics.median(to_start) * 1000:.0f} ms, "
        f"worst {max(to_start) * 1000:.0f} ms (target < 1000 ms)\n"
        f"  done after:    median {statistics.median(to_finish) * 1000:.0f} ms, "
        f"worst {max(to_finish) * 1000:.0f} ms"
    )


def _wait_for(model, pk, *, timeout, worker, log):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = model.objects.get(pk=pk)
        if document.status == "done":
            return document
        if document.status == "failed":
            raise SystemExit(f"the document failed: {document.error}")
        if worker.poll() is not None:
            raise SystemExit(
                "the consumer stopped:\n" + (log / "consumer.log").read_text(errors="replace")
            )
        time.sleep(0.005)
    raise SystemExit(f"the document was not done after {timeout} s")


if __name__ == "__main__":
    main()
