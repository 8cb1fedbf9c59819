from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import actions


@db_task(retries=3, retry_delay=60)
def email_contact_message(submission_id):
    actions.email_contact_message(submission_id=submission_id)


# huey has no acknowledgements: whatever a dead worker left unsent is sent from here.
@db_periodic_task(crontab(minute="*/5"))
def resend_waiting_contact_messages():
    actions.resend_waiting_contact_messages()
