"""How the frameworks table and the credit calculator show their figures (issue 6, item 20)."""

import re

import pytest

from portal.frameworks.actions import save_reference_row
from portal.frameworks.credits import credits_for
from portal.frameworks.models import QualificationFramework
from tests.frameworks.test_views import text

pytestmark = pytest.mark.django_db


def test_a_confirmed_framework_says_confirmed_once(client):
    page = text(client.get("/frameworks/"))
    assert not re.search(r"confirmed confirmed", page, flags=re.I)
    # A status that only repeats the tag is not shown again, however staff write it.
    namibia = QualificationFramework.objects.get(code="NA-NQF")
    namibia.status = " Confirmed. "
    save_reference_row(obj=namibia, by=None)
    page = text(client.get("/frameworks/"))
    assert not re.search(r"confirmed confirmed", page, flags=re.I)
    page = text(client.get("/frameworks/NA-NQF/"))
    assert "Status Confirmed Quality bodies" in page
    # A status that says more still shows.
    page = text(client.get("/frameworks/ZA-NQF/"))
    assert "Status Confirmed CAT Policy, as amended 2021: one credit equals ten notional" in page


def test_whole_credits_show_without_a_decimal_point(client):
    page = text(client.get("/frameworks/", {"framework": "MU-NQF", "hours": "60"}))
    assert "Credits 3 (unit: NCVTS credit; 20 notional hours per credit)" in page
    assert "3.0" not in page
    page = text(client.get("/frameworks/", {"framework": "MU-NQF", "hours": "7.5"}))
    assert "Credits 0.4 (unit" in page  # 0.375, rounded half up to one place
    assert "ECTS equivalent 0.3 (" in page


@pytest.mark.parametrize("hours", ["-0", "-0.00", "0"])
def test_zero_hours_is_never_a_negative_zero(client, hours):
    result = credits_for("MU-NQF", hours)
    assert not result.credits.is_signed() and not result.ects.is_signed()
    assert not result.notional_hours.is_signed()
    page = text(client.get("/frameworks/", {"framework": "MU-NQF", "hours": hours}))
    assert "0 notional hours in Mauritius" in page
    assert "Credits 0 (unit" in page
    assert "ECTS equivalent 0 (" in page
    assert "-0" not in page


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-5", "Notional hours cannot be negative."),
        ("-0.000000001", "Notional hours cannot be negative."),
        ("1e999", "Enter at most 100,000 notional hours."),
        ("9" * 40, "Enter at most 100,000 notional hours."),
        ("100000.01", "Enter at most 100,000 notional hours."),
        ("0.001", "Enter the notional hours with at most two decimal places."),
        ("1e-999", "Enter the notional hours with at most two decimal places."),
        ("NaN", "Enter the notional hours as a number, for example 60 or 7.5."),
        ("-Infinity", "Enter the notional hours as a number, for example 60 or 7.5."),
        ("1,5", "Enter the notional hours as a number, for example 60 or 7.5."),
    ],
)
def test_negative_or_absurd_hours_get_one_clear_message_naming_the_field(client, hours, message):
    response = client.get("/frameworks/", {"framework": "MU-NQF", "hours": hours})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#id_hours">Notional hours: {message}</a>' in html
    # One message for one mistake, not a pile of them.
    assert html.count('<a href="#id_hours">') == 1
    assert "calculator-result" not in html


def test_a_bound_value_is_still_accepted(client):
    page = text(client.get("/frameworks/", {"framework": "MU-NQF", "hours": "100000"}))
    assert "Credits 5000 (unit" in page
    page = text(client.get("/frameworks/", {"framework": "MU-NQF", "hours": "7.50"}))
    assert "Credits 0.4 (unit" in page
