"""Verification, on the page and through the API: a match, altered content that does not
verify, a withdrawn and a lapsed entry said plainly, an older version's fingerprint
recognised as superseded, and malformed input named."""

import copy
import json

import pytest
from django.test import Client
from django.utils import timezone

from codesign.actions.register import lapse_due_entries, withdraw_entry
from codesign.models import RegisterEntry
from codesign.register.canonical import fingerprint

from .helpers import approve, redraft, text

pytestmark = pytest.mark.django_db


def page(identifier, given):
    response = Client().get("/register/verify/", {"identifier": identifier, "fingerprint": given})
    assert response.status_code == 200
    return text(response)


def api(identifier, given, expect=200):
    response = Client().get(
        "/register/api/verify/", {"identifier": identifier, "fingerprint": given}
    )
    assert response.status_code == expect
    return json.loads(response.content)


def test_the_fingerprint_of_a_recognised_entry_verifies(entry):
    shown = page(entry.identifier, entry.fingerprint)
    assert "Verified: recognised" in shown
    assert f"matches {entry.identifier} as Higher Education Commission approved it" in shown
    answer = api(entry.identifier, entry.fingerprint)
    assert answer["result"] == "match"
    assert answer["matches"] is True and answer["recognised"] is True
    assert answer["status"] == "recognised"
    # Typed loosely: upper case, spaces, a "sha256:" prefix, an identifier in lower case.
    loose = "sha256:" + " ".join(entry.fingerprint.upper()[i : i + 8] for i in range(0, 64, 8))
    assert api(entry.identifier.lower(), loose)["result"] == "match"


def test_the_entry_page_links_to_its_own_verification(entry):
    body = Client().get(entry.get_absolute_url()).content.decode()
    assert (
        f'href="/register/verify/?identifier={entry.identifier}&amp;fingerprint='
        f'{entry.fingerprint}"' in body
    )


def test_a_fingerprint_of_altered_content_does_not_verify(entry):
    altered = copy.deepcopy(entry.content)
    altered["notional_workload"]["credits"] = "30"
    forged = fingerprint(altered)
    assert forged != entry.fingerprint
    assert "Does not verify" in page(entry.identifier, forged)
    answer = api(entry.identifier, forged)
    assert (answer["result"], answer["matches"], answer["recognised"]) == (
        "mismatch",
        False,
        False,
    )


def test_content_altered_in_the_database_no_longer_verifies(entry):
    content = copy.deepcopy(entry.content)
    content["title"] = "Installing rooftop solar panels, advanced"
    RegisterEntry.objects.filter(pk=entry.pk).update(content=content)
    assert api(entry.identifier, entry.fingerprint)["result"] == "mismatch"


def test_a_withdrawn_entry_is_said_plainly(people, entry):
    withdraw_entry(entry=entry, reason="The programme closed.", by=people.authority_admin)
    today = timezone.localdate()
    shown = page(entry.identifier, entry.fingerprint)
    assert "Verified, but no longer recognised" in shown
    assert f"withdrawn on {today:%-d %B %Y} and is no longer recognised" in shown
    assert "Reason: The programme closed." in shown
    answer = api(entry.identifier, entry.fingerprint)
    assert (answer["result"], answer["recognised"], answer["status"]) == (
        "match",
        False,
        "withdrawn",
    )
    assert answer["status_changed_on"] == today.isoformat()
    assert answer["status_reason"] == "The programme closed."


def test_a_lapsed_entry_is_said_plainly(entry):
    lapse_due_entries(today=entry.review_date)
    shown = page(entry.identifier, entry.fingerprint)
    assert "lapsed on" in shown and "no longer recognised" in shown
    answer = api(entry.identifier, entry.fingerprint)
    assert (answer["status"], answer["recognised"]) == ("lapsed", False)


def test_an_older_versions_fingerprint_is_superseded(people, design, entry):
    old = entry.fingerprint
    redraft(people, design, "further_information", {"text": "Run every quarter."})
    renewed = approve(people, design, rereview_of=entry)
    answer = api(entry.identifier, old)
    assert (answer["result"], answer["matches"], answer["recognised"]) == (
        "superseded",
        True,
        False,
    )
    assert (answer["version"], answer["current_version"]) == (1, 2)
    assert "Verified, but superseded" in page(entry.identifier, old)
    assert "the current version is 2" in page(entry.identifier, old)
    assert api(entry.identifier, renewed.fingerprint)["result"] == "match"


def test_unknown_entries_and_malformed_input(entry):
    assert api("MU-1999-00001", entry.fingerprint)["result"] == "unknown"
    assert "Not in the register" in page("MU-1999-00001", entry.fingerprint)
    errors = api("not an id", "abc", expect=400)["errors"]
    assert set(errors) == {"identifier", "fingerprint"}
    shown = page("not an id", "abc")
    assert "Identifier: An identifier is two letters, a year and a number" in shown
    assert "Fingerprint: A fingerprint is 64 letters and digits" in shown
    # The empty form, as a browser first shows it: no errors.
    blank = text(Client().get("/register/verify/"))
    assert "There is a problem" not in blank


def test_verification_needs_no_javascript(entry):
    body = Client().get("/register/verify/").content.decode()
    assert "<script" not in body
    assert '<form method="get" action="/register/verify/"' in body
