"""The shipped reference data says what its sources say (issue 6, items 21-24).

Each test reads the data as migrate loaded it (or as the pages and the JSON show it).
"""

from decimal import Decimal

import pytest

from portal.frameworks.credits import check_rules, credits_for
from portal.frameworks.models import LevelMapping, QualificationFramework, Sector
from tests.frameworks.test_views import text

pytestmark = pytest.mark.django_db

# Referencing of the Irish NFQ to the EQF (NQAI, 2009).
IRISH_REFERENCING = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 6, 9: 7, 10: 8}


def irish_mappings():
    return LevelMapping.objects.filter(level__framework__code="IE-NFQ").select_related(
        "level", "target_level__framework"
    )


def test_irelands_nfq_maps_to_the_eqf_as_its_referencing_report_says():
    mappings = irish_mappings()
    assert {m.level.number: m.target_level.number for m in mappings} == IRISH_REFERENCING
    assert {m.target_level.framework.code for m in mappings} == {"EQF"}
    assert {m.basis for m in mappings} == {"referencing_report"}
    (source,) = {m.source for m in mappings}
    assert "Referencing of the Irish National Framework of Qualifications" in source
    assert "2009" in source
    assert "NFQ levels 1 and 2 to EQF level 1" in source


def test_the_irish_detail_page_shows_the_corrected_table(client):
    page = text(client.get("/frameworks/IE-NFQ/"))
    assert "3 Descriptor not yet recorded EQF level 2 referencing report" in page
    assert "4 Descriptor not yet recorded EQF level 3 referencing report" in page
    page = text(client.get("/frameworks/EQF/"))
    assert "IE-NFQ 1 , IE-NFQ 2" in page  # both at EQF level 1
    assert "IE-NFQ 7 , IE-NFQ 8" in page  # both at EQF level 6


def test_the_eqf_has_no_hours_per_credit_and_the_ects_reference_keeps_its_own():
    eqf = QualificationFramework.objects.get(code="EQF")
    assert eqf.hours_per_credit is None
    assert not eqf.has_credit_system
    assert "ECTS" not in eqf.credit_unit
    result = credits_for("EQF", 50)
    assert result.credits is None
    assert result.hours_per_credit is None
    assert result.ects == Decimal("2.0")  # ECTS lives in the ECTS reference: 25 hours


def test_the_eqf_pages_and_json_say_it_has_no_credit_system(client):
    page = text(client.get("/frameworks/EQF/"))
    assert "The EQF has no credit system of its own" in page
    assert "25 notional hours" not in page

    page = text(client.get("/frameworks/"))
    assert "EQF EU (regional) 8 None No credit system" in page

    page = text(client.get("/frameworks/", {"framework": "EQF", "hours": "50"}))
    assert "Credits The EQF has no credit system of its own" in page
    assert "ECTS equivalent 2 (25 hours per ECTS credit" in page

    data = client.get("/frameworks/EQF.json").json()
    assert data["framework"]["hours_per_credit"] is None
    assert data["framework"]["has_credit_system"] is False
    assert data["ects"]["hours_per_credit"] == 25


def test_lesothos_bands_are_warnings_about_described_usage_not_lqf_rules():
    rules = {r.key: r for r in QualificationFramework.objects.get(code="LS-LQF").rules.all()}
    assert {key: rule.severity for key, rule in rules.items()} == {
        "nano_max_credits": "warning",
        "micro_credit_range": "warning",
    }
    for rule in rules.values():
        assert "National University of Lesotho described" in rule.text
        assert "not a rule of the Lesotho Qualifications Framework" in rule.text
        assert "National University of Lesotho" in rule.source

    check = check_rules("LS-LQF", {"credits": 5})
    assert [f.key for f in check.warnings] == ["nano_max_credits", "micro_credit_range"]
    assert check.infos == [] and check.errors == []


def test_every_sector_carries_its_own_source_and_none_is_unsourced():
    sectors = {sector.key: sector for sector in Sector.objects.all()}
    assert "green_economy" not in sectors
    assert not any("green economy" in s.label.lower() for s in sectors.values())
    environment = sectors["environment_water_climate"]
    assert environment.label == "Environment, water and climate"
    assert "regional priorities" in environment.source
    assert "Lesotho" in sectors["agriculture"].source
    assert "Namibia" in sectors["energy"].source
    assert "Ireland" in sectors["creative"].source
    # One sector, one source: no row repeats the whole list's source any more.
    assert len({s.source for s in sectors.values()}) > 3
