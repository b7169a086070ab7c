"""question_created_idx: the newest questions first (the question list, and the claim
form's newest questions) read from an index instead of sorting every question."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_claimlink_drop_duplicate_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="question",
            index=models.Index(fields=["-created_at", "-id"], name="question_created_idx"),
        ),
    ]
