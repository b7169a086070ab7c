import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least, Lower
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from .anchors import quote_key
from .languages import CHOICES as LANGUAGE_CHOICES
from .languages import EN
from .paths import url

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


# A source's track record (claims/reliability.py keeps it current): the grade as a
# starting belief, moved by resolved contradictions.
PRIORS: dict[str, tuple[int, int]] = {
    "A": (9, 1),
    "B": (4, 1),
    "C": (3, 2),
    "D": (2, 3),
    "E": (1, 9),
    "F": (1, 1),
}


@dataclass(frozen=True)
class TrackRecord:
    grade: str
    upheld: int
    resolved: int

    @property
    def prior(self) -> tuple[int, int]:
        return PRIORS[self.grade]

    @property
    def estimate(self) -> float:
        """The posterior mean: the chance the next disputed claim is upheld."""
        alpha, beta = self.prior
        return (alpha + self.upheld) / (alpha + beta + self.resolved)

    @property
    def percent(self) -> int:
        return round(self.estimate * 100)

    @property
    def explanation(self) -> str:
        if self.resolved == 0:
            record = "no resolved contradictions yet"
        else:
            record = f"upheld {self.upheld} of {self.resolved} resolved"
        return f"{record}; starting belief from grade {self.grade}"

    def __str__(self) -> str:
        return f"{self.percent}% ({self.explanation})"


def track_record(grade: str, upheld: int, resolved: int) -> TrackRecord:
    return TrackRecord(grade=grade, upheld=upheld, resolved=resolved)


