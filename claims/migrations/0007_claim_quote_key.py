"""Claim.quote_key: the digest of the normalised quote, so that reports of the same
words are found by an index instead of by reading every claim of the speaker."""

from django.conf import settings
from django.db import migrations, models

from claims.anchors import quote_key

BATCH = 5_000


def fill_keys(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Claim._meta.db_table)
    last = 0
    while True:
        rows = list(
            Claim.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "quote")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        keyed = [(pk, quote_key(quote)) for pk, quote in rows]
        keyed = [(pk, key) for pk, key in keyed if key]
        if not keyed:
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                values = ", ".join(["(%s, %s)"] * len(keyed))
                cursor.execute(
                    f"UPDATE {table} SET quote_key = v.k FROM (VALUES {values}) AS v(id, k) "
                    f"WHERE {table}.id = v.id",
                    [x for pair in keyed for x in pair],
                )
            else:
                cursor.executemany(
                    f"UPDATE {table} SET quote_key = %s WHERE id = %s",
                    [(key, pk) for pk, key in keyed],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_claim_search_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="quote_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="quote_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("quote_key", ""), _negated=True),
                fields=["speaker", "quote_key"],
                name="claim_same_quote_idx",
            ),
        ),
    ]
