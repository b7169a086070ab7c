import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least, Lower
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from .anchors import quote_key
from .languages import CHOICES as LANGUAGE_CHOICES
from .languages import EN

# --- Scales ----------------------------------------------------------------


class Reliability(models.TextChoices):
    """Admiralty (NATO) source reliability, graded apart from the information."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty information credibility."""

    CONFIRMED = 1, "1: confirmed by independent sources"
    PROBABLE = 2, "2: probably true"
    POSSIBLE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


# --- Sources -----------------------------------------------------------------


class Source(models.Model):
    """Who speaks, or who carries speech."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        OUTLET = "outlet", "Outlet"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.CharField(max_length=300, blank=True)
    affiliation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The organization this source belongs to, if any.",
    )
    reliability = models.CharField(
        max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    # The track record, stored so that lists need no aggregation; kept by
    # claims.reliability.refresh_track_records (never edited by hand).
    track_upheld = models.PositiveIntegerField(default=0, editable=False)
    track_resolved = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "track_upheld", "track_resolved"])

    class Meta:
        ordering = ["name"]
        permissions = [
            ("grade_source", "Can grade source reliability"),
            ("merge_source", "Can merge duplicate sources"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=Reliability.values),
                name="source_reliability_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organization", "outlet"]),
                name="source_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=F("id")), name="source_not_affiliated_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(track_upheld__lte=F("track_resolved")),
                name="source_track_upheld_not_above_resolved",
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="source_name_lower_idx"),
            models.Index(fields=["kind", "name"], name="source_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from .templatetags.desk import fast_url  # reverse() once per name, not per row

        return fast_url("claims:source-detail", self.pk)

    @property
    def track_record(self):
        """The grade as a starting belief, moved by resolved contradictions (no query)."""
        from .reliability import track_record

        return track_record(self.reliability, self.track_upheld, self.track_resolved)

    @transaction.atomic
    def set_reliability(self, grade: str, *, reason: str, by) -> "GradeChange | None":
        """Change the Admiralty grade, keeping who, when, from, to and why."""
        if grade not in Reliability.values:
            raise ValueError(f"Unknown reliability grade {grade!r}")
        if grade == self.reliability:
            return None
        change = GradeChange.objects.create(
            source=self,
            from_grade=self.reliability,
            to_grade=grade,
            reason=reason,
            changed_by=by,
        )
        self.reliability = grade
        self.save(update_fields=["reliability", "updated_at"])
        return change


class SourceAlias(models.Model):
    """Another name a source goes by, such as a merged duplicate's name."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="sourcealias_unique_per_source")
        ]
        indexes = [models.Index(Lower("name"), name="sourcealias_name_lower_idx")]

    def __str__(self) -> str:
        return self.name


