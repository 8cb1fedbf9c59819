"""Measure the audit trail: record() and verification, in entries per second.

    .venv/bin/python bench/audit.py [--entries 5000] [--rounds 5]

Works in a throwaway database: a temporary SQLite file, or, when DATABASE_URL is set, the test_
database beside it that Django creates and drops (never the database DATABASE_URL names).
record() runs one transaction per entry, as every action does; the figure is the median of
--rounds rounds. Then the whole chain is verified (the median of seven walks), and, where the
code has them, a checkpoint is written and the trail verified against it.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-audit-"))
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
    from django.db import connection, transaction

    from portal.audit import actions

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    original_name = connection.settings_dict["NAME"]
    print(f"creating a throwaway {connection.vendor} database ...", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        per_round = args.entries // args.rounds
        rates = []
        for round_number in range(args.rounds):
            started = time.perf_counter()
            for i in range(per_round):
                with transaction.atomic():
                    actions.record(
                        action="bench.record",
                        detail={"round": round_number, "i": i, "note": "x" * 40},
                    )
            rates.append(per_round / (time.perf_counter() - started))
        total = per_round * args.rounds
        print(
            f"record():        {statistics.median(rates):8,.0f} entries/s "
            f"(median of {args.rounds} rounds of {per_round}; range "
            f"{min(rates):,.0f}-{max(rates):,.0f})"
        )

        walks = []
        for _ in range(7):
            started = time.perf_counter()
            checked, broken, why = actions.verify_chain()
            walks.append(time.perf_counter() - started)
            assert broken is None and checked == total, why
        rate = total / statistics.median(walks)
        print(f"verify_chain(): {rate:8,.0f} entries/s ({total} entries)")

        if hasattr(actions, "write_checkpoint"):
            started = time.perf_counter()
            actions.write_checkpoint()
            elapsed = time.perf_counter() - started
            print(f"write_checkpoint(): {elapsed * 1000:.1f} ms")
            walks = []
            for _ in range(7):
                started = time.perf_counter()
                result = actions.verify_trail()
                walks.append(time.perf_counter() - started)
                assert result.intact, result.problems
            print(
                f"verify_trail():  {total / statistics.median(walks):8,.0f} entries/s "
                "(chain and checkpoint)"
            )
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
