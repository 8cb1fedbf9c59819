from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import actions


# Scheduled publishing (a page's "go live" and "expiry" dates) only happens when Wagtail's
# publish_scheduled runs; the huey consumer that `make run` and production start runs it
# every minute. The lock keeps two workers from publishing the same revision at once.
@db_periodic_task(crontab(minute="*"))
@lock_task("handbook-publish-scheduled")
def publish_scheduled_pages():
    actions.publish_scheduled_pages()
