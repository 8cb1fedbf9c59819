"""The pilot journey in a real browser, without JavaScript: a provider uploads a participants
file with errors, reads the report (row, column, value, reason), fixes the file, confirms the
import, records the 3- and 6-month follow-ups on the participants' outcome form, and sees the
pilot's dashboard show the right funnel and breakdown; a ministry official of the pilot's
country signs in with two-factor, finds the dashboard across pilots from the pilots list, sees
the same funnel with the cells under five hidden, and downloads the country summary as a Word
document. Every page on the way passes axe.

The pilot (tests/pilots/helpers.py's world, Mauritius) starts in 2026, so a participant's age is
2026 minus the year of birth. Cohort 2026-A is rural (Flacq), completed on 30 April 2026, so its
six-month follow-up is due on 30 October 2026; cohort 2026-B is urban (Port Louis), completed on
31 July 2026, so only its three-month follow-up is due. The fixed file:

    ref   gender  born  district    disability  cohort  completed  result  awarded
    P001  female  2000  Flacq       no          2026-A  yes        passed  yes
    P002  female  2001  Flacq       no          2026-A  yes        passed  yes
    P003  female  1998  Flacq       no          2026-A  yes        passed  yes
    P004  female  1995  Moka        yes         2026-A  yes        passed  yes
    P005  female  1990  Moka        no          2026-A  yes        passed  yes
    P006  female  2003  Flacq       no          2026-A  no         -       no
    P007  male    1999  Port Louis  no          2026-B  yes        passed  yes
    P008  male    2000  Port Louis  no          2026-B  yes        passed  yes
    P009  male    1997  Port Louis  no          2026-B  yes        passed  yes
    P010  male    1994  Port Louis  yes         2026-B  yes        passed  yes
    P011  male    1988  Port Louis  no          2026-B  yes        passed  yes
    P012  male    2004  Port Louis  no          2026-B  no         -       no

Then, on the outcome form (FOLLOW_UPS): P001 to P005 are in work at six months (employed,
employed, promoted, self-employed, employed; employers' scores 4, 5, 3, 4, 5), and P007 is
employed at three months (his six months are not up yet).

By hand: enrolled 12, completed 10 (83.3%), awarded 10 (83.3%), in work at six months 5
(41.7%). Women: 6 enrolled, 5 completed, 5 awarded, 5 in work at six months (5 of the 5
followed up: 100.0%); men: 6, 5, 5, 0 (none followed up at six months yet: no rate). Every
cell of the gender breakdown is 0 or at least 5, so the ministry sees it whole too. Disability:
2 with one (P004, P010), 10 without: the 2 is hidden from the ministry, and so is the 10 (the
total would give the 2 back by subtraction). Employers' scores: 5, adding up to 21, a mean of
4.20, shown to the ministry too.

The first file has four mistakes (MISTAKES): an unknown district, a day that does not exist, a
reference used twice and a score out of range.
"""

import csv
import io
import re
import zipfile

import pytest

