from django.core.mail import get_connection
from huey.contrib.djhuey import task


# 1, 2, 4, 8 and 16 minutes apart: about half an hour for the mail server to come back.
@task(retries=5, retry_delay=60, retry_backoff=2)
def send_email(message):
    # A connection of its own, not message.send(): that would keep the connection on the
    # message, and a retry would be queued with the connection that failed.
    with get_connection() as connection:
        connection.send_messages([message])
