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

from .models import PRIORS, Claim, ClaimLink, Source

SCORED_OUTCOMES = (
    ClaimLink.Outcome.FIRST_UPHELD,
    ClaimLink.Outcome.SECOND_UPHELD,
    ClaimLink.Outcome.NEITHER,
)


def count_track_records(source_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """(upheld, resolved) per speaker, counted from scratch in one query.

    With source_ids, only those sources are counted (each is in the answer,
    with (0, 0) when it has no scored verdict); without, every scored speaker.
    """
    links = ClaimLink.objects.filter(
        kind=ClaimLink.Kind.CONTRADICTS,
        status=ClaimLink.Status.RESOLVED,
        outcome__in=SCORED_OUTCOMES,
    )
    counts: dict[int, tuple[int, int]] = {}
    if source_ids is not None:
        ids = set(source_ids)
        counts = {pk: (0, 0) for pk in ids}
        links = links.filter(Q(first__speaker_id__in=ids) | Q(second__speaker_id__in=ids))
    rows = links.values_list("first__speaker_id", "second__speaker_id", "outcome")
    for first, second, outcome in rows:
        for speaker, won in (
            (first, outcome == ClaimLink.Outcome.FIRST_UPHELD),
            (second, outcome == ClaimLink.Outcome.SECOND_UPHELD),
        ):
            if source_ids is not None and speaker not in counts:
                continue
            upheld, resolved = counts.get(speaker, (0, 0))
            counts[speaker] = (upheld + int(won), resolved + 1)
    return counts


@transaction.atomic
def refresh_track_records(source_ids: Iterable[int]) -> None:
    """Recompute the stored track records of these sources from scratch.

    Two queries: one count, one UPDATE. Call it after any change to a
    contradiction's status or outcome, with the speakers of both its claims
    (see speakers_of), and after moving claims between speakers.
    """
    counts = count_track_records(source_ids)
    if not counts:
        return
    Source.objects.bulk_update(
        [
            Source(pk=pk, track_upheld=upheld, track_resolved=resolved)
            for pk, (upheld, resolved) in counts.items()
        ],
        ["track_upheld", "track_resolved"],
        batch_size=500,
    )


def speakers_of(link: ClaimLink) -> list[int]:
    """The sources whose records a change to this link can move."""
    return [link.first.speaker_id, link.second.speaker_id]


@transaction.atomic
def recompute_all() -> None:
    """Recompute every source's track record (three queries)."""
    refresh_track_records(Source.objects.values_list("pk", flat=True))


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