def _count_of(model, field: str) -> Coalesce:
    """How many rows of `model` point at the outer source through `field`."""
    # COUNT(*) rather than COUNT(id): PostgreSQL answers it from the index alone.
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class SourceQuerySet(models.QuerySet):
    def for_list(self):
        """What a row of the source list shows: the badge's fields, the name of what the
        source belongs to, and how many claims it spoke and relayed.

        The name is a subquery rather than a join: PostgreSQL evaluates it for the page's
        rows only, after the sort, where a join is made for every source a search
        matched."""
        affiliation = Source.objects.filter(pk=OuterRef("affiliation_id")).order_by()
        return self.only(*BADGE_FIELDS).annotate(
            affiliation_name=Subquery(affiliation.values("name")[:1]),
            spoken_count=_count_of(Claim, "speaker"),
            relayed_count=_count_of(ClaimRelay, "source"),
        )

    def members_of(self, pk: int):
        """The sources that belong to source `pk`, by name, as badge rows (id and
        BADGE_FIELDS)."""
        return (
            self.filter(affiliation_id=pk)
            .order_by(Lower("name"), "pk")
            .values_list("id", *BADGE_FIELDS, named=True)
        )


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

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("grade_source", "Can grade source reliability"),
            ("merge_source", "Can merge duplicate sources"),
            ("describe_source", "Can add a source's aliases and set what it belongs to"),
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
            # One source per kind and name, whatever the case: two people creating "Interfax"
            # at once get one source (Source.get_or_create_named).
            models.UniqueConstraint(
                Lower("name"),
                "kind",
                name="source_name_kind_unique",
                violation_error_message="A source of this kind with this name is already on "
                "the desk.",
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="source_name_lower_idx"),
            models.Index(fields=["kind", "name"], name="source_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url("claims:source-detail", self.pk)

    @property
    def track_record(self):
        """The grade as a starting belief, moved by resolved contradictions (no query)."""
        return track_record(self.reliability, self.track_upheld, self.track_resolved)

    @classmethod
    def called(cls, name: str, kind: str) -> "Source | None":
        """The source of this kind called `name`, ignoring case as source_name_kind_unique
        does (LOWER on both sides, so each database compares as its constraint does)."""
        return (
            cls.objects.alias(lower_name=Lower("name"))
            .filter(kind=kind, lower_name=Lower(Value(name)))
            .first()
        )

    @classmethod
    def get_or_create_named(cls, *, name: str, kind: str) -> tuple["Source", bool]:
        """The source of this kind called `name` (its spaces collapsed, its case ignored),
        made when there is none; True when it was made. Of two requests making one name at
        once the database lets one through and the other is handed the winner's source."""
        name = " ".join(name.split())
        found = cls.called(name, kind)
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                return cls.objects.create(name=name, kind=kind), True
        except IntegrityError:
            found = cls.called(name, kind)
            if found is None:
                raise
            return found, False

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


class SourceAliasQuerySet(models.QuerySet):
    def names_of(self, pk: int):
        """The other names of source `pk`, in the order of their lower-case forms."""
        return self.filter(source_id=pk).order_by(Lower("name"), "id").values_list(
            "name", flat=True
        )


class SourceAlias(models.Model):
    """Another name a source goes by, such as a merged duplicate's name."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    objects = SourceAliasQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="sourcealias_unique_per_source")
        ]
        indexes = [models.Index(Lower("name"), name="sourcealias_name_lower_idx")]

    def __str__(self) -> str:
        return self.name


class GradeChangeQuerySet(models.QuerySet):
    def history_of(self, pk: int):
        """Source `pk`'s grade changes, newest first, as rows of what its page shows."""
        return (
            self.filter(source_id=pk)
            .order_by("-changed_at", "-pk")
            .values_list(
                "changed_at", "from_grade", "to_grade", "reason", "changed_by__username",
                named=True,
            )
        )


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

    objects = GradeChangeQuerySet.as_manager()

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


# documents and the claim form
class DocumentQuerySet(models.QuerySet):
    def list_rows(self):
        """The document list's rows (claims.document_rows.DocumentRow), newest first, as
        named values: no body (up to half a megabyte each), the publisher's badge columns."""
        return self.order_by("-published_at", "-pk").values_list(
            "id", "title", "published_at", "publisher__id",
            *(f"publisher__{name}" for name in BADGE_FIELDS), named=True,
        )

    def matching(self, text: str):
        """The documents whose title, URL or publisher's name contains `text`."""
        return self.filter(
            Q(title__icontains=text) | Q(url__icontains=text) | Q(publisher__name__icontains=text)
        )


class Document(models.Model):
    """Where claims appeared: an article, a statement, a broadcast transcript."""

    URL_TAKEN = "A document with this URL is already on the desk."

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

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=Q(url__isnull=False), name="document_url_unique",
                # What a form says when another save took the URL after its own check.
                violation_error_message="A document with this URL is already on the desk.",
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
        return url("claims:document-detail", self.pk)


# --- Questions -----------------------------------------------------------------


class QuestionQuerySet(models.QuerySet):
    # documents and the claim form
    def offered(self, document_id: int, ticked: list[int], newest: int):
        """The questions a document's claim form offers, as (pk, text) named rows, the newest
        first: the `newest` ones, those the document's claims are on and those `ticked`.
        Their ids are one union (a subquery each), so that PostgreSQL looks the questions up
        by their primary key instead of testing `id IN (...) OR id IN (...)` on each."""
        latest = Question.objects.order_by("-created_at", "-pk").values("pk")[:newest]
        parts = [
            Question.objects.order_by().filter(pk__in=latest).values("pk"),
            Claim.questions.through.objects.order_by()
            .filter(claim__document=document_id).values("question_id"),
        ]
        if ticked:
            parts.append(Question.objects.order_by().filter(pk__in=ticked).values("pk"))
        ids = parts[0].union(*parts[1:], all=True)
        return (
            self.filter(pk__in=ids).order_by("-created_at", "-pk")
            .values_list("pk", "text", named=True)
        )

    # the question list
    def for_list(self):
        """The question list's rows, newest first, each with its claim_count.

        Claims are counted for the page's questions only, not grouped over every
        membership: the database works the subquery out for the rows the page shows,
        after sorting and LIMIT."""
        claims_on = (
            Claim.questions.through.objects.filter(question=models.OuterRef("pk"))
            .order_by()
            .values("question")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.only("text", "created_at")
            .annotate(claim_count=Coalesce(models.Subquery(claims_on), 0))
            .order_by("-created_at", "-pk")
        )


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

    objects = QuestionQuerySet.as_manager()

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


# What a source's badge shows (claims/badges.py).
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

    # documents and the claim form
    def counted_by_document(self, document_ids: list[int]):
        """(document id, number of claims) for these documents only, not grouped over the
        whole table."""
        return (
            self.filter(document__in=document_ids).order_by()
            .values_list("document").annotate(n=models.Count("pk"))
        )

    def document_rows(self, document_id: int):
        """A document's claims as its page lists them (claims.document_rows.DocumentClaim),
        in the order their quotes stand, as named values with the speaker's badge columns
        and, in the same query, each relay's (a row per relay in its order, one with empty
        relay columns for a claim without relays): a claim has at most a few relays, and a
        second query cost more to build than this one's repeated columns."""
        return (
            self.filter(document=document_id)
            .order_by("quote_start", "pk", "relay_links__position")
            .values_list(
                "id", "statement", "credibility", "quote", "quote_start", "quote_prefix",
                "quote_suffix", "speaker__id", *(f"speaker__{name}" for name in BADGE_FIELDS),
                "relay_links__source__id",
                *(f"relay_links__source__{name}" for name in BADGE_FIELDS),
                named=True,
            )
        )

    # claim list and claim page
    @staticmethod
    def _badge_columns(relation: str) -> tuple[str, ...]:
        """A source's badge columns through `relation`, as claims.badges.badge_in reads
        them (`<relation>__id`, `<relation>__<field>`)."""
        return (f"{relation}__id", *(f"{relation}__{name}" for name in BADGE_FIELDS))

    def list_rows(self):
        """The claim list's rows as named values (claims.claim_rows.ClaimRow): what a row
        shows, its cursor, and the speaker's badge columns; no model instances."""
        return self.values_list(
            "pk", "statement", "status", "credibility", "said_phrase", "said_start",
            "said_end", "said_precision", "created_at", "document_id", "document__title",
            *self._badge_columns("speaker"), named=True,
        )

    def page_row(self):
        """The claim page's row (claims.claim_rows.ClaimPage) as named values: the claim's
        fields, its speaker's badge, its document without the body, the publisher's badge
        and who logged it, in one query."""
        return self.values_list(
            "pk", "statement", "quote", "quote_start", "quote_key", "status", "certainty",
            "credibility", "version", "said_phrase", "said_start", "said_end",
            "said_precision", "about_phrase", "about_start", "about_end", "about_precision",
            "quantity_phrase", "quantity_low", "quantity_high", "quantity_low_inclusive",
            "quantity_high_inclusive", "quantity_unit", "created_at", "created_by_id",
            "created_by__username", "speaker_id", *self._badge_columns("speaker"),
            "document__id", "document__title", "document__url", "document__published_at",
            *self._badge_columns("document__publisher"), named=True,
        )

    def logged_since(self, when):
        """Claims logged after `when` (by the claim list's index, newest first)."""
        return self.filter(created_at__gt=when)

    def on_no_question(self):
        return self.filter(
            ~models.Exists(Claim.questions.through.objects.filter(claim_id=OuterRef("pk")))
        )

    def for_edit(self):
        """The claim to edit (its edit page's form): speaker, document with its body,
        publisher, relays, questions and who logged it."""
        return self.with_related().select_related("created_by").prefetch_related("questions")


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

    # The reason says which question a claim was put on or taken off: any length.
    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=[questions],
        history_change_reason_field=models.TextField(null=True),
    )

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
        return url("claims:claim-detail", self.pk)

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


