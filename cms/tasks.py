from huey.contrib.djhuey import db_task

from . import actions


@db_task(retries=3, retry_delay=60)
def email_contact_message(submission_id):
    actions.email_contact_message(submission_id=submission_id)
