"""A mail server that is down, and huey's retries run by hand.

The tests run huey at once, in the test's own thread, with no consumer: a task that fails
waits in huey's schedule for its retry until `run_retries()` runs it.
"""

import datetime

from django.core.mail.backends.base import BaseEmailBackend
from huey.contrib.djhuey import HUEY

BROKEN_MAIL_SERVER = "tests.mailserver.BrokenMailServer"
WORKING_MAIL_SERVER = "django.core.mail.backends.locmem.EmailBackend"


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def waiting_tasks():
    return [task.name for task in HUEY.scheduled()]


def run_retries():
    """Run every task waiting for a retry, as the consumer would once its time comes."""
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
    for task in HUEY.read_schedule(later):
        HUEY.execute(task, later)
