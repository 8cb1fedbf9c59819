from django.db import migrations

# This step used to load the shipped reference data. The data now needs 0004's schema (a
# framework may have no hours per credit), so 0005 loads it into a new database instead;
# a database migrated before keeps what this step loaded then, and 0005 corrects it.


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_reference_models")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
