"""Load the reference data into a new database; correct it in one loaded before.

The corrections bring the data in line with its sources (issue 6). They touch only the rows
named below, so whatever else staff edited stays as they left it. Their values are written
out here rather than read from data/, so this migration does the same thing whenever it runs.
"""

from django.db import migrations

from portal.frameworks.loader import load_reference

# Referencing of the Irish NFQ to the EQF (NQAI, 2009): NFQ level -> EQF level.
IRISH_REFERENCING = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 6, 9: 7, 10: 8}
IRISH_SOURCE = (
    "Referencing of the Irish National Framework of Qualifications (NFQ) to the European "
    "Qualifications Framework for Lifelong Learning (EQF), National Qualifications Authority "
    "of Ireland (NQAI, now QQI), 2009: NFQ levels 1 and 2 to EQF level 1, 3 to 2, 4 to 3, 5 to "
    "4, 6 to 5, 7 and 8 to 6, 9 to 7, 10 to 8. Corrected here: an earlier version of this "
    "table placed NFQ levels 2, 3 and 4 one EQF level too high."
)

EQF_STATUS = (
    "levels confirmed; the EQF has no credit system of its own (ECTS credits belong to higher "
    "education; see the ECTS reference)"
)
# Statuses as first shipped, which began with the word the Confirmed tag already shows.
STATUSES = {
    "EQF": ("confirmed", EQF_STATUS),
    "ZA-NQF": (
        "confirmed (CAT Policy, as amended 2021: one credit equals ten notional hours)",
        "CAT Policy, as amended 2021: one credit equals ten notional hours",
    ),
    "NA-NQF": (
        "confirmed (NQA: one credit equals ten notional hours)",
        "NQA: one credit equals ten notional hours",
    ),
}

LESOTHO_SOURCE = (
    "PoMiSA Conference 2025 report, Day 1, Session 3, Panel 1, interactive session (Dr Papali "
    "Maqalika, National University of Lesotho); Day 1, Session 2 (Lesotho: no micro-credential "
    "framework yet exists)."
)
DESCRIBED_USAGE = (
    " This is described usage, not a rule of the Lesotho Qualifications Framework: Lesotho has "
    "no micro-credential framework yet."
)
LESOTHO_RULES = {
    "nano_max_credits": "The National University of Lesotho described credit-bearing awards of "
    "about six credits or fewer as nano-credentials." + DESCRIBED_USAGE,
    "micro_credit_range": "The National University of Lesotho described micro-credentials as "
    "carrying more than six and fewer than 120 credits (the typical credit value of a "
    "diploma)." + DESCRIBED_USAGE,
}

OLD_SECTORS_SOURCE = (
    "PoMiSA Conference 2025 report: Lesotho's priority sectors (Session 3, Panel 1) and "
    "Namibia's industry sectors seeking modular courses (Session 3, Panel 2); Ireland's "
    "technology, healthcare and creative industries (Panel 3)."
)
LESOTHO_PRIORITY = (
    "PoMiSA Conference 2025 report, Day 1, Session 3, Panel 1: Lesotho's priority sectors "
    "(Dr Papali Maqalika, National University of Lesotho)."
)
IRELAND_EMPLOYERS = (
    "Ireland, where employers value micro-credentials particularly in technology, healthcare "
    "and the creative industries"
)
SECTOR_SOURCES = {
    "tvet_education": LESOTHO_PRIORITY,
    "agriculture": LESOTHO_PRIORITY,
    "textiles_apparel": LESOTHO_PRIORITY,
    "tourism_hospitality": LESOTHO_PRIORITY,
    "ict_digital": "PoMiSA Conference 2025 report, Day 1, Session 3: Lesotho's priority sectors "
    "(Panel 1, National University of Lesotho) and Namibia's industry sectors seeking modular, "
    "stackable courses (Panel 2, Namibia University of Science and Technology).",
    "energy": "PoMiSA Conference 2025 report, Day 1, Session 3, Panel 2: Namibia's industry "
    "sectors seeking modular, stackable courses (Dr Colen Tuandu, Namibia University of "
    "Science and Technology).",
    "health": "PoMiSA Conference 2025 report, Day 1, Session 3: Namibia's industry sectors "
    f"seeking modular, stackable courses (Panel 2) and {IRELAND_EMPLOYERS} (Panel 3, "
    "University of Galway).",
    "creative": f"PoMiSA Conference 2025 report, Day 1, Session 3, Panel 3: {IRELAND_EMPLOYERS} "
    "(Ms Emma Goode, University of Galway).",
}
# No source names a "green economy" sector; the regional priorities session named these.
ENVIRONMENT = {
    "key": "environment_water_climate",
    "label": "Environment, water and climate",
    "source": "PoMiSA Conference 2025 report, Day 2, session on regional priorities (South "
    "African context): environmental, water and climate issues that present both significant "
    "challenges and new opportunities, echoed regionally.",
}


def _correct_irish_mappings(apps):
    Level = apps.get_model("frameworks", "FrameworkLevel")
    Mapping = apps.get_model("frameworks", "LevelMapping")
    eqf = {level.number: level for level in Level.objects.filter(framework__code="EQF")}
    for level in Level.objects.filter(framework__code="IE-NFQ"):
        target = eqf.get(IRISH_REFERENCING.get(level.number))
        if target is None:
            continue
        mapping = Mapping.objects.filter(level=level, target_level__framework__code="EQF").first()
        if mapping is None:
            Mapping.objects.create(
                level=level, target_level=target, basis="referencing_report", source=IRISH_SOURCE
            )
        elif mapping.basis != "staff":  # a mapping staff made their own decision stays theirs
            mapping.target_level = target
            mapping.basis = "referencing_report"
            mapping.source = IRISH_SOURCE
            mapping.save()


def _correct_frameworks(apps):
    Framework = apps.get_model("frameworks", "QualificationFramework")
    for framework in Framework.objects.filter(code="EQF"):
        framework.hours_per_credit = None
        framework.credit_unit = ""
        framework.save()
    for code, (shipped, corrected) in STATUSES.items():
        Framework.objects.filter(code=code, status=shipped).update(status=corrected)


def _correct_lesotho_rules(apps):
    Rule = apps.get_model("frameworks", "FrameworkRule")
    for key, text in LESOTHO_RULES.items():
        for rule in Rule.objects.filter(framework__code="LS-LQF", key=key):
            rule.severity = "warning"
            rule.text = text
            rule.source = LESOTHO_SOURCE
            rule.save()


def _correct_sectors(apps):
    Sector = apps.get_model("frameworks", "Sector")
    if not Sector.objects.filter(key=ENVIRONMENT["key"]).exists():
        # Renamed in place: organisations that chose it keep it.
        for sector in Sector.objects.filter(key="green_economy"):
            sector.key, sector.label = ENVIRONMENT["key"], ENVIRONMENT["label"]
            sector.source = ENVIRONMENT["source"]
            sector.save()
    for key, source in SECTOR_SOURCES.items():
        Sector.objects.filter(key=key, source=OLD_SECTORS_SOURCE).update(source=source)


def forwards(apps, schema_editor):
    Framework = apps.get_model("frameworks", "QualificationFramework")
    if not Framework.objects.exists():
        load_reference(apps)  # a new database: the shipped data, whole
        return
    _correct_irish_mappings(apps)
    _correct_frameworks(apps)
    _correct_lesotho_rules(apps)
    _correct_sectors(apps)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0004_framework_without_credit_system")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
