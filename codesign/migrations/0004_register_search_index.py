"""The register's full-text search index, on PostgreSQL only: a GIN index on exactly the
expression codesign.register.search matches against (to_tsvector with the "english"
configuration over search_text). SQLite searches the register without one."""

from django.db import migrations

INDEX = "codesign_registerentry_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON codesign_registerentry USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(search_text, ''::text)))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("codesign", "0003_reviews_and_register")]

    operations = [migrations.RunPython(create_index, drop_index)]
