"""Two assigned reviewers decide the same round at the same moment, each in a thread with its
own database connection: exactly one decision is recorded, and the other reviewer is told who
decided what and when. On PostgreSQL the submission's row lock serialises them; on SQLite its
write lock does (transactions begin IMMEDIATE), and the second reads the round again after
the first committed. Each decision waits a moment after its checks
began, so the two really overlap: without the lock and the second read both would pass."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections

from codesign.actions import reviews as actions
from codesign.models import Decision, RegisterEntry, ReviewRound, SubmissionStatus
from portal.audit.models import AuditEntry
from portal.frameworks.actions import sync_reference_data

from .conftest import current_round, judge_all

pytestmark = pytest.mark.django_db(transaction=True)

LOCK_TIMEOUT_SECONDS = 20


@pytest.fixture(autouse=True)
def reference_data():
    # Transactional tests empty every table afterwards, migration data included: load it again.
    sync_reference_data()


def waiting_for_the_lock(call):
    """`call`, waiting for the database's write lock as a file database does.

    PostgreSQL waits on the row lock by itself. The tests' SQLite database is in memory with
    a shared cache, where a second writer is told at once that the table is locked instead of
    waiting out the busy timeout (20 s) as the portal's own SQLite file does: so wait here,
    trying again until the other transaction has committed. Nothing of a refused attempt was
    written (its transaction rolled back)."""
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    while True:
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def at_once(*calls):
    """Run the calls in threads released together; what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = waiting_for_the_lock(call)
        except Exception as error:  # noqa: BLE001 - the test reads what was raised
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_reviewers_deciding_at_once_leave_one_decision_and_tell_the_other(
    assigned, reviewer, second_reviewer, monkeypatch
):
    judge_all(assigned, reviewer)
    round = current_round(assigned)
    checked = actions._check_decision

    def slow_check(*args, **kwargs):
        result = checked(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(actions, "_check_decision", slow_check)
    results = at_once(
        lambda: actions.decide(round=round, decision=Decision.APPROVE, reasons="", by=reviewer),
        lambda: actions.decide(
            round=round,
            decision=Decision.REJECT,
            reasons="Out of scope for the HEC.",
            by=second_reviewer,
        ),
    )

    won = [result for result in results if isinstance(result, ReviewRound)]
    lost = [result for result in results if isinstance(result, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    decided = ReviewRound.objects.select_related("decided_by").get(pk=round.pk)
    winner = decided.decided_by
    assert winner in (reviewer, second_reviewer)
    (message,) = lost[0].messages
    assert message.startswith(f"{winner} already decided round 1 on ")
    assert message.endswith(
        f": {decided.get_decision_display().lower()}. Nothing you sent was recorded."
    )
    assigned.refresh_from_db()
    assert AuditEntry.objects.filter(action="codesign.review.decide").count() == 1
    if decided.decision == Decision.APPROVE:
        assert assigned.status == SubmissionStatus.APPROVED
        assert RegisterEntry.objects.count() == 1
    else:
        assert (assigned.status, decided.reasons) == (
            SubmissionStatus.REJECTED,
            "Out of scope for the HEC.",
        )
        assert not RegisterEntry.objects.exists()
