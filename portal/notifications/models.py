"""E-mail notifications: an outbox row per notice, sent at once or in a daily digest.

Apps create notices through portal.notifications.actions.notify inside their own transaction;
sending happens after commit, in huey, and at most once per row however often a task runs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("As it happens, one e-mail each")
    DAILY = "daily", _("One daily digest")


class NotificationSetting(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    frequency = models.CharField(
        _("e-mail me"), max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class NotificationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (account inactive)")


class NotificationQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=NotificationStatus.WAITING)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Which app and event, e.g. "codesign.mention"; used to group a digest.
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # A path on the portal; the e-mail makes it absolute.
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=NotificationStatus.choices, default=NotificationStatus.WAITING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} to {self.recipient}: {self.subject}"
