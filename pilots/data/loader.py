"""Load the shipped pilot reference data (pilots/data/) into the database.

One function serves the data migration (with its historical models) and
`manage.py load_pilot_reference` (with the live registry, through
pilots.actions.reference.sync_pilot_reference).

Rows are matched on their natural keys (a district on its country and name, a youth
definition on its country), so loading twice creates nothing twice. By default only what is
missing is created: a value staff changed in the admin survives a re-run; overwrite=True puts
the shipped source and ages back. A country the database does not have yet is skipped (the
countries come from portal.frameworks' reference data).
"""

import json
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
COUNTRIES = ("MU", "ZA", "LS", "NA", "IE", "BE", "EE")


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def district_files(data_dir=DATA_DIR):
    """{country code: the file's content} for every shipped districts file."""
    return {
        path.stem: _read(path) for path in sorted((Path(data_dir) / "districts").glob("*.json"))
    }


def district_names(item):
    """The district names one districts file lists, in its order."""
    return [entry if isinstance(entry, str) else entry["name"] for entry in item["districts"]]


def load_pilot_reference(apps, *, overwrite=False, data_dir=DATA_DIR):
    """Create the missing districts and youth definitions (and, with overwrite, restore the
    shipped values). Returns {model name: {"created": n, "updated": n}} for what changed."""
    Country = apps.get_model("frameworks", "Country")
    District = apps.get_model("pilots", "District")
    YouthDefinition = apps.get_model("pilots", "YouthDefinition")
    report = defaultdict(lambda: {"created": 0, "updated": 0})
    countries = {country.code: country for country in Country.objects.all()}

    for code, item in district_files(data_dir).items():
        country = countries.get(code)
        if country is None:
            continue
        existing = {
            district.name: district for district in District.objects.filter(country=country)
        }
        for name in district_names(item):
            district = existing.get(name)
            if district is None:
                District.objects.create(country=country, name=name, source=item["source"])
                report["District"]["created"] += 1
            elif overwrite and district.source != item["source"]:
                district.source = item["source"]
                district.save(update_fields=["source"])
                report["District"]["updated"] += 1

    for item in _read(Path(data_dir) / "youth_definitions.json")["definitions"]:
        country = countries.get(item["country"])
        if country is None:
            continue
        values = {key: item[key] for key in ("min_age", "max_age", "source")}
        definition = YouthDefinition.objects.filter(country=country).first()
        if definition is None:
            YouthDefinition.objects.create(country=country, **values)
            report["YouthDefinition"]["created"] += 1
        elif overwrite and any(getattr(definition, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(definition, key, value)
            definition.save()
            report["YouthDefinition"]["updated"] += 1
    return {name: dict(counts) for name, counts in report.items()}
