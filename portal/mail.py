"""E-mail leaves after the commit, from a huey worker, never from the request.

A mail server that is down or slow then neither answers the visitor 500 nor leaves a change
half-saved, and how long a request takes does not depend on which e-mail it sends (sign-up
would otherwise tell who has an account by its timing).

The message is rendered in the request (allauth's links need it) and queued whole, links
included: the queue holds it until it is sent, as the mail server's own spool would. huey has
no acknowledgements, so a message whose worker dies is lost; every message queued here is one
the person can ask for again (a verification e-mail by signing in, a password reset by asking
again, an invitation by its admin revoking it and sending a new one), so none keeps a delivery
row.
"""

from django.core.mail import EmailMessage
from django.db import transaction


def send_after_commit(message: EmailMessage):
    """Send `message` once the current transaction commits (at once outside one), retrying
    while the mail server fails. Not even a queue that is down reaches the caller: it is
    logged, and the change that asked for the e-mail stays made."""
    from . import tasks

    transaction.on_commit(lambda: tasks.send_email(message), robust=True)
