"""Sign-up takes as long for an address that has an account as for one that has none.

Otherwise its timing tells who has an account (17-44 ms against 383-819 ms were measured):
allauth hashed no password for a taken address, and sent the e-mail while the visitor waited.
"""

import statistics
import time

from django.conf import global_settings
from django.urls import reverse

from .conftest import PASSWORD

SAMPLES = 5


def test_taken_and_new_addresses_take_the_same_time(client, make_user, settings):
    make_user("taken@example.org")
    # The hasher the portal really uses, not the tests' fast one: its cost is the point.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    url = reverse("account_signup")

    def sign_up(email):
        client.cookies.clear()
        started = time.perf_counter()
        response = client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
        elapsed = time.perf_counter() - started
        assert response["Location"] == reverse("account_email_verification_sent")
        return elapsed

    sign_up("warm-up@example.org")
    taken, new = [], []
    for number in range(SAMPLES):  # interleaved, so a busy moment of the machine hits both
        taken.append(sign_up("taken@example.org"))
        new.append(sign_up(f"new-{number}@example.org"))
    ratio = statistics.median(taken) / statistics.median(new)
    assert 0.5 < ratio < 2, f"taken {sorted(taken)} s, new {sorted(new)} s"
