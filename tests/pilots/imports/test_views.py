"""The import pages: partners use them; everyone else gets 404 on every one of them."""

import csv
import io

import pytest
from django.urls import reverse

from pilots.models import ImportStatus, Participant
from tests.pilots.helpers import signed_in

from .conftest import csv_bytes, row, rows, upload

pytestmark = pytest.mark.django_db


def _urls(world, participant_import):
    pilot, pk = world.pilot.pk, participant_import.pk
    return [
        ("get", reverse("pilots:imports", args=[pilot])),
        ("post", reverse("pilots:import_upload", args=[pilot])),
        ("get", reverse("pilots:import_template", args=[pilot])),
        ("get", reverse("pilots:import_template_download", args=[pilot, "csv"])),
        ("get", reverse("pilots:import_template_download", args=[pilot, "xlsx"])),
        ("get", reverse("pilots:import", args=[pilot, pk])),
        ("get", reverse("pilots:import_status", args=[pilot, pk])),
        ("post", reverse("pilots:import_confirm", args=[pilot, pk])),
        ("post", reverse("pilots:import_cancel", args=[pilot, pk])),
        ("get", reverse("pilots:import_file", args=[pilot, pk])),
        ("get", reverse("pilots:import_problems_csv", args=[pilot, pk])),
    ]


def test_everyone_outside_the_partners_gets_404_everywhere(world, receive):
    participant_import = receive(csv_bytes(rows(2)))
    outsiders = [None, world.stranger, world.official, world.assessor, world.staff]
    for person in outsiders:
        client = signed_in(person)
        for method, url in _urls(world, participant_import):
            data = {"file": upload(csv_bytes(rows(1)))} if method == "post" else None
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (person, url, response.status_code)
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.READY
    assert not Participant.objects.exists()
    assert world.pilot.imports.count() == 1


def test_an_import_of_another_pilot_is_404(world, receive):
    from tests.pilots.helpers import make_world

    other = make_world(prefix="other-")
    participant_import = receive(csv_bytes(rows(1)))
    client = signed_in(other.provider)
    url = reverse("pilots:import", args=[other.pilot.pk, participant_import.pk])
    assert client.get(url).status_code == 404


def test_uploading_checking_and_confirming_through_the_pages(world, as_provider):
    page = as_provider.get(reverse("pilots:imports", args=[world.pilot.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "20.0\xa0MB" in text and "200,000 rows" in text and "250.0\xa0MB" in text

    response = as_provider.post(
        reverse("pilots:import_upload", args=[world.pilot.pk]),
        {"file": upload(csv_bytes(rows(2))), "encoding": "utf-8"},
    )
    participant_import = world.pilot.imports.get()
    assert response.status_code == 302
    assert response["Location"] == participant_import.get_absolute_url()
    preview = as_provider.get(response["Location"]).content.decode()
    assert "what the import would do" in preview
    assert "Import 2 rows" in preview

    response = as_provider.post(
        reverse("pilots:import_confirm", args=[world.pilot.pk, participant_import.pk])
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 2
    report = as_provider.get(response["Location"]).content.decode()
    assert "2 participants created, 0 updated, 0 unchanged." in report
    history = as_provider.get(reverse("pilots:imports", args=[world.pilot.pk])).content.decode()
    assert "2 created, 0 updated, 0 unchanged" in history
    assert participant_import.sha256 in history


def test_a_refused_file_is_named_on_the_form_and_not_kept(world, as_provider):
    response = as_provider.post(
        reverse("pilots:import_upload", args=[world.pilot.pk]),
        {"file": upload(b"\x00\x01binary", name="p.csv"), "encoding": "utf-8"},
    )
    assert response.status_code == 400
    assert "is not text" in response.content.decode()
    assert not world.pilot.imports.exists()


def test_problems_are_listed_by_page_and_downloadable(world, receive, as_provider):
    participant_import = receive(csv_bytes(rows(60, district="Atlantis")))
    url = participant_import.get_absolute_url()
    first = as_provider.get(url).content.decode()
    assert "The file has 60 problems" in first
    assert first.count("Atlantis") == 50
    assert "Page 1 of 2" in first
    second = as_provider.get(url + "?page=2").content.decode()
    assert second.count("Atlantis") == 10

    download = as_provider.get(
        reverse("pilots:import_problems_csv", args=[world.pilot.pk, participant_import.pk])
    )
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0] == ["row", "column", "value", "reason"]
    assert lines[1][:3] == ["2", "district", "Atlantis"]
    assert len(lines) == 61


def test_a_formula_in_a_cell_is_neutralised_in_the_problems_download(world, receive, as_provider):
    participant_import = receive(csv_bytes([row(district="=HYPERLINK(1)")]))
    download = as_provider.get(
        reverse("pilots:import_problems_csv", args=[world.pilot.pk, participant_import.pk])
    )
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[1][2] == "'=HYPERLINK(1)"


def test_the_status_answers_for_the_progress_script(world, receive, as_provider):
    participant_import = receive(csv_bytes(rows(1)))
    data = as_provider.get(
        reverse("pilots:import_status", args=[world.pilot.pk, participant_import.pk])
    ).json()
    assert data["status"] == "ready" and data["working"] is False


def test_a_working_import_refreshes_itself_without_javascript(world, receive, as_provider):
    participant_import = receive(csv_bytes(rows(1)))
    participant_import.__class__.objects.filter(pk=participant_import.pk).update(
        status=ImportStatus.CHECKING, progress=40
    )
    page = as_provider.get(participant_import.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "pilots/imports/progress.js" in page
    assert 'value="40"' in page


def test_the_templates_and_the_original_file_download(world, receive, as_provider):
    from python_calamine import CalamineWorkbook

    pilot = world.pilot.pk
    response = as_provider.get(reverse("pilots:import_template_download", args=[pilot, "csv"]))
    assert response.content.decode("utf-8-sig").strip().split(",")[:3] == [
        "reference",
        "gender",
        "birth_year",
    ]
    response = as_provider.get(reverse("pilots:import_template_download", args=[pilot, "xlsx"]))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["Participants", "Columns", "Allowed values"]
    lists = workbook.get_sheet_by_name("Allowed values").to_python()
    heading = lists[0]
    district_values = [line[heading.index("district")] for line in lists[1:]]
    assert "Flacq" in district_values and "Port Louis" in district_values
    cohorts = [line[heading.index("cohort")] for line in lists[1:] if line[heading.index("cohort")]]
    assert cohorts == ["2026-A", "2026-B"]
    response = as_provider.get(reverse("pilots:import_template_download", args=[pilot, "pdf"]))
    assert response.status_code == 404

    page = as_provider.get(reverse("pilots:import_template", args=[pilot])).content.decode()
    for needle in ("employment_at_entry", "self_employed", "Flacq", "2026-B", "YYYY-MM-DD"):
        assert needle in page

    data = csv_bytes(rows(1))
    participant_import = receive(data)
    response = as_provider.get(reverse("pilots:import_file", args=[pilot, participant_import.pk]))
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_cancelled_import_says_nothing_was_imported(world, receive, as_provider):
    participant_import = receive(csv_bytes(rows(1)))
    response = as_provider.post(
        reverse("pilots:import_cancel", args=[world.pilot.pk, participant_import.pk])
    )
    page = as_provider.get(response["Location"]).content.decode()
    assert "The import is cancelled: nothing was imported." in page
    assert "Nothing was imported." in page
    participant_import.refresh_from_db()
    assert participant_import.status == ImportStatus.CANCELLED
    assert not Participant.objects.exists()
