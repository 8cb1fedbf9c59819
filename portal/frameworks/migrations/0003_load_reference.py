from django.db import migrations

from portal.frameworks.loader import load_reference


def load(apps, schema_editor):
    # Creates only what is missing, so rows that already exist (matched on code or key) stay.
    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_reference_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
