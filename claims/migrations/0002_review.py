"""pg_trgm for suggestions by similar wording, on PostgreSQL only.

Creating an extension needs a privileged role; where that is refused the
suggestions fall back to word overlap, so the failure is not fatal.
"""

from django.db import migrations, transaction


def create_pg_trgm(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no privilege: suggestions use the fallback
        pass


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_pg_trgm, migrations.RunPython.noop)]
