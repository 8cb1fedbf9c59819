"""Load the shipped reference data (portal/frameworks/data/) into the database.

One function serves both the data migration (with its historical models) and
`manage.py load_reference` (with the live registry, through actions.sync_reference_data).

Rows are matched on their natural keys (country code, sector key, framework code, level
number, rule and criterion keys; a mapping on its level and target framework), so loading
twice creates nothing twice, and rows someone else created first (a test's get_or_create of a
Country) are left as they are.

By default the loader only creates what is missing: a value staff changed in the admin
survives a re-run. With overwrite=True it also puts the shipped values back on rows that
differ. A shipped row staff deleted comes back on the next run; retire a rule by unticking
"in force" instead.
"""

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(data_dir, name):
    with open(Path(data_dir) / name, encoding="utf-8") as handle:
        return json.load(handle)


def _number(value):
    return None if value is None else Decimal(str(value))


class _Loader:
    def __init__(self, apps, overwrite):
        self.apps = apps
        self.overwrite = overwrite
        self.report = defaultdict(lambda: {"created": 0, "updated": 0})

    def model(self, name):
        return self.apps.get_model("frameworks", name)

    def sync(self, model, lookup, values, match=None):
        # Only fields the model has at this point of its history: the same code runs from
        # migration 0003 with older models, and from the command with today's.
        names = {field.name for field in model._meta.concrete_fields}
        values = {key: value for key, value in values.items() if key in names}
        obj = model.objects.filter(**(match or lookup)).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.report[model.__name__]["created"] += 1
            return obj
        if self.overwrite:
            changed = [key for key, value in values.items() if getattr(obj, key) != value]
            if changed:
                for key in changed:
                    setattr(obj, key, values[key])
                obj.save()
                self.report[model.__name__]["updated"] += 1
        return obj


def load_reference(apps, *, overwrite=False, data_dir=DATA_DIR):
    """Create the missing reference rows (and, with overwrite, restore shipped values).

    `apps` is an app registry: django.apps.apps, or the one a migration's RunPython receives.
    Returns {model name: {"created": n, "updated": n}} for the models it touched.
    """
    loader = _Loader(apps, overwrite)
    frameworks_data = _read(data_dir, "frameworks.json")
    eqf = _read(data_dir, "eqf_levels.json")
    criteria = _read(data_dir, "approval_criteria_mauritius.json")
    sectors = _read(data_dir, "sectors.json")

    Country = loader.model("Country")
    Sector = loader.model("Sector")
    EctsReference = loader.model("EctsReference")
    Framework = loader.model("QualificationFramework")
    Level = loader.model("FrameworkLevel")
    Mapping = loader.model("LevelMapping")
    Rule = loader.model("FrameworkRule")
    Criterion = loader.model("ApprovalCriterion")

    ects = frameworks_data["ects"]
    loader.sync(
        EctsReference,
        {"key": "ects"},
        {
            "hours_per_credit": _number(ects["hours_per_credit_default"]),
            "hours_per_credit_min": _number(ects["hours_per_credit_min"]),
            "hours_per_credit_max": _number(ects["hours_per_credit_max"]),
            "status": ects["status"],
            "source": ects["source"],
        },
    )

    for item in sectors["sectors"]:
        loader.sync(
            Sector, {"key": item["key"]}, {"label": item["label"], "source": item["source"]}
        )

    eqf_levels = {item["number"]: item for item in eqf["levels"]}
    levels = {}  # (framework code, number) -> level
    for position, item in enumerate(frameworks_data["frameworks"], start=1):
        country = None
        if item.get("country"):
            country = loader.sync(
                Country,
                {"code": item["country"]},
                {"name": item["country_name"], "region": item["region"], "is_partner": True},
            )
        framework = loader.sync(
            Framework,
            {"code": item["code"]},
            {
                "name": item["name"],
                "region": item["region"],
                "country": country,
                "level_count": item["levels"],
                "credit_unit": item["credit_unit"],
                "hours_per_credit": _number(item["hours_per_credit"]),
                "is_confirmed": item["is_confirmed"],
                "status": item["status"],
                "source": item["source"],
                "quality_bodies": "\n".join(item.get("quality_bodies", [])),
                "position": position,
            },
        )
        for number in range(1, item["levels"] + 1):
            descriptors = {}
            if item["code"] == eqf["framework"]:
                shipped = eqf_levels[number]
                descriptors = {
                    "knowledge": shipped["knowledge"],
                    "skills": shipped["skills"],
                    "responsibility_autonomy": shipped["responsibility_autonomy"],
                    "source": eqf["source"],
                }
            levels[item["code"], number] = loader.sync(
                Level, {"framework": framework, "number": number}, descriptors
            )
        for rule_position, rule in enumerate(item.get("rules", []), start=1):
            loader.sync(
                Rule,
                {"framework": framework, "key": rule["key"]},
                {
                    "kind": rule["kind"],
                    "field": rule.get("field", ""),
                    "severity": rule["severity"],
                    "text": rule["text"],
                    "min_value": _number(rule.get("min")),
                    "min_inclusive": rule.get("min_inclusive", False),
                    "max_value": _number(rule.get("max")),
                    "max_inclusive": rule.get("max_inclusive", False),
                    "value": _number(rule.get("value")),
                    "unit": rule.get("unit", ""),
                    "source": rule["source"],
                    "position": rule_position,
                },
            )

    criteria_framework = Framework.objects.get(code=criteria["framework"])
    for order, item in enumerate(criteria["criteria"], start=1):
        loader.sync(
            Criterion,
            {"framework": criteria_framework, "key": item["key"]},
            {"label": item["label"], "order": order, "source": criteria["source"]},
        )

    mappings = frameworks_data["level_mappings"]
    pairs = []  # (framework, number, target framework, target number, basis, source)
    for item in mappings["one_to_one_defaults"]:
        count = Framework.objects.get(code=item["framework"]).level_count
        pairs += [
            (item["framework"], n, item["target"], n, "default", mappings["default_source"])
            for n in range(1, count + 1)
        ]
    for item in mappings["referenced"]:
        pairs += [
            (item["framework"], n, item["target"], t, "referencing_report", item["source"])
            for n, t in item["pairs"]
        ]
    for code, number, target_code, target_number, basis, source in pairs:
        level = levels[code, number]
        target_level = levels[target_code, target_number]
        # One mapping per level and target framework: a level staff re-mapped stays re-mapped.
        loader.sync(
            Mapping,
            {"level": level},
            {"target_level": target_level, "basis": basis, "source": source},
            match={"level": level, "target_level__framework": target_level.framework},
        )
    return {name: dict(counts) for name, counts in loader.report.items()}
