"""What the dashboards read by (pilots/disaggregation.py).

An index on each pilot's participants by their last update: the dashboards keep each pilot's
counts and check, with one probe of this index per pilot, whether its participants changed
since.

Extended statistics for the counts themselves (PostgreSQL only): the dashboards group participants by pilot, district, gender, setting and disability
(pilots/disaggregation.py). Without statistics on those columns together the planner
multiplies their distinct counts, expects about as many groups as rows, and aggregates a
million rows in one process; told the real number of combinations (a few thousand), it runs a
parallel hash aggregate, several times faster (bench/pilot_dashboard.py). ANALYZE fills
the statistics in, here and then whenever autovacuum analyzes the table.
"""

from django.db import migrations, models

NAME = "pilots_participant_dashboard_groups"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (ndistinct) "
        "ON pilot_id, district_id, gender, setting, disability FROM pilots_participant"
    )
    # ANALYZE reads a sample (30,000 rows at most): quick even on a large table.
    schema_editor.execute("ANALYZE pilots_participant")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("pilots", "0002_reference")]

    operations = [
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["pilot", "updated_at"], name="participant_pilot_updated"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