from pilots.actions.reference import sync_pilot_reference
from pilots.imports.columns import COLUMN_NAMES
from pilots.models import ImportStatus, Participant, ParticipantImport
from portal.documents.models import GeneratedDocument
from portal.frameworks.actions import sync_reference_data
from tests.e2e import conftest as e2e
from tests.e2e.conftest import assert_accessible
from tests.pilots.helpers import PASSWORD, TOTP_SECRET, make_world

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Rooftop solar technicians, first pilot"
A = {"cohort": "2026-A", "setting": "rural", "enrolled_on": "2026-02-02"}
B = {"cohort": "2026-B", "setting": "urban", "enrolled_on": "2026-05-04"}
DONE_A = {
    "completed_on": "2026-04-30",
    "assessment_result": "passed",
    "awarded_on": "2026-05-15",
}
DONE_B = {
    "completed_on": "2026-07-31",
    "assessment_result": "passed",
    "awarded_on": "2026-08-14",
}
# reference: (gender, born, district, disability, cohort and outcome values)
PEOPLE = {
    "P001": ("female", 2000, "Flacq", "no", {**A, **DONE_A, "assessment_score": "81"}),
    "P002": ("female", 2001, "Flacq", "no", {**A, **DONE_A, "assessment_score": "74.5"}),
    "P003": ("female", 1998, "Flacq", "no", {**A, **DONE_A, "assessment_score": "68"}),
    "P004": ("female", 1995, "Moka", "yes", {**A, **DONE_A, "assessment_score": "90"}),
    "P005": ("female", 1990, "Moka", "no", {**A, **DONE_A, "assessment_score": "77"}),
    "P006": ("female", 2003, "Flacq", "no", A),
    "P007": ("male", 1999, "Port Louis", "no", {**B, **DONE_B, "assessment_score": "70"}),
    "P008": ("male", 2000, "Port Louis", "no", {**B, **DONE_B, "assessment_score": "66"}),
    "P009": ("male", 1997, "Port Louis", "no", {**B, **DONE_B, "assessment_score": "88"}),
    "P010": ("male", 1994, "Port Louis", "yes", {**B, **DONE_B, "assessment_score": "59"}),
    "P011": ("male", 1988, "Port Louis", "no", {**B, **DONE_B, "assessment_score": "73"}),
    "P012": ("male", 2004, "Port Louis", "no", B),
}
# The file's mistakes, by reference: (column, value written). Row numbers as a spreadsheet
# shows them: the heading is row 1, P001 row 2.
MISTAKES = {
    "P004": ("district", "Atlantis"),  # row 5
    "P006": ("enrolled_on", "2026-02-30"),  # row 7
    "P009": ("reference", "P008"),  # row 10: P008 is on row 9
    "P010": ("assessment_score", "120"),  # row 11
}
# reference: (status at 3 months, at 6 months, employer satisfaction)
FOLLOW_UPS = {
    "P001": ("employed", "employed", "4"),
    "P002": ("unemployed", "employed", "5"),
    "P003": ("employed", "promoted", "3"),
    "P004": ("studying", "self_employed", "4"),
    "P005": ("employed", "employed", "5"),
    "P007": ("employed", "", ""),  # the six-month follow-up is not due yet
}


def participants_csv(mistakes=None):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for reference, (gender, born, district, disability, values) in PEOPLE.items():
        row = {
            "reference": reference,
            "gender": gender,
            "birth_year": str(born),
            "district": district,
            "disability": disability,
            "employment_at_entry": "unemployed",
            "education_at_entry": "upper_secondary",
            **values,
        }
        if mistakes and reference in mistakes:
            column, value = mistakes[reference]
            row[column] = value
        writer.writerow([row.get(name, "") for name in COLUMN_NAMES])
    return out.getvalue().encode("utf-8")


