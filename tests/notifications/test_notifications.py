"""Notices are e-mailed once, at once or in a daily digest, and survive a dead worker."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.actions import create_user_with_verified_email
from portal.notifications import actions
from portal.notifications.models import Frequency, Notification, NotificationStatus

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def person():
    return create_user_with_verified_email(email="amina@example.org", password="a-long-password")


def _notify(person, subject="Thandi mentioned you"):
    with transaction.atomic():
        return actions.notify(
            recipient=person,
            kind="codesign.mention",
            subject=subject,
            body="In “Solar PV installation”, section Learning outcomes: @amina please check.",
            url="/designs/1/",
        )


def test_a_notice_is_emailed_once_after_commit(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert "Thandi mentioned you" in message.subject
    assert "/designs/1/" in message.body
    assert message.extra_headers["Message-ID"] == f"<notification-{notification.pk}@127.0.0.1>"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    # The task running again (huey has no acknowledgements) sends nothing more.
    assert actions.deliver_notification(notification_id=notification.pk) == 0
    assert len(mail.outbox) == 1


def test_a_notice_made_in_a_rolled_back_change_is_never_sent(
    person, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.notify(recipient=person, kind="k", subject="s", body="b")
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failing_mail_server_leaves_the_notice_waiting(
    person, settings, django_capture_on_commit_callbacks
):
    notification = Notification.objects.create(recipient=person, kind="k", subject="s", body="b")
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    with pytest.raises(OSError):
        actions.deliver_notification(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.WAITING
    assert notification.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert actions.deliver_notification(notification_id=notification.pk) == 1


def test_daily_digest_collects_waiting_notices_into_one_email(
    person, django_capture_on_commit_callbacks
):
    actions.set_frequency(user=person, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person, "First")
        _notify(person, "Second")
    assert mail.outbox == []
    assert actions.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert "2 notifications" in mail.outbox[0].subject
    assert "First" in mail.outbox[0].body and "Second" in mail.outbox[0].body
    assert actions.send_daily_digests() == 0
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_claim_left_by_a_dead_worker_is_released_and_sent(person):
    notification = Notification.objects.create(recipient=person, kind="k", subject="s", body="b")
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    assert actions.release_stale_claims() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_an_inactive_recipient_is_not_emailed(person, django_capture_on_commit_callbacks):
    person.is_active = False
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SKIPPED
    assert mail.outbox == []


def test_settings_page_changes_the_frequency(client, person):
    client.force_login(person)
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    response = client.post(reverse("notifications:settings"), {"frequency": "daily"})
    assert response.status_code == 302
    assert actions.frequency_for(person) == Frequency.DAILY
    bad = client.post(reverse("notifications:settings"), {"frequency": "hourly"})
    assert bad.status_code == 200
    assert "hourly" in bad.content.decode()
    assert actions.frequency_for(person) == Frequency.DAILY


def test_settings_page_needs_sign_in(client):
    response = client.get(reverse("notifications:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
