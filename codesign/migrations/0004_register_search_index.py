"""The register's full-text search on PostgreSQL: a stored, generated tsvector column over
search_text (the "english" configuration) and a GIN index on it. codesign.register.search
reads the column directly, so a search neither computes a vector per row to filter nor to
rank. The column is PostgreSQL's alone (not a model field: Django never writes it, PostgreSQL
keeps it up to date on every insert and update, bulk_create included); on SQLite this
migration does nothing and the register is searched word by word."""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "codesign_registerentry_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE codesign_registerentry ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS "
        "(to_tsvector('english'::regconfig, COALESCE(search_text, ''::text))) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON codesign_registerentry USING gin ({COLUMN})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE codesign_registerentry DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("codesign", "0003_reviews_and_register")]

    operations = [migrations.RunPython(create, drop)]