def upload(page, name, data):
    page.get_by_label("Participants file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()


def sign_in(page, email, next_url, secret=None):
    e2e.sign_in(page, email, PASSWORD, next_url, secret)


def table_rows(page, caption_id):
    """{row heading: [cell texts]} of the table captioned `caption_id`."""
    rows = {}
    for row in page.locator(f"table:has(#{caption_id}) tbody tr").all():
        heading = row.locator("th").inner_text().strip()
        rows[heading] = [cell.inner_text().strip() for cell in row.locator("td").all()]
    return rows


FUNNEL = {
    "Enrolled": ["12", "100.0%"],
    "Completed": ["10", "83.3%"],
    "Awarded the credential": ["10", "83.3%"],
    "In work at 6 months": ["5", "41.7%"],
}
# Enrolled, completed, awarded, in work at 6 months; completion, pass, award and employment
# rates.
WOMEN = ["6", "5", "5", "5", "83.3%", "100.0%", "83.3%", "100.0%"]
MEN = ["6", "5", "5", "0", "83.3%", "100.0%", "83.3%", "–"]


def test_a_provider_imports_and_follows_up_and_a_ministry_downloads_the_summary(
    browser, live_server, no_js_page
):
    # Transactional tests empty every table afterwards, migration data included.
    sync_reference_data()
    sync_pilot_reference()
    world = make_world()
    pilot = world.pilot
    assert pilot.title == TITLE

    # The provider signs in and opens the pilot's imports.
    page = no_js_page
    sign_in(page, world.provider.email, pilot.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Import participants from a spreadsheet").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Import participants from a file"
    assert_accessible(page)

    # A file with four mistakes: nothing is imported, and the report names each.
    upload(page, "participants.csv", participants_csv(MISTAKES))
    first = ParticipantImport.objects.get()
    assert first.status == ImportStatus.PROBLEMS
    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert page.locator("#status-heading").inner_text() == "Problems: nothing was imported"
    assert "The file has 4 problems." in page.get_by_role("alert").inner_text()
    problems = [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        for row in page.locator("table:has(#problems-caption) tbody tr").all()
    ]
    assert problems == [
        [
            "5",
            "district",
            "Atlantis",
            "Not a district of Mauritius: use one of the names in the list of allowed values.",
        ],
        [
            "7",
            "enrolled_on",
            "2026-02-30",
            "Not a date: write dates as YYYY-MM-DD, for example 2026-03-31.",
        ],
        [
            "10",
            "reference",
            "P008",
            "The same reference is already on row 9: each participant once.",
        ],
        [
            "11",
            "assessment_score",
            "120",
            "The score is out of range: it must be from 0 to 100.",
        ],
    ]
    assert not Participant.objects.exists()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the problems as CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        listed = list(csv.reader(handle))
    assert listed == [["row", "column", "value", "reason"], *problems]

    # The provider fixes the file and uploads it again: the preview says what would happen.
    page.get_by_role("link", name="Upload a corrected file").click()
    page.wait_for_load_state()
    upload(page, "participants-fixed.csv", participants_csv())
    second = ParticipantImport.objects.exclude(pk=first.pk).get()
    assert second.status == ImportStatus.READY
    page.wait_for_url(f"**{second.get_absolute_url()}")
    assert table_rows(page, "counts-caption") == {
        "To create": ["12"],
        "To update": ["0"],
        "Unchanged": ["0"],
    }
    assert not Participant.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Import 12 rows").click()
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.status == ImportStatus.IMPORTED
    assert "12 participants created, 0 updated, 0 unchanged." in page.locator("main").inner_text()
    assert Participant.objects.filter(pilot=pilot).count() == 12
    assert_accessible(page)

    # The dashboard at once: nobody is followed up yet.
    page.goto(f"/pilots/{pilot.pk}/dashboard/")
    assert table_rows(page, "funnel-caption")["In work at 6 months"] == ["0", "0.0%"]

    # The follow-ups, one participant at a time on the outcome form.
    page.goto(second.get_absolute_url())
    page.get_by_role("link", name="The participants").click()
    page.wait_for_load_state()
    assert_accessible(page)
    for number, (reference, (three, six, satisfaction)) in enumerate(FOLLOW_UPS.items()):
        page.get_by_role("link", name=reference, exact=True).click()
        page.wait_for_load_state()
        if number == 0:
            assert_accessible(page)
        if reference == "P007":
            # An employer's score for someone out of work is refused, named at its field.
            page.get_by_label("Status at 3 months").select_option("unemployed")
            page.get_by_label("Employer satisfaction").select_option("4")
            page.get_by_role("button", name="Save the outcomes").click()
            page.wait_for_load_state()
            assert (
                "An employer's satisfaction is recorded for a participant in work at a "
                "follow-up." in page.locator("main").inner_text()
            )
            assert Participant.objects.get(reference="P007").status_3_months == ""
            assert_accessible(page)
        page.get_by_label("Status at 3 months").select_option(three)
        page.get_by_label("Status at 6 months").select_option(six)
        page.get_by_label("Employer satisfaction").select_option(satisfaction)
        page.get_by_role("button", name="Save the outcomes").click()
        page.wait_for_load_state()
        assert "The outcomes are saved." in page.locator("main").inner_text()
        page.get_by_role("link", name="Participants", exact=True).click()
        page.wait_for_load_state()
    saved = {
        p.reference: (
            p.status_3_months,
            p.status_6_months,
            str(p.employer_satisfaction or ""),
        )
        for p in Participant.objects.filter(reference__in=FOLLOW_UPS)
    }
    assert saved == FOLLOW_UPS
    # The form kept what the file said: completion, result, score and award.
    p002 = Participant.objects.get(reference="P002")
    assert (str(p002.completed_on), p002.assessment_result, str(p002.assessment_score)) == (
        "2026-04-30",
        "passed",
        "74.50",
    )
    assert str(p002.awarded_on) == "2026-05-15"

    # The pilot's dashboard, whole for a partner.
    page.goto(pilot.get_absolute_url())
    page.get_by_role("link", name="The pilot's dashboard").click()
    page.wait_for_load_state()
    assert table_rows(page, "funnel-caption") == FUNNEL
    by_gender = table_rows(page, "by_gender-caption")
    assert by_gender["Female"] == WOMEN
    assert by_gender["Male"] == MEN
    by_disability = table_rows(page, "by_disability-caption")
    assert by_disability["With a disability"][:4] == ["2", "2", "2", "1"]
    assert by_disability["Without a disability"][:4] == ["10", "8", "8", "4"]
    assert page.locator("td.suppressed").count() == 0
    indicators = table_rows(page, "indicators-caption")
    assert indicators["Employment at six months"][:2] == ["100.0%", "5 of 5"]
    assert indicators["Employer satisfaction"][:2] == ["4.20", "5 scores"]
    assert_accessible(page)

    # A ministry official of the country signs in with two-factor.
    official_context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    official = official_context.new_page()
    official.set_default_timeout(10_000)
    official.portal_javascript_disabled = True
    sign_in(official, world.official.email, "/pilots/", secret=TOTP_SECRET)
    assert_accessible(official)
    official.get_by_role("link", name="Dashboard across pilots").click()
    official.wait_for_load_state()
    assert official.locator("h1").inner_text() == "Dashboard across pilots"
    # The funnel's figures are all 5 or more: the official sees them.
    assert table_rows(official, "funnel-caption") == FUNNEL
    by_gender = table_rows(official, "by_gender-caption")
    assert by_gender["Female"] == WOMEN
    assert by_gender["Male"] == MEN
    # Under 5 is hidden, and so is what would give it back.
    by_disability = table_rows(official, "by_disability-caption")
    assert by_disability["With a disability"][:4] == ["hidden"] * 4
    assert by_disability["Without a disability"][:4] == ["hidden"] * 4
    hidden_cell = (
        official.locator("table:has(#by_disability-caption) tbody tr")
        .filter(has_text="With a disability")
        .locator("td")
        .first
    )
    assert hidden_cell.get_attribute("class") == "suppressed"
    indicators = table_rows(official, "indicators-caption")
    assert indicators["Employer satisfaction"][:2] == ["4.20", "5 scores"]
    assert "Cells under 5 are hidden." in official.locator("main").inner_text()
    assert_accessible(official)

    # The country summary, made; then found in the reports library and downloaded.
    official.get_by_role("button", name="Make the summary for Mauritius (.docx)").click()
    official.wait_for_load_state()
    document = GeneratedDocument.objects.get()
    official.wait_for_url(f"**/documents/{document.public_id}/")
    assert official.get_by_role("status").inner_text() == "The document is ready."
    assert_accessible(official)
    official.get_by_role("link", name="Reports", exact=True).click()
    official.wait_for_load_state()
    assert_accessible(official)
    official.get_by_role("link", name="Pilots in Mauritius: ministry summary").click()
    official.wait_for_load_state()
    download_link = official.get_by_role("link", name=re.compile("Download the Word document"))
    with official.expect_download() as info:
        download_link.click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    assert data[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        body = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    assert TITLE in body
    assert "Pilots in Mauritius" in body
    assert "hidden" in body
    official_context.close()
