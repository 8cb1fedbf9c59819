"""Migration 0005 corrects a database loaded with the first shipped reference data, and leaves
every row it does not name as staff left it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.frameworks.actions import sync_reference_data
from portal.frameworks.loader import DATA_DIR, _read
from portal.frameworks.models import (
    FrameworkLevel,
    FrameworkRule,
    LevelMapping,
    QualificationFramework,
    Sector,
)
from tests.frameworks.test_reference_sources import IRISH_REFERENCING

# Migrating needs a connection outside any transaction on SQLite. Transactional tests empty
# every table afterwards; the others that need the reference data load it again.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("frameworks", "0004_framework_without_credit_system")
OLD_IRISH = {1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 5, 7: 6, 8: 6, 9: 7, 10: 8}
OLD_IRISH_SOURCE = (
    "Referencing of the Irish National Framework of Qualifications (NFQ) to the European "
    "Qualifications Framework for Lifelong Learning (EQF), National Qualifications Authority of "
    "Ireland, 2009."
)
OLD_SECTORS_SOURCE = (
    "PoMiSA Conference 2025 report: Lesotho's priority sectors (Session 3, Panel 1) and "
    "Namibia's industry sectors seeking modular courses (Session 3, Panel 2); Ireland's "
    "technology, healthcare and creative industries (Panel 3)."
)


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes("frameworks")


def eqf(number):
    return FrameworkLevel.objects.get(framework__code="EQF", number=number)


def as_first_shipped():
    """The reference data as migration 0003 loaded it before issue 6."""
    for number, target in OLD_IRISH.items():
        LevelMapping.objects.filter(level__framework__code="IE-NFQ", level__number=number).update(
            target_level=eqf(target), source=OLD_IRISH_SOURCE
        )
    QualificationFramework.objects.filter(code="EQF").update(
        hours_per_credit=25, credit_unit="ECTS", status="confirmed"
    )
    QualificationFramework.objects.filter(code="ZA-NQF").update(
        status="confirmed (CAT Policy, as amended 2021: one credit equals ten notional hours)"
    )
    FrameworkRule.objects.filter(key="nano_max_credits").update(
        severity="info",
        text="Credit-bearing awards of about six credits or fewer are nano-credentials.",
        source="PoMiSA Conference 2025 report, Session 3, Panel 1 "
        "(National University of Lesotho).",
    )
    Sector.objects.update(source=OLD_SECTORS_SOURCE)
    Sector.objects.filter(key="environment_water_climate").update(
        key="green_economy", label="Green economy, water and climate"
    )


@pytest.fixture
def old_database():
    sync_reference_data()  # an earlier transactional test may have emptied the tables
    migrate(BEFORE)
    as_first_shipped()
    yield
    migrate(*latest())


def test_0005_corrects_what_the_sources_contradict_and_keeps_staff_edits(old_database):
    green = Sector.objects.get(key="green_economy")
    # Staff edits: one to another framework, one to another country's mapping, and an Irish
    # mapping staff made their own decision.
    QualificationFramework.objects.filter(code="MU-NQF").update(hours_per_credit=25)
    LevelMapping.objects.filter(level__framework__code="MU-NQF", level__number=5).update(
        target_level=FrameworkLevel.objects.get(framework__code="SADCQF", number=6),
        basis="staff",
    )
    LevelMapping.objects.filter(level__framework__code="IE-NFQ", level__number=10).update(
        target_level=eqf(7), basis="staff", source="Our own reading."
    )
    FrameworkRule.objects.filter(key="micro_credit_range").update(is_active=False)

    migrate(("frameworks", "0005_reference_corrections"))

    irish = {
        m.level.number: (m.target_level.number, m.basis, m.source)
        for m in LevelMapping.objects.filter(level__framework__code="IE-NFQ")
    }
    assert irish.pop(10) == (7, "staff", "Our own reading.")
    assert {number: target for number, (target, _, _) in irish.items()} == {
        number: target for number, target in IRISH_REFERENCING.items() if number != 10
    }
    shipped = _read(DATA_DIR, "frameworks.json")
    (ireland,) = shipped["level_mappings"]["referenced"]
    assert {(basis, source) for _, basis, source in irish.values()} == {
        ("referencing_report", ireland["source"])
    }

    frameworks = {f["code"]: f for f in shipped["frameworks"]}
    eqf_framework = QualificationFramework.objects.get(code="EQF")
    assert eqf_framework.hours_per_credit is None
    assert eqf_framework.credit_unit == ""
    assert eqf_framework.status == frameworks["EQF"]["status"]
    assert (
        QualificationFramework.objects.get(code="ZA-NQF").status == frameworks["ZA-NQF"]["status"]
    )

    shipped_rules = {rule["key"]: rule for rule in frameworks["LS-LQF"]["rules"]}
    for rule in FrameworkRule.objects.filter(framework__code="LS-LQF"):
        assert (rule.severity, rule.text, rule.source) == (
            "warning",
            shipped_rules[rule.key]["text"],
            shipped_rules[rule.key]["source"],
        )
    assert not FrameworkRule.objects.get(key="micro_credit_range").is_active

    shipped_sectors = {s["key"]: s for s in _read(DATA_DIR, "sectors.json")["sectors"]}
    sectors = {s.key: s for s in Sector.objects.all()}
    assert set(sectors) == set(shipped_sectors)
    assert sectors["environment_water_climate"].pk == green.pk  # renamed, not replaced
    for key, sector in sectors.items():
        assert (sector.label, sector.source) == (
            shipped_sectors[key]["label"],
            shipped_sectors[key]["source"],
        )

    # Nothing else moved.
    assert QualificationFramework.objects.get(code="MU-NQF").hours_per_credit == Decimal(25)
    mauritius_5 = LevelMapping.objects.get(level__framework__code="MU-NQF", level__number=5)
    assert (mauritius_5.target_level.number, mauritius_5.basis) == (6, "staff")
