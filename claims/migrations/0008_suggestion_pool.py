"""claim_time_idx: claims in order of where they sit in time, and of when the time they
are about ends, for link suggestions (claims.suggestions, _TRIGRAM_SQL).

Where a claim sits is the time it is about, else the time it was said. The end is the end
of the time it is about, the last date there is for a claim about a time without an end
or about no time, which overlap any later time. Walking the index back from a claim's
time, the claims that overlap it are told from the others by the index alone.
"""

import datetime

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Coalesce


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_quote_key")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                Coalesce("about_start", "said_start"),
                Coalesce("about_end", Value(datetime.date.max)),
                name="claim_time_idx",
            ),
        ),
    ]
