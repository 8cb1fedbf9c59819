"""What machines read: each entry as an Open Badges 3.0 Achievement (valid against the
schema copy), the extension's context and vocabulary, the JSON API and its OpenAPI
description, and the CSV and XLSX exports."""

import csv
import io
import json

import jsonschema
import pytest
from django.test import Client
from openpyxl import load_workbook

from codesign.register.jsonld import achievement_schema, vocabulary

from .helpers import text

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def get_json(path, expect=200, **query):
    response = Client().get(path, query)
    assert response.status_code == expect, response.content[:500]
    return response, json.loads(response.content)


# JSON-LD.


@pytest.mark.parametrize("name", ["solar", "bookkeeping", "inverters", "knitwear"])
def test_each_entry_is_a_valid_open_badges_achievement(register, name):
    entry = getattr(register, name)
    response, document = get_json(f"/register/{entry.identifier}.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    jsonschema.validate(document, achievement_schema())
    assert document["id"] == f"{BASE}/register/{entry.identifier}/"
    assert document["type"] == ["Achievement"]
    assert document["achievementType"] == "MicroCredential"
    assert document["@context"] == [
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        f"{BASE}/register/context/v1.jsonld",
    ]
    assert document["contentFingerprint"] == entry.fingerprint
    assert document["registerStatus"] == entry.status


def test_the_achievement_carries_every_eu_element(register):
    entry = register.solar
    _response, document = get_json(f"/register/{entry.identifier}.jsonld")
    assert document["name"] == "Installing rooftop solar panels"
    assert document["description"] == "Three units: safety, mounting, wiring."
    assert document["criteria"]["narrative"] == (
        "- Install a rooftop solar panel to the maker's instructions\n"
        "- Explain the electrical risks of working on a roof"
    )
    assert document["creditsAvailable"] == 3
    assert (document["creditUnit"], document["hoursPerCredit"]) == ("NCVTS credit", 20)
    assert (document["notionalHours"], document["ectsCredits"]) == (60, 2.4)
    assert document["inLanguage"] == "en-GB"
    assert document["creator"]["name"] == "University of Mauritius"
    assert document["creator"]["address"]["addressCountry"] == "Mauritius"
    assert document["creator"]["address"]["addressCountryCode"] == "MU"
    assert [body["name"] for body in document["awardingBody"]] == [
        "University of Mauritius",
        "Sugar Industry Board",
    ]
    assert [(a["targetFramework"], a["targetCode"]) for a in document["alignment"]] == [
        ("MU-NQF", "5"),
        ("SADCQF", "5"),
    ]
    assert {a["targetType"] for a in document["alignment"]} == {"ext:QualificationLevel"}
    assert document["alignment"][0]["targetUrl"] == f"{BASE}/frameworks/MU-NQF/"
    assert document["assessmentType"] == "Observed installation and a short test."
    assert document["supervisionAndIdentityVerification"] == "onsite_verified"
    assert document["participationForm"] == ["blended"]
    assert document["qualityAssurance"] == "The university's programme approval."
    assert document["prerequisites"] == "An electrician's trade certificate."
    assert document["integrationStackability"] == "stand_alone"
    assert document["furtherInformation"] == "Run twice a year."
    assert document["credentialType"] == "industry_led"
    assert document["approvingAuthority"]["name"] == "Higher Education Commission"
    assert document["approvedOn"] == entry.approved_on.isoformat()
    assert document["reviewDate"] == entry.review_date.isoformat()
    assert document["verification"].startswith(f"{BASE}/register/verify/?identifier=")
    assert "statusReason" not in document
    # Every extension term in the document is one the context defines.
    _response, context = get_json("/register/context/v1.jsonld")
    ob3 = {
        "@context",
        "id",
        "type",
        "name",
        "description",
        "criteria",
        "achievementType",
        "creator",
        "alignment",
        "inLanguage",
        "humanCode",
        "otherIdentifier",
        "version",
        "creditsAvailable",
        "fieldOfStudy",
    }
    assert set(document) - ob3 <= set(context["@context"])


def test_the_eqf_level_of_an_irish_entry_and_the_status_of_a_withdrawn_one(register):
    _response, irish = get_json(f"/register/{register.bookkeeping.identifier}.jsonld")
    assert [(a["targetFramework"], a["targetCode"]) for a in irish["alignment"]] == [
        ("IE-NFQ", "6"),
        ("EQF", "5"),
    ]
    assert irish["creditsAvailable"] == 5
    _response, withdrawn = get_json(f"/register/{register.inverters.identifier}.jsonld")
    assert withdrawn["registerStatus"] == "withdrawn"
    assert withdrawn["statusReason"] == "The estates no longer use these inverters."
    assert withdrawn["statusChangedOn"]


def test_the_extension_context_and_its_vocabulary_page(register):
    response, context = get_json("/register/context/v1.jsonld")
    terms = context["@context"]
    assert terms["mcr"] == f"{BASE}/register/vocabulary/#"
    assert terms["notionalHours"] == {"@id": "mcr:notionalHours", "@type": "xsd:decimal"}
    assert terms["approvedOn"]["@type"] == "xsd:date"
    page = Client().get("/register/vocabulary/")
    assert page.status_code == 200
    body = page.content.decode()
    for item in vocabulary()["terms"]:
        assert f'id="{item["term"]}"' in body
    assert "onsite_verified" in text(page)


def test_an_unknown_entry_answers_404(register):
    assert Client().get("/register/MU-1999-00001.jsonld").status_code == 404
    assert Client().get("/register/api/entries/MU-1999-00001/").status_code == 404


# The API.


def test_the_api_lists_entries_with_the_pages_filters(register):
    _response, data = get_json("/register/api/entries/")
    assert data["count"] == 2
    assert [item["identifier"] for item in data["results"]] == [
        register.bookkeeping.identifier,
        register.solar.identifier,
    ]
    solar = data["results"][1]
    assert solar["url"] == f"{BASE}/register/{register.solar.identifier}/"
    assert solar["credits"] == 3 and solar["ects_credits"] == 2.4
    assert solar["country"] == {"code": "MU", "name": "Mauritius"}
    assert solar["sector"]["key"] == "energy"
    assert solar["awarding_bodies"] == ["University of Mauritius", "Sugar Industry Board"]
    assert solar["fingerprint"] == register.solar.fingerprint
    _response, filtered = get_json("/register/api/entries/", status="all", country="MU")
    assert filtered["count"] == 3
    _response, searched = get_json("/register/api/entries/", q="bookkeeping")
    assert [item["identifier"] for item in searched["results"]] == [register.bookkeeping.identifier]


def test_the_api_pages(register):
    _response, first = get_json("/register/api/entries/", status="all", page_size="3")
    assert (first["count"], first["pages"], first["page"]) == (4, 2, 1)
    assert first["previous"] is None
    assert first["next"] == f"{BASE}/register/api/entries/?status=all&page_size=3&page=2"
    _response, second = get_json("/register/api/entries/", status="all", page_size="3", page="2")
    assert len(second["results"]) == 1 and second["next"] is None


def test_the_api_names_bad_parameters(register):
    _response, data = get_json("/register/api/entries/", expect=400, level="eleven")
    assert list(data["errors"]) == ["level"]
    _response, data = get_json("/register/api/entries/", expect=400, page="9")
    assert data["errors"]["page"] == ["page: a whole number from 1 to 1."]
    _response, data = get_json("/register/api/entries/", expect=400, page_size="1000")
    assert list(data["errors"]) == ["page_size"]


def test_one_entry_in_the_api(register, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        _response, data = get_json(f"/register/api/entries/{register.solar.identifier}/")
    assert data["content"] == register.solar.content
    assert data["versions"] == [
        {
            "number": 1,
            "fingerprint": register.solar.fingerprint,
            "approved_on": register.solar.approved_on.isoformat(),
            "review_date": register.solar.review_date.isoformat(),
        }
    ]


def test_the_openapi_description(register):
    response, document = get_json("/register/api/openapi.json")
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": BASE}]
    assert set(document["paths"]) >= {
        "/register/api/entries/",
        "/register/api/entries/{identifier}/",
        "/register/api/verify/",
        "/register/{identifier}.jsonld",
        "/register/export.csv",
        "/register/export.xlsx",
    }
    # Every reference resolves; every path has a 200 answer.
    schemas = document["components"]["schemas"]
    for reference in _references(document):
        assert reference.removeprefix("#/components/schemas/") in schemas
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "200" in operation["responses"]
    # The list's parameters are the filters the API reads.
    names = {p["name"] for p in document["paths"]["/register/api/entries/"]["get"]["parameters"]}
    assert names == {
        "page",
        "page_size",
        "q",
        "country",
        "sector",
        "level",
        "eqf",
        "credits_min",
        "credits_max",
        "type",
        "provider",
        "status",
    }
    # The API's answers fit its own description of them.
    _response, page = get_json("/register/api/entries/")
    resolver = {"components": document["components"]}
    jsonschema.validate(
        page,
        {**resolver, "$ref": "#/components/schemas/EntryPage"},
        cls=jsonschema.Draft202012Validator,
    )
    assert "The OpenAPI 3.1 description." in text(Client().get("/register/api/"))


def _references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


# Exports.


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_whole_register_and_a_filtered_view_as_csv(register):
    response = Client().get("/register/export.csv", {"status": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    rows = read_csv(response)
    assert rows[0][:3] == ["Identifier", "Title", "Status"]
    assert len(rows) == 5
    solar = next(row for row in rows if row[0] == register.solar.identifier)
    row = dict(zip(rows[0], solar, strict=True))
    assert row["Status"] == "Recognised"
    assert row["Country"] == "Mauritius"
    assert row["Credits"] == "3" and row["ECTS credits"] == "2.4"
    assert row["Awarding bodies"] == "University of Mauritius; Sugar Industry Board"
    assert row["Learning outcomes"].splitlines()[0] == (
        "Install a rooftop solar panel to the maker's instructions"
    )
    assert row["Fingerprint (SHA-256)"] == register.solar.fingerprint
    assert row["Address"] == f"{BASE}/register/{register.solar.identifier}/"
    withdrawn = dict(
        zip(rows[0], next(r for r in rows if r[0] == register.inverters.identifier), strict=True)
    )
    assert withdrawn["Reason for the status"] == "The estates no longer use these inverters."
    filtered = read_csv(Client().get("/register/export.csv", {"country": "IE"}))
    assert [row[0] for row in filtered[1:]] == [register.bookkeeping.identifier]


def test_the_register_as_xlsx(register):
    response = Client().get("/register/export.xlsx", {"status": "all"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Identifier"
    assert {row[0] for row in rows[1:]} == {
        entry.identifier
        for entry in (register.solar, register.bookkeeping, register.inverters, register.knitwear)
    }
    solar = dict(
        zip(rows[0], next(r for r in rows if r[0] == register.solar.identifier), strict=True)
    )
    assert solar["ECTS credits"] == 2.4
    assert solar["National level"] == 5


def test_a_bad_filter_on_an_export_is_named(register):
    response = Client().get("/register/export.csv", {"credits_min": "lots"})
    assert response.status_code == 400
    assert "credits_min" in json.loads(response.content)["errors"]
