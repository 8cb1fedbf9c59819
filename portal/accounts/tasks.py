from huey.contrib.djhuey import db_task

from . import actions


# 1, 2, 4, 8 and 16 minutes apart: about half an hour for the mail server to come back.
@db_task(retries=5, retry_delay=60, retry_backoff=2)
def send_invitation_email(invitation_id, token, base_url):
    actions.send_invitation_email(invitation_id=invitation_id, token=token, base_url=base_url)
