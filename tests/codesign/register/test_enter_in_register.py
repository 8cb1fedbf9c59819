"""An approval enters the frozen revision in the register: content, columns, identifier,
fingerprint, first version; a re-review gives the same entry its next version."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from codesign.actions.register import SHELF_LIFE_YEARS, review_date_for
from codesign.models import EntryStatus, RegisterEntry
from codesign.register.canonical import canonical_bytes, fingerprint
from portal.audit.models import AuditEntry

from .helpers import approve, approve_submission, redraft, submit, write_design

pytestmark = pytest.mark.django_db


def test_an_approval_enters_the_revision_in_the_register(people, design, entry):
    year = timezone.localdate().year
    assert entry.identifier == f"MU-{year}-00001"
    assert entry.version == 1
    assert entry.status == EntryStatus.RECOGNISED
    assert entry.get_absolute_url() == f"/register/{entry.identifier}/"
    content = entry.content
    assert content["identifier"] == entry.identifier
    assert content["title"] == "Installing rooftop solar panels"
    assert content["issuer_country"] == {"code": "MU", "name": "Mauritius"}
    assert [body["name"] for body in content["awarding_bodies"]] == [
        "University of Mauritius",
        "Sugar Industry Board",
    ]
    assert content["awarding_bodies"][0]["organisation"] == people.university.slug
    assert [o["statement"] for o in content["learning_outcomes"]] == [
        "Install a rooftop solar panel to the maker's instructions",
        "Explain the electrical risks of working on a roof",
    ]
    # 60 notional hours at 20 per NCVTS credit; 25 hours per ECTS credit.
    assert content["notional_workload"]["hours"] == "60"
    assert content["notional_workload"]["credits"] == "3"
    assert content["notional_workload"]["ects_credits"] == "2.4"
    assert content["level"]["framework"] == "MU-NQF"
    assert content["level"]["number"] == 5
    assert {m["framework"]: m["number"] for m in content["level"]["mapped"]} == {"SADCQF": 5}
    assert content["assessment"] == {
        "type": "Observed installation and a short test.",
        "supervision": "onsite_verified",
    }
    assert content["participation"]["modes"] == ["blended"]
    assert content["quality_assurance"] == "The university's programme approval."
    assert content["prerequisites"] == "An electrician's trade certificate."
    assert content["integration"]["option"] == "stand_alone"
    assert content["further_information"] == "Run twice a year."
    assert content["credential_type"] == "industry_led"
    assert content["approval"]["authority"]["name"] == "Higher Education Commission"
    assert content["approval"]["approved_on"] == timezone.localdate().isoformat()
    # The columns the list filters on.
    assert entry.title == "Installing rooftop solar panels"
    assert entry.country.code == "MU"
    assert (entry.level_number, entry.sadcqf_level, entry.eqf_level) == (5, 5, None)
    assert entry.credits == Decimal(3)
    assert entry.ects_credits == Decimal("2.4")
    assert entry.notional_hours == Decimal(60)
    assert list(entry.awarding_bodies.all()) == [people.university]
    assert entry.awarding_body_names == "University of Mauritius\nSugar Industry Board"
    assert entry.authority == people.authority
    assert entry.approved_on == timezone.localdate()
    assert entry.review_date == review_date_for(entry.approved_on)
    assert entry.review_date.year == entry.approved_on.year + SHELF_LIFE_YEARS
    assert entry.design == design
    # Fingerprinted, versioned, audited.
    assert entry.fingerprint == fingerprint(content)
    version = entry.versions.get()
    assert (version.number, version.fingerprint) == (1, entry.fingerprint)
    assert version.approved_by == people.reviewer
    audit = AuditEntry.objects.filter(action="codesign.enter_in_register").get()
    assert audit.detail["fingerprint"] == entry.fingerprint


def test_content_is_the_frozen_revision_not_the_design_as_it_stands(people, design):
    submission = submit(people, design)
    # The co-authors go on drafting while the authority reviews what was submitted.
    redraft(people, design, "further_information", {"text": "A later draft."})
    entry = approve_submission(people, submission)
    assert entry.content["further_information"] == "Run twice a year."
    assert entry.content["approval"]["design_revision"] == submission.rounds.get().revision.number


def test_identifiers_count_up_within_the_country_and_year(people, design, entry):
    second = approve(people, write_design(people, title="Maintaining solar inverters"))
    year = timezone.localdate().year
    assert second.identifier == f"MU-{year}-00002"
    assert second.fingerprint != entry.fingerprint


def test_a_rereview_gives_the_same_entry_its_next_version(people, design, entry):
    first_fingerprint = entry.fingerprint
    RegisterEntry.objects.filter(pk=entry.pk).update(
        status=EntryStatus.LAPSED,
        status_reason="Its review date passed.",
        reminded_six_months_at=timezone.now(),
        reminded_one_month_at=timezone.now(),
    )
    later = timezone.now() + datetime.timedelta(days=1000)
    redraft(people, design, "further_information", {"text": "Run three times a year."})
    with mock.patch("django.utils.timezone.now", return_value=later):
        renewed = approve(people, design, rereview_of=entry)
    assert renewed.pk == entry.pk
    assert renewed.identifier == entry.identifier
    assert renewed.version == 2
    assert renewed.status == EntryStatus.RECOGNISED
    assert renewed.status_reason == ""
    assert renewed.reminded_six_months_at is None
    assert renewed.reminded_one_month_at is None
    assert renewed.approved_on == timezone.localdate(later)
    assert renewed.content["further_information"] == "Run three times a year."
    assert renewed.content["version"] == 2
    assert renewed.fingerprint != first_fingerprint
    assert list(renewed.versions.values_list("number", "fingerprint")) == [
        (2, renewed.fingerprint),
        (1, first_fingerprint),
    ]
    assert RegisterEntry.objects.count() == 1
    assert AuditEntry.objects.filter(action="codesign.renew_entry").count() == 1


def test_the_canonical_form_is_stable(entry):
    content = entry.content
    data = canonical_bytes(content)
    # Sorted keys, no whitespace, UTF-8 without escapes: the documented form.
    assert (
        data
        == json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    assert data.startswith(b'{"approval":{"approved_on":')
    assert b" :" not in data and b'", "' not in data
    # Key order and a round trip through the database change nothing.
    reordered = dict(reversed(list(content.items())))
    assert fingerprint(reordered) == entry.fingerprint
    entry.refresh_from_db()
    assert fingerprint(entry.content) == entry.fingerprint


def test_a_fixed_content_has_a_fixed_fingerprint():
    content = {"b": [1, "é"], "a": {"z": None, "y": True}}
    assert canonical_bytes(content) == '{"a":{"y":true,"z":null},"b":[1,"é"]}'.encode()
    assert fingerprint(content) == (
        "bafc1c5082b6e7d2279bdd7ef27e13f972c93b38f5b6febdb99b8a1c0fe54fe0"
    )


def test_floats_are_not_canonical():
    from codesign.register.canonical import NotCanonical

    with pytest.raises(NotCanonical):
        canonical_bytes({"credits": 2.4})


def test_review_date_is_three_years_on():
    assert review_date_for(datetime.date(2026, 5, 14)) == datetime.date(2029, 5, 14)
    assert review_date_for(datetime.date(2028, 2, 29)) == datetime.date(2031, 2, 28)
