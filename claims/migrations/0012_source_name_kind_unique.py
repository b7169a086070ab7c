"""One source per kind and name, whatever the case (source_name_kind_unique).

Two people creating "Interfax" at once from the picker made two sources. A desk that
already holds such twins keeps the oldest under its name; each other one is renamed
"<name> (2)", "(3)" and so on, so the constraint can be made and an admin can merge
them on the merge page (nothing is merged here: that is a judgement)."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def rename_twins(apps, schema_editor) -> None:
    Source = apps.get_model("claims", "Source")
    twins = (
        Source.objects.order_by()
        .values("kind", lower_name=Lower("name"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    taken_by_kind: dict[str, set[str]] = {}  # every name of a kind, read once per kind
    for twin in twins:
        same = Source.objects.alias(lower_name=Lower("name")).filter(
            kind=twin["kind"], lower_name=twin["lower_name"]
        ).order_by("created_at", "pk")
        taken = taken_by_kind.get(twin["kind"])
        if taken is None:
            taken = taken_by_kind[twin["kind"]] = {
                name.lower()
                for name in Source.objects.filter(kind=twin["kind"]).values_list("name", flat=True)
            }
        for source in list(same)[1:]:
            base, number = source.name[:190], 2
            while f"{base} ({number})".lower() in taken:
                number += 1
            source.name = f"{base} ({number})"
            taken.add(source.name.lower())
            source.save(update_fields=["name"])
    if schema_editor.connection.vendor == "postgresql":
        # PostgreSQL refuses CREATE INDEX on a table with checks still pending (0011).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_claimlink_speakers")]

    operations = [
        migrations.RunPython(rename_twins, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(
                Lower("name"),
                models.F("kind"),
                name="source_name_kind_unique",
                violation_error_message="A source of this kind with this name is already on "
                "the desk.",
            ),
        ),
    ]
