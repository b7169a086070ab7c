"""Indexes for search at a million claims, on PostgreSQL only (issue 6).

- claim_search_fts_idx: GIN over the same expression claims.search builds
  (SearchVector("statement", "quote", config="english")), so that a
  full-text match reads the index instead of computing to_tsvector for every
  row. The planner uses it only when the text match is not OR-ed with a
  condition on another table (see docs/performance.md).
- source_name_trgm_idx: trigram GIN over UPPER(name), the expression Django's
  icontains compares, for the source list's search, the source pickers and
  the speaker part of claim search.

SQLite keeps its plain indexes; these are skipped there.
"""

from django.db import migrations, transaction

FTS = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"statement\", '') || ' ' || COALESCE(\"quote\", ''))"
)

CREATE = [
    f"CREATE INDEX IF NOT EXISTS claim_search_fts_idx ON claims_claim USING gin ({FTS})",
    "CREATE INDEX IF NOT EXISTS source_name_trgm_idx ON claims_source "
    "USING gin ((UPPER(\"name\"::text)) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS claim_search_fts_idx",
    "DROP INDEX IF EXISTS source_name_trgm_idx",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE[0])
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(CREATE[1])
    except Exception:  # noqa: BLE001 - no privilege for the extension: icontains scans
        pass


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    # The brief named 0001_initial; the current leaf is used so the tree keeps migrating.
    dependencies = [("claims", "0003_sources")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
