"""huey tasks of the co-design app: thin wrappers that take ids and call actions."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .actions import register, workspaces


# 1, 2, 4, 8 and 16 minutes apart: about half an hour for the mail server to come back.
@db_task(retries=5, retry_delay=60, retry_backoff=2)
def send_workspace_invitation_email(invitation_id, token, base_url):
    workspaces.send_invitation_email(invitation_id=invitation_id, token=token, base_url=base_url)


# The register's shelf life. Hourly, so a consumer that was down at midnight still acts the
# same day; each run finds nothing to do once the day's reminders and lapses are done.
@db_periodic_task(crontab(minute="7"))
def lapse_due_register_entries():
    register.lapse_due_entries()


@db_periodic_task(crontab(minute="17"))
def send_register_review_reminders():
    register.send_review_reminders()