class GradeChange(models.Model):
    """One change of a source's reliability grade: who, when, from, to, why."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="grade_changes")
    from_grade = models.CharField(max_length=1, choices=Reliability.choices)
    to_grade = models.CharField(max_length=1, choices=Reliability.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_grade__in=Reliability.values)
                & Q(to_grade__in=Reliability.values),
                name="gradechange_grades_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="gradechange_reason_required"),
        ]
        indexes = [models.Index(fields=["source", "-changed_at"], name="gradechange_source_idx")]

    def __str__(self) -> str:
        return f"{self.source}: {self.from_grade} → {self.to_grade}"


# --- Documents -----------------------------------------------------------------


class Document(models.Model):
    """Where claims appeared: an article, a statement, a broadcast transcript."""

    # NULL, not "", is "no URL", so that the unique constraint spares documents without one.
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    title = models.CharField(max_length=500)
    publisher = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        limit_choices_to={"kind": Source.Kind.OUTLET},
    )
    published_at = models.DateTimeField()
    # Decides how the claims' phrases are read and searched (claims.languages).
    language = models.CharField(max_length=16, choices=LANGUAGE_CHOICES, default=EN)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="document_url_unique"
            ),
            models.CheckConstraint(condition=~Q(url=""), name="document_url_null_not_empty"),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="document_published_idx"),
            models.Index(fields=["publisher", "-published_at"], name="document_publisher_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # An empty URL is "no URL", so that two documents without one never clash.
        if self.url == "":
            self.url = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from .templatetags.desk import fast_url  # reverse() once per name, not per row

        return fast_url("claims:document-detail", self.pk)


# --- Questions -----------------------------------------------------------------


class Question(models.Model):
    """What competing claims answer, such as "How many soldiers crossed?"."""

    text = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    best_answer = models.TextField(blank=True, help_text="The desk's best current answer.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(Lower("text"), name="question_text_lower_idx"),
            # The question list and the claim form's newest questions, without sorting all.
            models.Index(fields=["-created_at", "-id"], name="question_created_idx"),
        ]

    def __str__(self) -> str:
        return self.text


# --- Claims ----------------------------------------------------------------------


# What a source's badge shows (claims/templatetags/desk.py source_badge_html).
BADGE_FIELDS = ("name", "kind", "reliability", "track_upheld", "track_resolved")
# What a row of the claim list shows, and its cursor.
ROW_FIELDS = (
    "statement", "status", "credibility", "said_phrase", "said_start", "said_end",
    "created_at", "speaker", "document",
)


class ClaimQuerySet(models.QuerySet):
    def with_relays(self):
        """The relays with their sources, in one query."""
        relays = ClaimRelay.objects.order_by().select_related("source")
        return self.prefetch_related(models.Prefetch("relay_links", queryset=relays))

    def with_related(self):
        """What a claim's page shows: speaker, document, publisher, relays."""
        return self.select_related("speaker", "document", "document__publisher").with_relays()

    def for_rows(self, *fields: str):
        """A list of claims, reading only what a row shows (ROW_FIELDS plus `fields`):
        no document body, no publisher, and the relays with their sources in one query."""
        relays = ClaimRelay.objects.order_by().select_related("source").only(
            "claim_id", "position", "source_id", *(f"source__{f}" for f in BADGE_FIELDS)
        )
        return (
            self.select_related("speaker", "document")
            .only(
                *ROW_FIELDS, *fields, "document__title",
                *(f"speaker__{f}" for f in BADGE_FIELDS),
            )
            # to_attr: a plain list per claim (attribution_chain reads it); the default
            # builds and filters a queryset for every claim, about 0.2 ms each.
            .prefetch_related(models.Prefetch("relay_links", queryset=relays, to_attr="row_relays"))
        )

    def search(self, text: str):
        from .search import search_claims

        return search_claims(self, text)


