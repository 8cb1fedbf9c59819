"""Upload, check, preview, confirm, import: nothing saved before the confirmation, then all
or nothing; the same file again changes nothing; an updated file updates."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pilots.actions import imports as actions
from pilots.models import Achievement, ImportStatus, Participant
from portal.audit.models import AuditEntry

from .conftest import csv_bytes, row, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_a_clean_file_is_previewed_and_nothing_is_saved_before_confirmation(world, receive):
    participant_import = receive(csv_bytes(rows(3)))

    assert participant_import.status == ImportStatus.READY
    assert participant_import.row_count == 3
    assert participant_import.problems == []
    summary = participant_import.summary
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (3, 0, 0)
    assert [item["reference"] for item in summary["sample"]] == ["P001", "P002", "P003"]
    assert summary["sample"][0]["row"] == 2
    assert ["district", "Flacq"] in summary["sample"][0]["values"]
    assert len(participant_import.sha256) == 64
    assert participant_import.uploaded_by == world.provider
    assert participant_import.file.read() == csv_bytes(rows(3))
    assert not Participant.objects.exists()


def test_confirming_imports_every_row(world, receive, confirm):
    participant_import = confirm(receive(csv_bytes(rows(3))))

    assert participant_import.status == ImportStatus.IMPORTED
    assert participant_import.confirmed_by == world.provider
    assert participant_import.finished_at is not None
    assert (participant_import.summary["created"], participant_import.summary["unchanged"]) == (
        3,
        0,
    )
    first = Participant.objects.get(reference="P001")
    assert (first.gender, first.birth_year, first.district, first.cohort) == (
        "female",
        2000,
        world.districts["Flacq"],
        world.cohort_a,
    )
    assert first.enrolled_on == date(2026, 2, 2)
    assert first.assessment_score == Decimal("81.50")
    assert (first.status_6_months, first.employer_satisfaction) == ("promoted", 4)
    assert Achievement.objects.filter(participant__pilot=world.pilot).count() == 3
    actions_recorded = set(
        AuditEntry.objects.filter(object_id=str(participant_import.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"pilots.import_receive", "pilots.import_check", "pilots.import_confirm"} <= (
        actions_recorded
    )
    assert "pilots.import" in actions_recorded


def test_the_same_file_again_changes_nothing_and_says_so(world, receive, confirm, as_provider):
    data = xlsx_bytes(rows(3), typed=True)
    first = confirm(receive(data, name="outcomes.xlsx"))
    stamps = dict(Participant.objects.values_list("reference", "updated_at"))

    again = receive(data, name="outcomes (copy).xlsx")
    assert (again.summary["created"], again.summary["updated"], again.summary["unchanged"]) == (
        0,
        0,
        3,
    )
    page = as_provider.get(again.get_absolute_url())
    assert "identical (the same SHA-256)" in page.content.decode()
    assert first.get_absolute_url() in page.content.decode()
    confirm(again)
    again.refresh_from_db()
    assert again.status == ImportStatus.IMPORTED
    assert again.summary["unchanged"] == 3
    assert dict(Participant.objects.values_list("reference", "updated_at")) == stamps
    assert Achievement.objects.count() == 3


def test_an_updated_file_updates_the_same_participants(world, receive, confirm):
    confirm(receive(csv_bytes(rows(3))))
    ids = dict(Participant.objects.values_list("reference", "pk"))
    updated = rows(3)
    updated[1] |= {"status_12_months": "", "status_6_months": "unemployed", "gender": "MALE"}
    updated[2] |= {"awarded_on": "", "assessment_result": "failed", "assessment_score": "40"}
    updated.append(row("P004", cohort="2026-b", enrolled_on="2026-05-04", completed_on=""))
    updated[3] |= {
        "assessment_result": "",
        "assessment_score": "",
        "awarded_on": "",
        "status_3_months": "",
        "status_6_months": "",
        "employer_satisfaction": "",
    }

    participant_import = receive(csv_bytes(updated))
    summary = participant_import.summary
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (1, 2, 1)
    assert summary["changes"] == {
        "gender": 1,
        "status_6_months": 1,
        "assessment_result": 1,
        "assessment_score": 1,
        "awarded_on": 1,
    }
    confirm(participant_import)

    assert (
        dict(Participant.objects.filter(reference__lte="P003").values_list("reference", "pk"))
        == ids
    )
    second = Participant.objects.get(reference="P002")
    assert (second.gender, second.status_6_months) == ("male", "unemployed")
    third = Participant.objects.get(reference="P003")
    assert (third.awarded_on, third.assessment_result) == (None, "failed")
    assert third.achievement.revoked_at is not None
    assert Participant.objects.get(reference="P004").cohort == world.cohort_b


def test_a_file_with_problems_saves_nothing_and_cannot_be_confirmed(world, receive):
    participant_import = receive(csv_bytes([row("P001"), row("P002", district="Atlantis")]))

    assert participant_import.status == ImportStatus.PROBLEMS
    assert participant_import.problems == [
        {
            "row": 3,
            "column": "district",
            "value": "Atlantis",
            "reason": "Not a district of Mauritius: use one of the names in the list of allowed "
            "values.",
        }
    ]
    with pytest.raises(ValidationError):
        actions.confirm_import(participant_import=participant_import, by=world.provider)
    assert not Participant.objects.exists()


def test_the_import_is_all_or_nothing(world, receive, confirm, monkeypatch):
    """A failure after the participants were written (here: in the achievements) rolls the
    whole import back."""
    from pilots.imports import bulk

    participant_import = receive(csv_bytes(rows(4)))

    def broken(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(bulk, "sync_achievements", broken)
    confirm(participant_import)

    assert participant_import.status == ImportStatus.FAILED
    assert "the disk is on fire" in participant_import.error
    assert "Nothing was imported" in participant_import.error
    assert not Participant.objects.exists()
    assert not Achievement.objects.exists()


def test_of_two_confirmations_one_imports(world, receive, confirm):
    participant_import = receive(csv_bytes(rows(2)))
    stale_copy = participant_import.__class__.objects.get(pk=participant_import.pk)
    confirm(participant_import)

    with pytest.raises(ValidationError) as error:
        actions.confirm_import(participant_import=stale_copy, by=world.academic)
    assert "no longer waiting for confirmation" in error.value.messages[0]
    assert AuditEntry.objects.filter(action="pilots.save_participants").count() == 1
    # The job running twice imports once.
    assert actions.run_import(import_id=participant_import.pk) is None
    assert Participant.objects.count() == 2


def test_an_older_file_cannot_undo_a_newer_import(world, receive, confirm):
    older = receive(csv_bytes(rows(2)))
    newer = confirm(receive(csv_bytes(rows(2, status_6_months="unemployed"))))
    assert newer.status == ImportStatus.IMPORTED

    older = confirm(older)

    assert older.status == ImportStatus.CANCELLED
    assert "uploaded after this one" in older.error
    assert set(Participant.objects.values_list("status_6_months", flat=True)) == {"unemployed"}


def test_a_preview_made_stale_by_other_changes_is_shown_again(world, receive, confirm):
    from pilots.actions.participants import record_outcomes
    from tests.pilots.helpers import add_participants

    add_participants(world, [("P001", {})])
    participant_import = receive(csv_bytes(rows(2)))
    assert (participant_import.summary["created"], participant_import.summary["updated"]) == (1, 1)
    # After the check, someone records P001's completion by hand.
    record_outcomes(
        participant=Participant.objects.get(reference="P001"),
        by=world.academic,
        completed_on=date(2026, 4, 29),
    )

    participant_import = confirm(participant_import)

    assert participant_import.status == ImportStatus.READY
    assert participant_import.summary["rechecked"] is True
    assert participant_import.summary["changes"]["completed_on"] == 1
    assert not Participant.objects.filter(reference="P002").exists()
    participant_import = confirm(participant_import)
    assert participant_import.status == ImportStatus.IMPORTED
    assert Participant.objects.get(reference="P001").completed_on == date(2026, 4, 30)
