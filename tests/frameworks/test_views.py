import html as htmllib
import re

import pytest
from django.contrib.auth import get_user_model

from portal.frameworks.actions import save_reference_row
from portal.frameworks.models import FrameworkRule, QualificationFramework


def text(response):
    """The page's visible words, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def stranger(client):
    user = get_user_model().objects.create_user(email="stranger@example.org", password="x" * 12)
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_index_lists_every_framework_with_its_credit_facts_and_rules(client, signed_in):
    if signed_in:
        user = get_user_model().objects.create_user(email="someone@example.org")
        client.force_login(user)
    response = client.get("/frameworks/")
    assert response.status_code == 200
    page = text(response)
    for framework in QualificationFramework.objects.all():
        assert framework.name in page
    assert "NCVTS credit" in page
    assert "Working assumption levels confirmed; hours unconfirmed" in page
    assert "Error A micro-credential should not form part of the core modules" in page
    assert "Warning The National University of Lesotho described credit-bearing awards" in page
    assert "Expects credits in the framework's unit: more than 6 and fewer than 120" in page
    html = response.content.decode()
    assert (
        '<link rel="alternate" type="application/json" href="/frameworks/frameworks.json"' in html
    )
    assert 'href="/frameworks/frameworks.json" rel="alternate" type="application/json"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_calculator_counts_credits_and_ects_without_javascript(client):
    response = client.get("/frameworks/", {"framework": "MU-NQF", "hours": "60"})
    page = text(response)
    assert "Credits 3 (unit: NCVTS credit; 20 notional hours per credit)" in page
    assert "ECTS equivalent 2.4 (25 hours per ECTS credit; ECTS allows 25 to 30)" in page
    assert "None of MU-NQF's rules fires" in page


@pytest.mark.django_db
def test_calculator_shows_the_rules_that_fire(client):
    response = client.get(
        "/frameworks/", {"framework": "MU-NQF", "hours": "480", "is_core_module": "on"}
    )
    page = text(response)
    assert "Credits 24 (unit" in page
    assert "Error A micro-credential should not form part of the core modules" in page
    assert "Warning Mauritius recommends that a micro-credential carries fewer than 20" in page
    assert "An error blocks submission" in page

    page = text(client.get("/frameworks/", {"framework": "LS-LQF", "hours": "50"}))
    assert "Warning The National University of Lesotho described credit-bearing awards" in page

    page = text(client.get("/frameworks/", {"framework": "ZA-NQF", "hours": "50"}))
    assert "ZA-NQF has no credit rules recorded yet" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message", "field_id"),
    [
        (
            {"framework": "MU-NQF", "hours": "sixty"},
            "Enter the notional hours as a number, for example 60 or 7.5.",
            "id_hours",
        ),
        ({"framework": "MU-NQF", "hours": "-5"}, "Notional hours cannot be negative.", "id_hours"),
        (
            {"framework": "MU-NQF", "hours": ""},
            "Enter the notional hours, for example 60.",
            "id_hours",
        ),
        (
            {"framework": "XX", "hours": "60"},
            "Choose one of the qualification frameworks listed.",
            "id_framework",
        ),
    ],
)
def test_calculator_names_the_field_at_fault(client, query, message, field_id):
    response = client.get("/frameworks/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'href="#{field_id}"' in html  # the error summary links to the field
    assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*id="{field_id}"', html
    )
    assert f'aria-describedby="{field_id}-error"' in html or f'{field_id}-error"' in html
    assert "calculator-result" not in html


@pytest.mark.django_db
def test_eqf_detail_shows_the_council_descriptors_and_national_levels_mapped_to_them(client):
    response = client.get("/frameworks/EQF/")
    assert response.status_code == 200
    page = text(response)
    assert "Basic general knowledge" in page
    assert "Responsibility and autonomy" in page
    assert "Council Recommendation of 22 May 2017" in page
    assert "IE-NFQ 7 , IE-NFQ 8" in page  # Ireland's levels 7 and 8 both sit at EQF 6


@pytest.mark.django_db
def test_national_detail_shows_levels_mappings_rules_bodies_criteria_and_sources(client, stranger):
    response = client.get("/frameworks/mu-nqf/")  # codes are matched whatever the case
    assert response.status_code == 200
    page = text(response)
    assert "Mauritius National Qualifications Framework" in page
    assert page.count("Descriptor not yet recorded") == 10
    assert "SADCQF level 5 default" in page
    assert "Higher Education Commission (HEC)" in page
    assert "Assessment and moderation" in page
    assert "Error A micro-credential should not form part of the core modules" in page
    assert "3 years" in page
    assert "PoMiSA Conference 2025 report, Day 2, Session 5" in page
    assert 'href="/frameworks/MU-NQF.json"' in response.content.decode()

    page = text(client.get("/frameworks/IE-NFQ/"))
    assert "EQF level 4 referencing report" in page
    assert "National Qualifications Authority of Ireland (NQAI, now QQI), 2009" in page


@pytest.mark.django_db
def test_unknown_framework_is_404(client):
    assert client.get("/frameworks/XX-NQF/").status_code == 404
    assert client.get("/frameworks/XX-NQF.json").status_code == 404


@pytest.mark.django_db
def test_json_carries_schema_version_sources_and_statuses(client):
    response = client.get("/frameworks/frameworks.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["schema_version"] == 2
    assert data["ects"]["hours_per_credit"] == 25
    frameworks = {f["code"]: f for f in data["frameworks"]}
    assert len(frameworks) == 9
    mu = frameworks["MU-NQF"]
    assert mu["hours_per_credit"] == 20
    assert mu["country"] == {"code": "MU", "name": "Mauritius"}
    assert mu["is_confirmed"] is True
    assert len(mu["approval_criteria"]) == 8
    assert {r["key"]: r["severity"] for r in mu["rules"]} == {
        "max_credits": "warning",
        "not_core_module": "error",
        "shelf_life_years": "info",
    }
    assert frameworks["LS-LQF"]["is_confirmed"] is False
    assert frameworks["LS-LQF"]["status"] == "levels confirmed; hours unconfirmed"
    assert frameworks["EQF"]["levels"][0]["knowledge"] == "Basic general knowledge"
    assert frameworks["SADCQF"]["levels"][0]["descriptor_recorded"] is False
    assert frameworks["IE-NFQ"]["levels"][4]["maps_to"][0]["level"] == 4
    assert frameworks["IE-NFQ"]["levels"][4]["maps_to"][0]["basis"] == "referencing_report"
    assert all(f["source"] for f in frameworks.values())

    single = client.get("/frameworks/LS-LQF.json").json()
    assert single["schema_version"] == 2
    assert single["framework"]["code"] == "LS-LQF"
    assert [r["key"] for r in single["framework"]["rules"]] == [
        "nano_max_credits",
        "micro_credit_range",
    ]


@pytest.mark.django_db
def test_json_answers_304_until_staff_change_something(client, settings):
    # Measure the view's own conditional answer, not the anonymous page cache in front of it.
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get("/frameworks/frameworks.json")
    etag = first["ETag"]
    assert etag
    assert "max-age=300" in first["Cache-Control"]
    assert client.get("/frameworks/frameworks.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/frameworks/MU-NQF.json", HTTP_IF_NONE_MATCH=etag).status_code == 304

    rule = FrameworkRule.objects.get(key="max_credits")
    rule.text = "Mauritius recommends fewer than 20 credits."
    save_reference_row(obj=rule, by=None)

    again = client.get("/frameworks/frameworks.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert "Mauritius recommends fewer than 20 credits." in again.content.decode()


@pytest.mark.django_db
def test_pages_answer_only_safe_methods(client):
    assert client.post("/frameworks/").status_code in {403, 405}
