"""Notices to people, and their delivery by e-mail.

`notify` is called inside the action that causes the notice, so the notice exists exactly when
the change does. Delivery runs in huey after the commit. Each notice is claimed before it is
sent (a conditional UPDATE that only one worker can win), so a task that runs twice sends once.
huey has no acknowledgements: a notice whose worker died after claiming it is released by a
periodic task and sent again with the same Message-ID, which lets mail servers drop the copy;
delivery is at least once.
"""

import logging
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from portal.audit.actions import record

from .models import Frequency, Notification, NotificationSetting, NotificationStatus

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 255
# A claim older than this belongs to a worker that died.
STALE_CLAIM_MINUTES = 15


def notify(*, recipient, kind, subject, body, url=""):
    """Record a notice for `recipient`; it is e-mailed after the current transaction commits
    (or in the next daily digest, if that is what they chose)."""
    from . import tasks

    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=" ".join(str(subject).split())[:SUBJECT_MAX_LENGTH],
        body=str(body),
        url=url,
    )
    transaction.on_commit(partial(tasks.deliver_notification, notification.pk), robust=True)
    return notification


def frequency_for(user):
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting.frequency if setting else Frequency.IMMEDIATELY


@transaction.atomic
def set_frequency(*, user, frequency):
    if frequency not in Frequency.values:
        raise ValueError(f"frequency: expected one of {', '.join(Frequency.values)}")
    setting, _created = NotificationSetting.objects.get_or_create(user=user)
    previous = setting.frequency if not _created else None
    if previous == frequency:
        return setting
    setting.frequency = frequency
    setting.save(update_fields=["frequency", "updated_at"])
    record(
        action="notifications.set_frequency",
        by=user,
        obj=user,
        detail={"from": previous, "to": frequency},
    )
    return setting


def _claim(notifications):
    """Mark waiting notices as being sent; returns the ids this caller won."""
    ids = [notification.pk for notification in notifications]
    won = []
    for pk in ids:
        claimed = Notification.objects.filter(pk=pk, status=NotificationStatus.WAITING).update(
            status=NotificationStatus.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
        if claimed:
            won.append(pk)
    return won


def _settle(ids, status):
    Notification.objects.filter(pk__in=ids).update(
        status=status, sent_at=timezone.now() if status == NotificationStatus.SENT else None
    )


def _release(ids):
    Notification.objects.filter(pk__in=ids, status=NotificationStatus.SENDING).update(
        status=NotificationStatus.WAITING, claimed_at=None
    )


def _absolute(path):
    if not path or urlsplit(path).scheme:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _domain():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def _message(*, recipient, subject, body, message_id):
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Message-ID": message_id},
    )


def _send(message):
    with get_connection() as connection:
        connection.send_messages([message])


def _footer_context():
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "settings_url": _absolute(reverse("notifications:settings")),
    }


def deliver_notification(*, notification_id):
    """E-mail one notice now, unless its recipient takes a daily digest. Returns the number of
    e-mails sent (0 or 1). Raises when the mail server fails, after releasing the claim, so
    the task's retry can send it."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, status=NotificationStatus.WAITING)
        .first()
    )
    if notification is None:
        return 0
    recipient = notification.recipient
    if not recipient.is_active:
        _settle([notification.pk], NotificationStatus.SKIPPED)
        return 0
    if frequency_for(recipient) == Frequency.DAILY:
        return 0
    if not _claim([notification]):
        return 0
    body = render_to_string(
        "notifications/email/notification.txt",
        {"notification": notification, "link": _absolute(notification.url), **_footer_context()},
    )
    # The same Message-ID on every attempt, so a copy sent after a worker died is dropped.
    message = _message(
        recipient=recipient,
        subject=notification.subject,
        body=body,
        message_id=f"<notification-{notification.pk}@{_domain()}>",
    )
    try:
        _send(message)
    except Exception:
        _release([notification.pk])
        raise
    _settle([notification.pk], NotificationStatus.SENT)
    return 1


def send_daily_digests():
    """One e-mail per person who takes a daily digest and has notices waiting. Returns the
    number of digests sent; a mail failure for one person leaves their notices waiting for the
    next run and does not stop the others."""
    recipients = (
        Notification.objects.waiting()
        .filter(recipient__notification_setting__frequency=Frequency.DAILY)
        .values_list("recipient", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        try:
            sent += _send_digest(recipient_id)
        except Exception:
            logger.exception(
                "Daily digest for user %s not sent; it will be tried again.", recipient_id
            )
    return sent


def _send_digest(recipient_id):
    notifications = list(
        Notification.objects.waiting()
        .filter(recipient_id=recipient_id)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    if not notifications:
        return 0
    recipient = notifications[0].recipient
    if not recipient.is_active:
        _settle([n.pk for n in notifications], NotificationStatus.SKIPPED)
        return 0
    won = set(_claim(notifications))
    notifications = [n for n in notifications if n.pk in won]
    if not notifications:
        return 0
    items = [{"notification": n, "link": _absolute(n.url)} for n in notifications]
    body = render_to_string("notifications/email/digest.txt", {"items": items, **_footer_context()})
    subject = ngettext(
        "Your daily digest: %(count)d notification",
        "Your daily digest: %(count)d notifications",
        len(items),
    ) % {"count": len(items)}
    first, last = notifications[0].pk, notifications[-1].pk
    message = _message(
        recipient=recipient,
        subject=subject,
        body=body,
        message_id=f"<digest-{recipient.pk}-{first}-{last}@{_domain()}>",
    )
    try:
        _send(message)
    except Exception:
        _release(list(won))
        raise
    _settle(list(won), NotificationStatus.SENT)
    return 1


def release_stale_claims():
    """Put notices claimed by a worker that died back in the queue, and queue the immediate
    ones again. Returns how many were released."""
    from . import tasks

    cutoff = timezone.now() - timezone.timedelta(minutes=STALE_CLAIM_MINUTES)
    stale = list(
        Notification.objects.filter(
            status=NotificationStatus.SENDING, claimed_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    _release(stale)
    for pk in stale:
        tasks.deliver_notification(pk)
    # Immediate notices whose task was lost before it claimed them.
    lost = list(
        Notification.objects.waiting()
        .filter(created_at__lt=cutoff)
        .exclude(recipient__notification_setting__frequency=Frequency.DAILY)
        .values_list("pk", flat=True)
    )
    for pk in lost:
        tasks.deliver_notification(pk)
    if stale or lost:
        logger.info("Notifications re-queued: %d released, %d never sent.", len(stale), len(lost))
    return len(stale) + len(lost)
