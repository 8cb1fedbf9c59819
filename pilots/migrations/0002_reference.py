"""Load the shipped districts and youth definitions (pilots/data/) into the database."""

from django.db import migrations

from pilots.data.loader import load_pilot_reference


def forwards(apps, schema_editor):
    load_pilot_reference(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0001_initial"),
        ("frameworks", "0005_reference_corrections"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