class Claim(models.Model):
    """One statement attributed to one speaker, as one document reports it."""

    class Certainty(models.TextChoices):
        ASSERTED = "asserted", "Asserted"
        HEDGED = "hedged", "Hedged"
        WITHHELD = "withheld", "Withheld"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISPUTED = "disputed", "Disputed"
        UPHELD = "upheld", "Upheld"
        REFUTED = "refuted", "Refuted"
        RETRACTED = "retracted", "Retracted"
        SUPERSEDED = "superseded", "Superseded"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="claims")
    statement = models.CharField(max_length=500, help_text="The claim in the editor's words.")

    # The verbatim quote, anchored like a text-quote selector: exact text plus a
    # little context either side, and the offset where it was last found.
    quote = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    # The same words however quoted (anchors.quote_key of the quote), kept by every
    # save: reports of one statement are found by it (claims/dependence.py).
    quote_key = models.CharField(max_length=40, blank=True, default="", editable=False)

    speaker = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims_spoken")
    relays = models.ManyToManyField(
        Source, through="ClaimRelay", related_name="claims_relayed", blank=True
    )
    questions = models.ManyToManyField(Question, related_name="claims", blank=True)

    # When it was said, and what time it is about; each from a phrase in the text.
    said_phrase = models.CharField(max_length=200, blank=True)
    said_start = models.DateField(null=True, blank=True)
    said_end = models.DateField(null=True, blank=True)
    said_precision = models.CharField(max_length=8, choices=Precision.choices, blank=True)
    about_phrase = models.CharField(max_length=200, blank=True)
    about_start = models.DateField(null=True, blank=True)
    about_end = models.DateField(null=True, blank=True)
    about_precision = models.CharField(max_length=8, choices=Precision.choices, blank=True)

    # A numeric claim's quantity as an interval; None on a side means open.
    quantity_phrase = models.CharField(max_length=200, blank=True)
    quantity_low = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    quantity_high = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    quantity_low_inclusive = models.BooleanField(default=True)
    quantity_high_inclusive = models.BooleanField(default=True)
    quantity_unit = models.CharField(max_length=100, blank=True)

    certainty = models.CharField(
        max_length=10, choices=Certainty.choices, default=Certainty.ASSERTED
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, null=True, blank=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[questions])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("grade_claim", "Can grade claim credibility"),
            ("change_any_claim", "Can edit claims logged by others"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(credibility__isnull=True) | Q(credibility__gte=1, credibility__lte=6),
                name="claim_credibility_1_to_6",
            ),
            models.CheckConstraint(
                condition=Q(certainty__in=["asserted", "hedged", "withheld"]),
                name="claim_certainty_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["open", "disputed", "upheld", "refuted", "retracted", "superseded"]
                ),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(quantity_low__isnull=True)
                | Q(quantity_high__isnull=True)
                | Q(quantity_low__lte=F("quantity_high")),
                name="claim_quantity_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(said_end__isnull=True)
                | Q(said_start__isnull=True)
                | Q(said_start__lte=F("said_end")),
                name="claim_said_start_not_after_end",
            ),
            models.CheckConstraint(
                condition=Q(about_end__isnull=True)
                | Q(about_start__isnull=True)
                | Q(about_start__lte=F("about_end")),
                name="claim_about_start_not_after_end",
            ),
            models.CheckConstraint(
                condition=~Q(statement=""), name="claim_statement_required"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="claim_created_idx"),
            models.Index(fields=["speaker", "-created_at"], name="claim_speaker_idx"),
            models.Index(fields=["document", "quote_start"], name="claim_document_idx"),
            models.Index(fields=["status", "-created_at"], name="claim_status_idx"),
            models.Index(fields=["said_start", "said_end"], name="claim_said_idx"),
            models.Index(fields=["about_start", "about_end"], name="claim_about_idx"),
            models.Index(
                fields=["speaker", "quote_key"], name="claim_same_quote_idx",
                condition=~Q(quote_key=""),
            ),
            # Where a claim sits in time (about, else said) and when its time ends (the last
            # date when it has no end): the link suggestions' pool (claims.suggestions).
            models.Index(
                Coalesce("about_start", "said_start"),
                Coalesce("about_end", Value(datetime.date.max)),
                name="claim_time_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        from .templatetags.desk import fast_url  # reverse() once per name, not per row

        return fast_url("claims:claim-detail", self.pk)

    @property
    def rating(self) -> str:
        """The Admiralty pair: the speaker's letter and the claim's number, such as "B2".

        A claim not yet graded shows a dash for its number ("B-").
        """
        return f"{self.speaker.reliability}{self.credibility or '-'}"

    @property
    def has_quantity(self) -> bool:
        return self.quantity_low is not None or self.quantity_high is not None

    def attribution_chain(self) -> list[Source]:
        """Speaker first, then each relay in order (agency, then outlet)."""
        relays = getattr(self, "row_relays", None)  # read by ClaimQuerySet.for_rows
        if relays is None:
            relays = self.relay_links.all()
        relays = sorted(relays, key=lambda r: r.position)
        return [self.speaker] + [r.source for r in relays]

    def attribution_text(self) -> str:
        chain = self.attribution_chain()
        return ", via ".join(source.name for source in chain)


@receiver(pre_save, sender=Claim)
def _keep_quote_key(sender, instance: Claim, **kwargs) -> None:
    # A signal rather than save(): a backup's rows are loaded with save_base(raw=True).
    instance.quote_key = quote_key(instance.quote)


class ClaimRelay(models.Model):
    """One step in a claim's attribution chain after the speaker."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relay_links")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="relay_links")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["claim", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "position"], name="claimrelay_position_unique"
            ),
            models.UniqueConstraint(fields=["claim", "source"], name="claimrelay_source_unique"),
        ]
        indexes = [models.Index(fields=["source"], name="claimrelay_source_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} via {self.source}"


# --- Links between claims -------------------------------------------------------------


class ClaimLink(models.Model):
    """How two claims relate: contradicts, supports, qualifies or repeats."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "Contradicts"
        SUPPORTS = "supports", "Supports"
        QUALIFIES = "qualifies", "Qualifies"
        REPEATS = "repeats", "Repeats"

    class Nature(models.TextChoices):
        NUMERIC = "numeric", "Numeric"
        CERTAINTY = "certainty", "Certainty"
        CAUSAL = "causal", "Causal"
        TEMPORAL = "temporal", "Temporal"
        ATTRIBUTION = "attribution", "Attribution"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    class Outcome(models.TextChoices):
        FIRST_UPHELD = "first_upheld", "First upheld"
        SECOND_UPHELD = "second_upheld", "Second upheld"
        BOTH_PARTLY = "both_partly", "Both partly"
        NEITHER = "neither", "Neither"
        UNDECIDABLE = "undecidable", "Cannot be decided"

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_first")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_second")
    # Each side's speaker, copied from its claim so that a source's links are read from
    # one index (the source page) instead of through its claims. Kept by
    # _keep_link_speakers when a link is saved, and by services.refresh_link_speakers
    # when a claim's speaker changes; empty only on rows written around both.
    first_speaker = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, db_index=False, editable=False,
        related_name="+",
    )
    second_speaker = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, db_index=False, editable=False,
        related_name="+",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    nature = models.CharField(max_length=12, choices=Nature.choices, blank=True)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    rationale = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links_proposed",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links_resolved",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    # The speakers are copies of the claims' and need no history of their own.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "first_speaker", "second_speaker"]
    )

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("resolve_claimlink", "Can resolve contradictions")]
        constraints = [
            models.CheckConstraint(condition=~Q(first=F("second")), name="claimlink_not_self"),
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                name="claimlink_one_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["contradicts", "supports", "qualifies", "repeats"]),
                name="claimlink_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(nature="")
                | Q(
                    kind="contradicts",
                    nature__in=[
                        "numeric", "certainty", "causal", "temporal", "attribution", "other"
                    ],
                ),
                name="claimlink_nature_only_on_contradiction",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "resolved", "dismissed"]),
                name="claimlink_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved", outcome__in=[
                    "first_upheld", "second_upheld", "both_partly", "neither", "undecidable"
                ])
                | (~Q(status="resolved") & Q(outcome="")),
                name="claimlink_outcome_iff_resolved",
            ),
        ]
        indexes = [
            # first and second are indexed as foreign keys.
            models.Index(fields=["kind", "status", "created_at"], name="claimlink_queue_idx"),
            # A speaker's links, newest first, on each side (the source page).
            models.Index(
                fields=["first_speaker", "-created_at", "-id"], name="claimlink_first_speaker_idx"
            ),
            models.Index(
                fields=["second_speaker", "-created_at", "-id"],
                name="claimlink_second_speaker_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} {self.kind} {self.second_id}"

    @classmethod
    def between(cls, a: Claim, b: Claim) -> "ClaimLink | None":
        """The link of a pair, whichever order its claims were picked in."""
        return cls.objects.filter(
            Q(first=a, second=b) | Q(first=b, second=a)
        ).first()


@receiver(pre_save, sender=ClaimLink)
def _keep_link_speakers(sender, instance: ClaimLink, raw: bool = False, **kwargs) -> None:
    # A signal rather than save(), like _keep_quote_key. A backup's rows are loaded raw,
    # before (perhaps) their claims: backup.desk_import refreshes them all afterwards.
    if raw:
        return
    speakers = dict(
        Claim.objects.filter(pk__in=[instance.first_id, instance.second_id]).values_list(
            "pk", "speaker_id"
        )
    )
    instance.first_speaker_id = speakers.get(instance.first_id)
    instance.second_speaker_id = speakers.get(instance.second_id)
