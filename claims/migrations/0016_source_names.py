"""Finding and describing sources by their names (issue 15):

- sourcealias_name_trgm_idx: a trigram index over the aliases' names, on PostgreSQL only,
  so that the source pickers find a source by an alias close to the typed name
  (claims.source_names) as they find it by its own name through source_name_trgm_idx
  (0004). Skipped where pg_trgm cannot be made.
- the permission describe_source (add an alias, set what a source belongs to), given to
  reviewers and admins (accounts.roles).
"""

from django.db import migrations, transaction

CREATE = (
    "CREATE INDEX IF NOT EXISTS sourcealias_name_trgm_idx ON claims_sourcealias "
    "USING gin ((UPPER(\"name\"::text)) gin_trgm_ops)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(CREATE)
    except Exception:  # noqa: BLE001 - no privilege for the extension: no trigram search
        pass


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS sourcealias_name_trgm_idx")


def sync_roles(apps, schema_editor):
    from accounts.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_suggestion_dismissal"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("grade_source", "Can grade source reliability"),
                    ("merge_source", "Can merge duplicate sources"),
                    ("describe_source",
                     "Can add a source's aliases and set what it belongs to"),
                ],
            },
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
