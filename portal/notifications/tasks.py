from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import actions


# 1, 2, 4, 8 and 16 minutes apart: about half an hour for the mail server to come back.
@db_task(retries=5, retry_delay=60, retry_backoff=2)
def deliver_notification(notification_id):
    actions.deliver_notification(notification_id=notification_id)


# 04:00 UTC is 06:00 in South Africa and Namibia, 05:00-06:00 across the partner countries.
@db_periodic_task(crontab(hour="4", minute="0"))
def send_daily_digests():
    actions.send_daily_digests()


@db_periodic_task(crontab(minute="*/5"))
def release_stale_claims():
    actions.release_stale_claims()