class ClaimRelayQuerySet(models.QuerySet):
    def claims_relayed_by(self, pk: int):
        """The ids of the claims source `pk` relays (for `Claim.pk__in`)."""
        return self.filter(source_id=pk).order_by().values("claim_id")


class ClaimRelay(models.Model):
    """One step in a claim's attribution chain after the speaker."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relay_links")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="relay_links")
    position = models.PositiveSmallIntegerField()

    objects = ClaimRelayQuerySet.as_manager()

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


# What a link card reads (claims/cards.py LinkCard): the link's own fields and, of each
# claim, its statement, status and speaker's name; no users, no documents.
LINK_CARD_COLUMNS = (
    "pk", "kind", "nature", "note", "status", "outcome", "rationale", "proposed_by_id",
    "created_at", "resolved_at", "version", "first_id", "second_id",
    *(f"{side}__{field}" for side in ("first", "second")
      for field in ("statement", "status", "speaker__name")),
)


class ClaimLinkQuerySet(models.QuerySet):
    def card_rows(self):
        """These links as named rows of LINK_CARD_COLUMNS: one query, no model instances
        (as instances a card was five: the link, two claims, two speakers)."""
        return self.values_list(*LINK_CARD_COLUMNS, named=True)

    def of_claim(self, pk: int):
        """A claim's links, oldest first."""
        return self.filter(Q(first=pk) | Q(second=pk)).order_by("created_at", "pk")

    def of_pair(self, a: int, b: int):
        """The link of a pair (at most one), whichever order its claims were picked in."""
        return self.filter(Q(first=a, second=b) | Q(first=b, second=a)).order_by()

    def in_queue(self, *, nature: str = "", question_ids=None, assignee=None):
        """Open contradictions, of this nature if given, with a claim on one of these
        questions if given, assigned to this user's id if given ("none": to nobody)
        (unordered)."""
        links = self.filter(kind=ClaimLink.Kind.CONTRADICTS, status=ClaimLink.Status.OPEN)
        if nature:
            links = links.filter(nature=nature)
        if assignee == "none":
            links = links.filter(assignee__isnull=True)
        elif assignee is not None:
            links = links.filter(assignee=assignee)
        if question_ids is not None:
            on_question = Claim.questions.through.objects.filter(
                question__in=question_ids
            ).values("claim_id")
            links = links.filter(Q(first__in=on_question) | Q(second__in=on_question))
        return links

    def judged(self):
        """Resolved contradictions: each judged its two claims (claims.claimreview)."""
        return self.filter(kind=ClaimLink.Kind.CONTRADICTS, status=ClaimLink.Status.RESOLVED)

    def decided_for(self, user_id: int):
        """The links a user proposed that were resolved or dismissed, latest first."""
        return self.filter(
            proposed_by=user_id, status__in=[ClaimLink.Status.RESOLVED, ClaimLink.Status.DISMISSED]
        ).order_by("-resolved_at", "-pk")

    def for_action(self):
        """A link with what its actions and its page read: claims, speakers and users."""
        return self.select_related(
            "first__speaker", "second__speaker", "proposed_by", "resolved_by"
        )


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
    # The reviewer who has taken the contradiction, or to whom an admin gave it; the
    # history keeps each change.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="links_assigned",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    # The speakers are copies of the claims' and need no history of their own.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "first_speaker", "second_speaker"]
    )

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [
            ("resolve_claimlink", "Can resolve contradictions"),
            ("assign_claimlink", "Can assign contradictions and suggested pairs to others"),
        ]
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
            # What is assigned to a reviewer, and what a user proposed that was decided.
            models.Index(
                fields=["assignee", "created_at"], name="claimlink_assignee_idx",
                condition=Q(assignee__isnull=False),
            ),
            models.Index(
                fields=["proposed_by", "-resolved_at"], name="claimlink_decided_idx",
                condition=Q(status__in=["resolved", "dismissed"]),
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


# --- Dismissed suggestions -----------------------------------------------------------


class SuggestionDismissal(models.Model):
    """A pair of claims a reviewer said do not compete: never suggested again, either way
    round. The pair is kept in order (first the lower id); the history keeps who dismissed
    it and when, and who took the dismissal back."""

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+", db_index=False)
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+", db_index=False)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="suggestion_dismissal_ordered"
            ),
            # Also the index of a claim's dismissals as the first of a pair.
            models.UniqueConstraint(
                fields=["first", "second"], name="suggestion_dismissal_one_per_pair"
            ),
        ]
        indexes = [models.Index(fields=["second"], name="dismissal_second_idx")]

    def __str__(self) -> str:
        return f"{self.first_id} not competing with {self.second_id}"

    @staticmethod
    def ordered(a: int, b: int) -> tuple[int, int]:
        """A pair's ids in the order it is kept."""
        return (a, b) if a < b else (b, a)


