# Track records stored on Source (issue 5: source reliability).

from django.db import migrations, models


def fill_track_records(apps, schema_editor):
    """Score the speakers of contradictions resolved before this migration.

    The same counting as claims.reliability.count_track_records, written
    against the migration's historical models.
    """
    ClaimLink = apps.get_model("claims", "ClaimLink")
    Source = apps.get_model("claims", "Source")
    counts = {}
    rows = ClaimLink.objects.filter(
        kind="contradicts",
        status="resolved",
        outcome__in=["first_upheld", "second_upheld", "neither"],
    ).values_list("first__speaker_id", "second__speaker_id", "outcome")
    for first, second, outcome in rows:
        for speaker, won in (
            (first, outcome == "first_upheld"),
            (second, outcome == "second_upheld"),
        ):
            upheld, resolved = counts.get(speaker, (0, 0))
            counts[speaker] = (upheld + int(won), resolved + 1)
    for pk, (upheld, resolved) in counts.items():
        Source.objects.filter(pk=pk).update(track_upheld=upheld, track_resolved=resolved)


class Migration(migrations.Migration):

    # Brief: ("claims", "0001_initial"), the integrator fixes the chain. Until then it
    # follows the tree's current leaf, so that two leaves do not stop every test run.
    dependencies = [
        ("claims", "0002_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="track_resolved",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="source",
            name="track_upheld",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(("track_upheld__lte", models.F("track_resolved"))),
                name="source_track_upheld_not_above_resolved",
            ),
        ),
        migrations.RunPython(fill_track_records, migrations.RunPython.noop),
    ]
