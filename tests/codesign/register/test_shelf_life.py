"""The shelf life, with a frozen clock: the owners (the design's workspace leads) are
reminded six months and one month before the review date, once each, and the entry lapses on
the day; the periodic tasks do it, and two runs act once."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from codesign import tasks
from codesign.actions import register as actions
from codesign.models import EntryStatus, RegisterEntry
from portal.audit.models import AuditEntry
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def at(day):
    """A frozen clock at 09:00 on `day` in the portal's time zone."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def notices(kind):
    return list(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def run_tasks(day):
    with at(day):
        tasks.send_register_review_reminders()
        tasks.lapse_due_register_entries()


def test_months_before():
    assert actions.months_before(datetime.date(2029, 8, 31), 6) == datetime.date(2029, 2, 28)
    assert actions.months_before(datetime.date(2029, 1, 15), 1) == datetime.date(2028, 12, 15)
    assert actions.months_before(datetime.date(2029, 7, 14), 6) == datetime.date(2029, 1, 14)


def test_reminders_six_months_and_one_month_before_once_each(people, entry):
    review = entry.review_date
    six, one = actions.months_before(review, 6), actions.months_before(review, 1)
    run_tasks(six - DAY)
    assert notices("codesign.register_review_due") == []

    run_tasks(six)
    # The workspace's lead, not its co-author.
    assert notices("codesign.register_review_due") == [people.lead.email]
    entry.refresh_from_db()
    assert timezone.localdate(entry.reminded_six_months_at) == six
    assert entry.reminded_one_month_at is None
    assert entry.status == EntryStatus.RECOGNISED
    notice = Notification.objects.get(kind="codesign.register_review_due")
    assert entry.identifier in notice.subject
    assert notice.url == f"/register/{entry.identifier}/"

    run_tasks(six)
    run_tasks(six + 10 * DAY)
    run_tasks(one - DAY)
    assert len(notices("codesign.register_review_due")) == 1

    run_tasks(one)
    assert len(notices("codesign.register_review_due")) == 2
    entry.refresh_from_db()
    assert timezone.localdate(entry.reminded_one_month_at) == one
    run_tasks(one + DAY)
    assert len(notices("codesign.register_review_due")) == 2
    assert AuditEntry.objects.filter(action="codesign.remind_entry_review").count() == 2


def test_the_entry_lapses_on_its_review_date_and_only_once(people, entry):
    review = entry.review_date
    run_tasks(review - DAY)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECOGNISED

    run_tasks(review)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.LAPSED
    assert timezone.localdate(entry.status_changed_at) == review
    assert "review date" in entry.status_reason
    assert notices("codesign.register_lapsed") == [people.lead.email]
    assert AuditEntry.objects.filter(action="codesign.lapse_entry").count() == 1

    run_tasks(review)
    run_tasks(review + DAY)
    assert len(notices("codesign.register_lapsed")) == 1
    assert AuditEntry.objects.filter(action="codesign.lapse_entry").count() == 1


def test_a_late_worker_still_acts_and_sends_only_the_reminder_due(people, entry):
    # The six-month day passed unnoticed: inside the last month only that reminder goes out.
    one = actions.months_before(entry.review_date, 1)
    assert actions.send_review_reminders(today=one + 3 * DAY) == 1
    entry.refresh_from_db()
    assert entry.reminded_one_month_at is not None
    assert entry.reminded_six_months_at is None
    assert actions.send_review_reminders(today=one + 4 * DAY) == 0
    # A lapse missed on the day happens on the next run.
    assert actions.lapse_due_entries(today=entry.review_date + 2 * DAY) == 1


def test_two_workers_claiming_the_same_reminder_send_it_once(people, entry):
    six = actions.months_before(entry.review_date, 6)
    stale = RegisterEntry.objects.get(pk=entry.pk)  # what the second worker read
    assert actions._remind(entry, 6, today=six) is True
    assert actions._remind(stale, 6, today=six) is False
    assert actions._lapse(entry, today=entry.review_date) is True
    assert actions._lapse(stale, today=entry.review_date) is False
    assert len(notices("codesign.register_review_due")) == 1
    assert len(notices("codesign.register_lapsed")) == 1


def test_withdrawn_and_lapsed_entries_get_no_reminders(people, entry):
    actions.withdraw_entry(entry=entry, reason="Replaced by a national award.", by=people.staff)
    six = actions.months_before(entry.review_date, 6)
    assert actions.send_review_reminders(today=six) == 0
    assert actions.lapse_due_entries(today=entry.review_date) == 0
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
