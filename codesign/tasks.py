"""huey tasks of the co-design app: thin wrappers that take ids and call actions."""

from huey.contrib.djhuey import db_task

from .actions import workspaces


# 1, 2, 4, 8 and 16 minutes apart: about half an hour for the mail server to come back.
@db_task(retries=5, retry_delay=60, retry_backoff=2)
def send_workspace_invitation_email(invitation_id, token, base_url):
    workspaces.send_invitation_email(invitation_id=invitation_id, token=token, base_url=base_url)
