"""The pilot outcome report and the ministry summary: who may ask for and read them, what they
hold (always suppressed: each is made once and read by partners and ministries alike), that
they reach the reports library of the country's ministry and authority, and that each
converts to a PDF of at least its min_pages (when LibreOffice is installed)."""

from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from docx import Document

from pilots.actions.pilots import set_narrative
from pilots.documents import COUNTRY_SUMMARY, OUTCOME_REPORT
from portal.accounts.models import OrganisationKind
from portal.documents.builder import DocumentBuilder
from portal.documents.models import GeneratedDocument
from tests.documents.kinds.test_pdf import table_words, to_pdf, tools  # noqa: F401 (fixture)
from tests.pilots.helpers import make_organisation, make_user, signed_in

pytestmark = pytest.mark.django_db

NARRATIVE = "We ran two cohorts.\n\nThe rural cohort needed transport support =SUM(A1)."


def make(kind, subject):
    doc = DocumentBuilder()
    steps = []
    kind.render(subject, doc, steps.append)
    assert steps == sorted(steps) and all(0 <= step <= 100 for step in steps)
    return doc.to_bytes()


def read(data):
    return Document(BytesIO(data))


def headings(document):
    return [
        " ".join(p.text.split()).split(" ", 1)[-1]
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def table_rows(table):
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def find_table(document, first_header):
    for table in document.tables:
        rows = table_rows(table)
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(first_header)


def row(rows, label):
    return next(r for r in rows if r[0] == label)


@pytest.fixture
def narrated(world, targets):
    set_narrative(pilot=world.pilot, narrative=NARRATIVE, by=world.provider)
    world.pilot.refresh_from_db()
    return world.pilot


@pytest.fixture
def za_official(world):
    person = make_user("official@dhet.example", two_factor=True)
    make_organisation(
        "Department of Higher Education and Training",
        OrganisationKind.MINISTRY,
        person,
        staff=world.staff,
        country_code="ZA",
    )
    return person


def test_who_may_ask_for_and_read_each_kind(world, za_official):
    pilot, country = world.pilot, world.pilot.country
    for kind in (OUTCOME_REPORT, COUNTRY_SUMMARY):
        subject = pilot if kind is OUTCOME_REPORT else country
        for person in (world.official, world.assessor, world.staff):
            assert kind.may_request(person, subject) and kind.may_read(person, subject)
        for person in (world.stranger, za_official, AnonymousUser()):
            assert not kind.may_request(person, subject)
            assert not kind.may_read(person, subject)
    # A partner reads their pilot's report, not the summary of every pilot of the country.
    assert OUTCOME_REPORT.may_read(world.provider, pilot)
    assert not COUNTRY_SUMMARY.may_read(world.provider, country)
    assert OUTCOME_REPORT.country_of(pilot) == COUNTRY_SUMMARY.country_of(country) == "MU"


def test_the_outcome_report_has_its_sections_and_hides_small_cells(narrated):
    document = read(make(OUTCOME_REPORT, narrated))
    found = headings(document)
    for heading in [
        "The pilot",
        "From enrolment to work",
        "Indicators against targets",
        "Who took part, and how they did",
        "By gender",
        "By age band",
        "Young people and others",
        "Rural and urban",
        "By disability",
        "By district",
        "The partners' narrative",
        "How the figures are made",
    ]:
        assert heading in found, heading
    text = "\n".join(p.text for p in document.paragraphs)
    assert "We ran two cohorts." in text and "=SUM(A1)" in text
    assert "Cells under 5 are hidden." in text
    # Suppressed even though a partner may ask for it: the same file goes to the ministry.
    youth = find_table(document, "Youth")
    assert set(row(youth, "Young people (as the country defines youth)")[1:]) == {"hidden"}
    gender = find_table(document, "Gender")
    assert row(gender, "Female")[1:5] == ["7", "6", "hidden", "hidden"]
    funnel = find_table(document, "Stage")
    assert row(funnel, "Enrolled") == ["Enrolled", "14", "100.0%"]
    assert row(funnel, "In work at 6 months") == ["In work at 6 months", "7", "50.0%"]
    indicators = find_table(document, "Indicator")
    assert row(indicators, "Share of young people")[1] == "hidden"
    assert row(indicators, "Completion rate")[1:4] == ["78.6%", "11 of 14", "75.0%"]
    assert row(indicators, "Employers taking part")[1] == "12 employers"
    # One picture per chart: the funnel and the breakdowns with a visible bar (by age band and
    # youth, every non-zero figure is hidden: the report says so instead).
    assert len(document.inline_shapes) == 5
    assert text.count("No chart: every figure it would draw is hidden or zero.") == 2


def test_the_ministry_summary_adds_up_the_countrys_pilots(world, second):
    document = read(make(COUNTRY_SUMMARY, world.pilot.country))
    found = headings(document)
    for heading in ["The pilots", "From enrolment to work", "Indicators", "By pilot"]:
        assert heading in found
    pilots = find_table(document, "Pilot")
    titles = {r[0] for r in pilots[1:]}
    assert world.pilot.title in titles and second.pilot.title in titles
    funnel = find_table(document, "Stage")
    assert row(funnel, "Enrolled")[1] == "21"
    gender = find_table(document, "Gender")
    assert row(gender, "Female")[1] == "hidden"
    text = "\n".join(p.text for p in document.paragraphs)
    charts = text.count("No chart: every figure it would draw is hidden or zero.")
    # The funnel and by pilot are drawn. Every breakdown across these two small pilots is
    # hidden: each of its cells has a part hidden in one pilot or the other (rule 4).
    assert (len(document.inline_shapes), charts) == (2, 6)


def test_both_reach_the_reports_library_of_the_countrys_ministry(
    world, narrated, za_official, django_capture_on_commit_callbacks
):
    official = signed_in(world.official)
    with django_capture_on_commit_callbacks(execute=True):
        report = official.post(
            reverse("documents:request", args=[OUTCOME_REPORT.slug, world.pilot.pk])
        )
        summary = official.post(
            reverse("documents:request", args=[COUNTRY_SUMMARY.slug, world.pilot.country_id])
        )
    assert report.status_code == summary.status_code == 302
    documents = GeneratedDocument.objects.order_by("pk")
    assert [d.kind for d in documents] == [OUTCOME_REPORT.slug, COUNTRY_SUMMARY.slug]
    assert all(d.status == "done" and d.country == "MU" for d in documents), [
        (d.status, d.error) for d in documents
    ]
    for person in (world.official, world.assessor):
        page = signed_in(person).get(reverse("documents:library")).content.decode()
        for document in documents:
            assert str(document.public_id) in page
    for person in (world.stranger, za_official):
        page = signed_in(person).get(reverse("documents:library")).content.decode()
        assert not any(str(document.public_id) in page for document in documents)
        for document in documents:
            download = reverse("documents:download", args=[document.public_id])
            assert signed_in(person).get(download).status_code == 404
    # The partner finds their pilot's report, not the country's summary.
    page = signed_in(world.provider).get(reverse("documents:library")).content.decode()
    assert str(documents[0].public_id) in page and str(documents[1].public_id) not in page
    # Asking again for the same state of the data gives the same document; new data, a new one.
    again = official.post(reverse("documents:request", args=[OUTCOME_REPORT.slug, world.pilot.pk]))
    assert again.url == report.url
    set_narrative(pilot=world.pilot, narrative="Changed.", by=world.provider)
    newer = official.post(reverse("documents:request", args=[OUTCOME_REPORT.slug, world.pilot.pk]))
    assert newer.url != report.url


@pytest.mark.parametrize("which", ["report", "summary"])
def test_each_kind_converts_to_a_pdf_with_enough_pages(which, narrated, second, tools, tmp_path):  # noqa: F811
    kind, subject = (
        (OUTCOME_REPORT, narrated) if which == "report" else (COUNTRY_SUMMARY, narrated.country)
    )
    data = make(kind, subject)
    pages, pdf_words = to_pdf(data, tmp_path, tools)
    assert pages >= kind.min_pages
    assert table_words(data) - pdf_words == set()


def test_publishing_offers_only_organisations_that_do_not_read_the_report_already(
    world, narrated, za_official, django_capture_on_commit_callbacks
):
    official = signed_in(world.official)
    with django_capture_on_commit_callbacks(execute=True):
        official.post(
            reverse("documents:request", args=[COUNTRY_SUMMARY.slug, world.pilot.country_id])
        )
    document = GeneratedDocument.objects.get(kind=COUNTRY_SUMMARY.slug)
    page = official.get(reverse("documents:detail", args=[document.public_id])).content.decode()
    # Mauritius's ministry and authority read it by the kind's own rule; South Africa's does not.
    assert "Department of Higher Education and Training" in page
    form = page[page.index('name="organisations"') - 400 :]
    assert world.ministry.name not in form and world.authority.name not in form
