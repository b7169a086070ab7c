"""Track records: how a source's claims held up when contradictions were resolved.

The admin's Admiralty grade is a starting belief; each resolved contradiction
that one of the source's own claims stood in moves it. The belief is a Beta
distribution over "the chance that this source's next disputed claim is
upheld", and the number shown is its mean.

The prior each grade sets (alpha, beta), as if the source had already been
upheld alpha times and refuted beta times:

    A  Beta(9, 1)  starts at 0.90, weight 10: "completely reliable" is a strong claim
    B  Beta(4, 1)  starts at 0.80, weight 5
    C  Beta(3, 2)  starts at 0.60, weight 5
    D  Beta(2, 3)  starts at 0.40, weight 5
    E  Beta(1, 9)  starts at 0.10, weight 10: "unreliable", as firm as A the other way
    F  Beta(1, 1)  starts at 0.50, weight 2: cannot be judged, so the record soon speaks

What counts, per resolved contradiction (ClaimLink kind "contradicts", status
"resolved"), for the SPEAKER of each of its two claims (relays are never
scored: repeating a claim is not making it):

    first_upheld    first speaker: upheld; second speaker: not upheld
    second_upheld   second speaker: upheld; first speaker: not upheld
    neither         both speakers: not upheld (both were on the losing side)
    both_partly     not scored: a split verdict, neither side won or lost
    undecidable     not scored: the desk learnt nothing about either side

Each verdict counts once: a claim that stood in two resolved contradictions
is judged twice. A source that contradicts itself is scored on both sides.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from factdesk.batches import ID_BATCH, ROW_BATCH, batches

from .models import PRIORS, Claim, ClaimLink, Source

SCORED_OUTCOMES = (
    ClaimLink.Outcome.FIRST_UPHELD,
    ClaimLink.Outcome.SECOND_UPHELD,
    ClaimLink.Outcome.NEITHER,
)


def count_track_records(source_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """(upheld, resolved) per speaker, counted from scratch.

    Without source_ids, every scored speaker, in one query that sends no ids. With
    source_ids, only those sources are counted (each is in the answer, with (0, 0)
    when it has no scored verdict): one query per ID_BATCH of them, each counting
    only its own batch's speakers (a link between two batches counts once for each
    side, in the batch of that side's speaker).
    """
    if source_ids is None:
        return _count(_scored_links(), None)
    counts: dict[int, tuple[int, int]] = {}
    for batch in batches(dict.fromkeys(source_ids), ID_BATCH):
        ids = set(batch)
        links = _scored_links().filter(
            Q(first__speaker_id__in=ids) | Q(second__speaker_id__in=ids)
        )
        counts.update({pk: (0, 0) for pk in ids})
        counts.update(_count(links, ids))
    return counts


def _scored_links() -> QuerySet:
    return ClaimLink.objects.filter(
        kind=ClaimLink.Kind.CONTRADICTS,
        status=ClaimLink.Status.RESOLVED,
        outcome__in=SCORED_OUTCOMES,
    ).order_by()


def _count(links: QuerySet, only: set[int] | None) -> dict[int, tuple[int, int]]:
    """(upheld, resolved) per speaker of these links (of the speakers in `only`, if given)."""
    counts: dict[int, tuple[int, int]] = {}
    rows = links.values_list("first__speaker_id", "second__speaker_id", "outcome")
    for first, second, outcome in rows:
        for speaker, won in (
            (first, outcome == ClaimLink.Outcome.FIRST_UPHELD),
            (second, outcome == ClaimLink.Outcome.SECOND_UPHELD),
        ):
            if only is not None and speaker not in only:
                continue
            upheld, resolved = counts.get(speaker, (0, 0))
            counts[speaker] = (upheld + int(won), resolved + 1)
    return counts


def _store(counts: dict[int, tuple[int, int]]) -> None:
    """Write these (upheld, resolved) records, ROW_BATCH sources per UPDATE."""
    Source.objects.bulk_update(
        [
            Source(pk=pk, track_upheld=upheld, track_resolved=resolved)
            for pk, (upheld, resolved) in counts.items()
        ],
        ["track_upheld", "track_resolved"],
        batch_size=ROW_BATCH,
    )


def _store_alike(counts: dict[int, tuple[int, int]]) -> None:
    """Write these records grouped by value: one UPDATE per (upheld, resolved) and
    ID_BATCH sources. Most records of a desk are alike ((0, 1), (1, 1), (0, 2)...), so
    a few dozen plain UPDATEs write thousands, where bulk_update spends seconds of CPU
    building a CASE per source."""
    alike: dict[tuple[int, int], list[int]] = {}
    for pk, record in counts.items():
        alike.setdefault(record, []).append(pk)
    for (upheld, resolved), ids in sorted(alike.items()):
        for batch in batches(sorted(ids), ID_BATCH):
            Source.objects.filter(pk__in=batch).update(
                track_upheld=upheld, track_resolved=resolved
            )


@transaction.atomic
def refresh_track_records(source_ids: Iterable[int]) -> None:
    """Recompute the stored track records of these sources from scratch.

    One count per ID_BATCH sources and one UPDATE per ROW_BATCH: two queries for the
    two speakers of a link. Call it after any change to a contradiction's status or
    outcome, with the speakers of both its claims (see speakers_of), and after moving
    claims between speakers. For every source, call recompute_all, which sends no ids.
    """
    counts = count_track_records(source_ids)
    if counts:
        _store(counts)


def speakers_of(link: ClaimLink) -> list[int]:
    """The sources whose records a change to this link can move."""
    return [link.first.speaker_id, link.second.speaker_id]


@transaction.atomic
def recompute_all() -> None:
    """Recompute every source's track record from the links.

    No list of every source's id is sent (PostgreSQL refuses a statement of more than
    65535 parameters): one query counts every scored verdict, one reads each source's
    stored record, and only the sources whose record differs are written, alike records
    together, at most ID_BATCH ids to an UPDATE (a fresh synthetic desk of 50,000
    sources writes the few thousand with a verdict).
    """
    counts = count_track_records()
    stored = Source.objects.order_by().values_list("pk", "track_upheld", "track_resolved")
    _store_alike({
        pk: counts.get(pk, (0, 0))
        for pk, upheld, resolved in stored
        if counts.get(pk, (0, 0)) != (upheld, resolved)
    })


def with_track_estimate(sources: QuerySet) -> QuerySet:
    """Annotate each source's posterior mean as track_estimate, for sorting in SQL."""
    alpha = Case(
        *[When(reliability=grade, then=Value(a)) for grade, (a, _) in PRIORS.items()],
        output_field=FloatField(),
    )
    weight = Case(
        *[When(reliability=grade, then=Value(a + b)) for grade, (a, b) in PRIORS.items()],
        output_field=FloatField(),
    )
    return sources.annotate(
        track_estimate=(alpha + Cast(F("track_upheld"), FloatField()))
        / (weight + Cast(F("track_resolved"), FloatField()))
    )


# --- A claim's credibility ------------------------------------------------------


class StaleCredibility(Exception):
    """The claim changed since the grader loaded it; .current is the claim as it is now."""

    def __init__(self, current: Claim):
        super().__init__("The claim changed since it was loaded.")
        self.current = current


@transaction.atomic
def claim_grade_credibility(*, claim: Claim, credibility: int, version: int, by) -> Claim:
    """Set a claim's credibility (1-6) if nobody changed the claim since `version`."""
    current = Claim.objects.select_for_update().select_related("speaker").get(pk=claim.pk)
    if current.version != version:
        raise StaleCredibility(current)
    if current.credibility != credibility:
        current.credibility = credibility
        current.version = version + 1
        current._history_user = by
        current.save(update_fields=["credibility", "version", "updated_at"])
    return current