# --- The inbox: suggested pairs, assignment, visits, watches, notifications ----------


class SuggestedPairQuerySet(models.QuerySet):
    def waiting(self):
        """Pairs nobody has linked or dismissed since they were suggested (a link or a
        dismissal removes its pair; the checks here cover rows written around those)."""
        linked = ClaimLink.objects.filter(
            Q(first=OuterRef("first"), second=OuterRef("second"))
            | Q(first=OuterRef("second"), second=OuterRef("first"))
        )
        dismissed = SuggestionDismissal.objects.filter(
            first=OuterRef("first"), second=OuterRef("second")
        )
        return self.filter(~models.Exists(linked), ~models.Exists(dismissed))

    def of_claim(self, pk: int):
        return self.filter(Q(first=pk) | Q(second=pk))

    def card_rows(self):
        """Named rows of what a pair's card shows, newest suggestion first."""
        return self.values_list(
            "pk", "first_id", "second_id", "kind", "nature", "reason", "score", "computed_at",
            "assignee_id", "assignee__username", "first__statement", "second__statement",
            named=True,
        )


class SuggestedPair(models.Model):
    """Two claims the ranking of claims.suggestions says may compete, stored when either is
    saved (services_inbox.pairs_refresh), so that the inbox lists them without ranking a
    million claims. The pair is kept in order (first the lower id). Linking or dismissing
    the pair removes it; the history keeps who took or was given it."""

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+", db_index=False)
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ClaimLink.Kind.choices)
    nature = models.CharField(max_length=12, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    score = models.FloatField()
    computed_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["reason", "score"])

    objects = SuggestedPairQuerySet.as_manager()

    class Meta:
        ordering = ["-computed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="suggested_pair_ordered"
            ),
            # Also the index of a claim's pairs as the first of one.
            models.UniqueConstraint(fields=["first", "second"], name="suggested_pair_one_per_pair"),
        ]
        indexes = [
            # The inbox's list, newest first, paged by (computed_at, id).
            models.Index(fields=["-computed_at", "-id"], name="suggested_pair_list_idx"),
            models.Index(
                fields=["assignee", "-computed_at"], name="suggested_pair_assignee_idx",
                condition=Q(assignee__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} may {self.kind} {self.second_id}"


class DeskVisit(models.Model):
    """When a user last opened the desk's home page, and the visit before: the inbox shows
    what came "since" the one before the current visit, so that a reload does not hide
    what was not yet looked at."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seen_at = models.DateTimeField()
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} since {self.since:%Y-%m-%d %H:%M}"


class QuestionWatch(models.Model):
    """A user who wants to hear when a claim on this question is disputed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="question_watch_once"),
        ]
        indexes = [models.Index(fields=["question"], name="question_watch_question_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.question_id}"


class NotificationQuerySet(models.QuerySet):
    def of_user(self, user_id: int):
        return self.filter(user_id=user_id).order_by("-created_at", "-pk")

    def unread(self, user_id: int):
        return self.filter(user_id=user_id, read_at__isnull=True)


class Notification(models.Model):
    """Something a user should hear about, made by the service that did it."""

    class Event(models.TextChoices):
        PROPOSED = "proposed", "A link was proposed on a claim you logged"
        RESOLVED = "resolved", "Your proposal was resolved"
        DISMISSED = "dismissed", "Your proposal was dismissed"
        ASSIGNED = "assigned", "Assigned to you"
        DISPUTED = "disputed", "A claim on a question you watch is disputed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=10, choices=Event.choices)
    # What it is about: a link, or a suggested pair's claims (a pair row may be gone).
    link = models.ForeignKey(
        ClaimLink, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False,
    )
    other = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    event__in=["proposed", "resolved", "dismissed", "assigned", "disputed"]
                ),
                name="notification_event_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_idx"),
            models.Index(
                fields=["user"], name="notification_unread_idx", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.user_id}"
