"""A document's language from a list, and each claim searched in its document's language
(issue 14).

The language is one of claims.languages.CHOICES (en, ru, uk): the readers and the search
follow it. On PostgreSQL the stored vector of migration 0006 was generated from the claim's
own columns with the `english` configuration; a generated column cannot look at another
table, so it becomes a plain column kept by two triggers:

* before a claim is inserted, or its statement, quote or document changes, its vector is
  made with its document's configuration (`russian` for ru, `simple` for uk, which has no
  stemmer in PostgreSQL, `english` otherwise);
* after a document's language changes, its claims' vectors are made again.

The GIN index over the column stays as it was (claim_search_vector_idx). SQLite has no
vector and searches words as they are (claims.search). The configurations are written
here as they are in claims.languages.SEARCH_CONFIGS; keep the two in step.
"""

from django.db import migrations, models

CONFIG = (
    "(CASE {language} WHEN 'ru' THEN 'russian' WHEN 'uk' THEN 'simple' "
    "ELSE 'english' END)::regconfig"
)
TEXT = "COALESCE({row}statement, '') || ' ' || COALESCE({row}quote, '')"

FORWARD = [
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE claims_claim ADD COLUMN search_vector tsvector",
    f"""
    CREATE OR REPLACE FUNCTION claims_claim_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector(
            {CONFIG.format(language="(SELECT d.language FROM claims_document d "
                                    "WHERE d.id = NEW.document_id)")},
            {TEXT.format(row="NEW.")});
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER claims_claim_search_vector BEFORE INSERT OR UPDATE OF statement, quote, "
    "document_id ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector()",
    f"""
    CREATE OR REPLACE FUNCTION claims_document_search_language() RETURNS trigger AS $$
    BEGIN
        UPDATE claims_claim c
           SET search_vector = to_tsvector({CONFIG.format(language="NEW.language")},
                                           {TEXT.format(row="c.")})
         WHERE c.document_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER claims_document_search_language AFTER UPDATE OF language ON claims_document "
    "FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language) "
    "EXECUTE FUNCTION claims_document_search_language()",
    f"UPDATE claims_claim c SET search_vector = to_tsvector({CONFIG.format(language='d.language')},"
    f" {TEXT.format(row='c.')}) FROM claims_document d WHERE d.id = c.document_id",
    "CREATE INDEX IF NOT EXISTS claim_search_vector_idx ON claims_claim USING gin (search_vector)",
]

FTS_0006 = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"statement\", '') || ' ' || COALESCE(\"quote\", ''))"
)
BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_document_search_language ON claims_document",
    "DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_document_search_language()",
    "DROP FUNCTION IF EXISTS claims_claim_search_vector()",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE claims_claim ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({FTS_0006}) STORED",
    "CREATE INDEX IF NOT EXISTS claim_search_vector_idx ON claims_claim USING gin (search_vector)",
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
    # Written after 0011; the merge puts it after 0012.
    dependencies = [("claims", "0012_source_name_kind_unique")]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("ru", "Russian"), ("uk", "Ukrainian")],
                default="en",
                max_length=16,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
