from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from portal.audit.models import AuditEntry
from portal.frameworks.actions import save_reference_row, sync_reference_data
from portal.frameworks.loader import load_reference
from portal.frameworks.models import (
    ApprovalCriterion,
    Country,
    EctsReference,
    FrameworkLevel,
    FrameworkRule,
    LevelMapping,
    MappingBasis,
    QualificationFramework,
    Sector,
)

MODELS = (
    Country,
    Sector,
    EctsReference,
    QualificationFramework,
    FrameworkLevel,
    LevelMapping,
    FrameworkRule,
    ApprovalCriterion,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_migrate_loads_partner_frameworks_eqf_and_sadcqf():
    codes = set(QualificationFramework.objects.values_list("code", flat=True))
    assert codes == {
        "EQF",
        "SADCQF",
        "MU-NQF",
        "ZA-NQF",
        "LS-LQF",
        "NA-NQF",
        "IE-NFQ",
        "BE-VKS",
        "EE-EKR",
    }
    partners = {c.code: (c.name, c.region) for c in Country.objects.filter(is_partner=True)}
    assert partners == {
        "MU": ("Mauritius", "SADC"),
        "ZA": ("South Africa", "SADC"),
        "LS": ("Lesotho", "SADC"),
        "NA": ("Namibia", "SADC"),
        "IE": ("Ireland", "EU"),
        "BE": ("Belgium (Flanders)", "EU"),
        "EE": ("Estonia", "EU"),
    }
    assert set(QualificationFramework.objects.regional().values_list("code", flat=True)) == {
        "EQF",
        "SADCQF",
    }
    assert Sector.objects.count() == 9
    ects = EctsReference.objects.get()
    assert (ects.hours_per_credit, ects.hours_per_credit_min, ects.hours_per_credit_max) == (
        25,
        25,
        30,
    )


@pytest.mark.django_db
def test_framework_values_and_statuses_come_from_the_reference_data():
    mu = QualificationFramework.objects.get(code="MU-NQF")
    assert mu.country.code == "MU"
    assert mu.hours_per_credit == Decimal("20")
    assert mu.credit_unit == "NCVTS credit"
    assert mu.quality_body_list == [
        "Higher Education Commission (HEC)",
        "Mauritius Qualifications Authority (MQA)",
    ]
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    assert not lesotho.is_confirmed
    assert "hours unconfirmed" in lesotho.status
    assert not QualificationFramework.objects.get(code="SADCQF").is_confirmed
    assert QualificationFramework.objects.get(code="ZA-NQF").is_confirmed
    assert QualificationFramework.objects.get(code="EE-EKR").hours_per_credit == 26


@pytest.mark.django_db
def test_hec_criteria_and_mauritius_and_lesotho_rules_are_data():
    criteria = ApprovalCriterion.objects.filter(framework__code="MU-NQF")
    assert [c.key for c in criteria] == [
        "title_outcomes",
        "need_acceptability",
        "entry_requirements",
        "design_credits",
        "delivery",
        "resources",
        "assessment_moderation",
        "review",
    ]
    assert all("PoMiSA Conference 2025" in c.source for c in criteria)
    rules = {(r.framework.code, r.key): r for r in FrameworkRule.objects.all()}
    assert rules["MU-NQF", "max_credits"].severity == "warning"
    assert rules["MU-NQF", "max_credits"].max_value == 20
    assert not rules["MU-NQF", "max_credits"].max_inclusive
    assert rules["MU-NQF", "not_core_module"].severity == "error"
    assert rules["MU-NQF", "shelf_life_years"].value == 3
    assert rules["LS-LQF", "nano_max_credits"].severity == "warning"
    assert rules["LS-LQF", "micro_credit_range"].severity == "warning"
    assert len(rules) == 5


@pytest.mark.django_db
def test_eqf_descriptors_are_attributed_and_the_others_left_empty():
    eqf = {level.number: level for level in FrameworkLevel.objects.filter(framework__code="EQF")}
    assert sorted(eqf) == list(range(1, 9))
    assert eqf[1].knowledge == "Basic general knowledge"
    assert eqf[8].responsibility_autonomy.startswith("Demonstrate substantial authority")
    assert all("22 May 2017" in level.source for level in eqf.values())
    others = FrameworkLevel.objects.exclude(framework__code="EQF")
    assert others.count() == 76
    assert not any(level.has_descriptor for level in others)


@pytest.mark.django_db
def test_level_mappings_follow_the_documented_defaults_and_irelands_report():
    ireland = {
        m.level.number: m.target_level.number
        for m in LevelMapping.objects.filter(level__framework__code="IE-NFQ")
    }
    assert ireland == {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 6, 9: 7, 10: 8}
    assert set(
        LevelMapping.objects.filter(level__framework__code="IE-NFQ").values_list("basis", flat=True)
    ) == {MappingBasis.REFERENCING_REPORT}
    mauritius = LevelMapping.objects.filter(level__framework__code="MU-NQF")
    assert mauritius.count() == 10
    assert all(
        m.target_level.framework.code == "SADCQF"
        and m.target_level.number == m.level.number
        and m.basis == MappingBasis.DEFAULT
        for m in mauritius
    )
    estonia = LevelMapping.objects.filter(level__framework__code="EE-EKR")
    assert {m.target_level.framework.code for m in estonia} == {"EQF"}
    assert LevelMapping.objects.count() == 4 * 10 + 2 * 8 + 10


@pytest.mark.django_db
def test_loading_twice_creates_nothing_twice():
    before = counts()
    assert load_reference(apps) == {}
    assert sync_reference_data() == {}
    assert counts() == before


@pytest.mark.django_db
def test_a_staff_edit_survives_a_rerun_unless_overwrite():
    mu = QualificationFramework.objects.get(code="MU-NQF")
    mu.hours_per_credit = Decimal("25")
    save_reference_row(obj=mu, by=None, changes={"hours_per_credit": {"from": 20, "to": 25}})
    mapping = LevelMapping.objects.get(level__framework__code="MU-NQF", level__number=5)
    mapping.target_level = FrameworkLevel.objects.get(framework__code="SADCQF", number=6)
    mapping.basis = MappingBasis.STAFF
    save_reference_row(obj=mapping, by=None)
    before = counts()

    call_command("load_reference", stdout=StringIO())

    assert counts() == before
    assert QualificationFramework.objects.get(code="MU-NQF").hours_per_credit == 25
    mapping.refresh_from_db()
    assert mapping.target_level.number == 6
    assert mapping.basis == MappingBasis.STAFF

    report = sync_reference_data(overwrite=True)

    assert report["QualificationFramework"] == {"created": 0, "updated": 1}
    assert report["LevelMapping"] == {"created": 0, "updated": 1}
    assert counts() == before
    assert QualificationFramework.objects.get(code="MU-NQF").hours_per_credit == 20
    mapping.refresh_from_db()
    assert (mapping.target_level.number, mapping.basis) == (5, MappingBasis.DEFAULT)
    entry = AuditEntry.objects.filter(action="frameworks.reference_loaded").get()
    assert entry.detail["overwrite"] is True


@pytest.mark.django_db
def test_existing_rows_are_matched_on_their_code_and_a_deleted_rule_returns():
    # Another app's test may have made the country first, in its own words.
    Country.objects.filter(code="NA").update(name="Republic of Namibia")
    FrameworkRule.objects.filter(key="nano_max_credits").delete()

    report = sync_reference_data()

    assert report == {"FrameworkRule": {"created": 1, "updated": 0}}
    assert Country.objects.filter(code="NA").get().name == "Republic of Namibia"
    assert FrameworkRule.objects.filter(framework__code="LS-LQF").count() == 2


@pytest.mark.django_db
def test_the_command_says_when_there_is_nothing_to_do(capsys):
    call_command("load_reference")
    assert "nothing to do" in capsys.readouterr().out
    assert not AuditEntry.objects.filter(action="frameworks.reference_loaded").exists()
