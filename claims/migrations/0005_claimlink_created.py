"""A newest-first index of links, on PostgreSQL only (issue 6).

A source's page lists the links of its claims newest first; with this index a
busy speaker's links are read in order instead of all sorted. SQLite keeps
its plain indexes.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS claimlink_created_idx "
    "ON claims_claimlink (created_at DESC, id DESC)"
)
DROP = "DROP INDEX IF EXISTS claimlink_created_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_perf")]

    operations = [migrations.RunPython(create_index, drop_index)]
