"""Drop claimlink_first_idx and claimlink_second_idx: each repeated the index Django keeps
on its foreign key (first_id, second_id), so every link written updated two identical
indexes and the planner chose between equals."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_suggestion_pool")]

    operations = [
        migrations.RemoveIndex(model_name="claimlink", name="claimlink_first_idx"),
        migrations.RemoveIndex(model_name="claimlink", name="claimlink_second_idx"),
    ]
