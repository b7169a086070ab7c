"""A stored full-text vector for each claim, on PostgreSQL only (issue 6).

0004_perf indexed the expression to_tsvector(statement || quote). A search for
a common word is answered best by walking the claims newest first and keeping
those that match; with only the expression, PostgreSQL computed to_tsvector
for every claim it walked (about 1,800 claims, 35 ms, for a word in 1.4 % of a
million claims). The column `search_vector` is generated from the same
expression and stored, so the walk reads it instead of computing it, and the
GIN index moves onto the column. The model does not declare the column:
claims.search reads it on PostgreSQL and SQLite has none.
"""

from django.db import migrations

FTS = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"statement\", '') || ' ' || COALESCE(\"quote\", ''))"
)

FORWARD = [
    f"ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({FTS}) STORED",
    "CREATE INDEX IF NOT EXISTS claim_search_vector_idx ON claims_claim USING gin (search_vector)",
    "DROP INDEX IF EXISTS claim_search_fts_idx",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS claim_search_fts_idx ON claims_claim USING gin ({FTS})",
    "DROP INDEX IF EXISTS claim_search_vector_idx",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_claimlink_created")]

    operations = [migrations.RunPython(forward, backward)]
