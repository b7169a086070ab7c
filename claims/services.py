"""Actions on links between claims that touch several rows in one transaction.

Each function here is the one place its action happens: views, the admin and
management commands call these rather than saving links or statuses themselves.

How a claim's status follows its contradictions (``claim_status_from_links``):

* A claim an editor marked "retracted" or "superseded" keeps that status; links
  never change it.
* Otherwise the latest resolved contradiction the claim is part of decides:
  - ``first_upheld``: the first claim is "upheld", the second "refuted";
  - ``second_upheld``: the reverse;
  - ``neither``: both "refuted";
  - ``both_partly``: both "disputed". Partly right is not upheld: the claim
    stays marked as contested, so a reader sees the caveat; the rationale says
    which part held;
  - ``undecidable``: both "disputed".
* With no resolved contradiction, a claim is "disputed" while it has an open
  contradiction, and "open" otherwise.

So creating a contradiction makes an open claim disputed; resolving sets the
statuses above; reopening or removing a link recomputes them from the links
that remain (a claim with another resolved link keeps that verdict).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from . import notices, services_inbox
from .models import Claim, ClaimLink, Source, SuggestionDismissal
from .when import shown_time

Outcome = ClaimLink.Outcome
Status = Claim.Status

# What each outcome makes of the (first, second) claims.
OUTCOME_STATUSES: dict[str, tuple[str, str]] = {
    Outcome.FIRST_UPHELD: (Status.UPHELD, Status.REFUTED),
    Outcome.SECOND_UPHELD: (Status.REFUTED, Status.UPHELD),
    Outcome.BOTH_PARTLY: (Status.DISPUTED, Status.DISPUTED),
    Outcome.NEITHER: (Status.REFUTED, Status.REFUTED),
    Outcome.UNDECIDABLE: (Status.DISPUTED, Status.DISPUTED),
}

# Statuses an editor sets by hand; links leave them alone.
MANUAL_STATUSES = {Status.RETRACTED, Status.SUPERSEDED}


class LinkError(Exception):
    """An action on a link that the desk refuses, with a message for the user."""


class DuplicateLink(LinkError):
    """The pair is already linked (in either order)."""

    def __init__(self, existing: ClaimLink):
        self.existing = existing
        super().__init__(
            f"These claims are already linked: link #{existing.pk} "
            f"({existing.get_kind_display().lower()}, {existing.get_status_display().lower()})."
        )


class StaleLink(LinkError):
    """The link changed since the user read it; ``current`` is how it is now."""

    def __init__(self, current: ClaimLink):
        self.current = current
        if current.status == ClaimLink.Status.RESOLVED:
            who = current.resolved_by.get_username() if current.resolved_by else "someone"
            when = shown_time(current.resolved_at).text
            message = (
                f"{who} resolved this contradiction first, at {when}: "
                f"{current.get_outcome_display()}. Your resolution was not saved."
            )
        else:
            message = (
                f"This link changed since you opened it (it is now "
                f"{current.get_status_display().lower()}). Nothing was saved."
            )
        super().__init__(message)

    @property
    def outcome(self) -> str:
        return self.current.outcome

    @property
    def resolved_by(self):
        return self.current.resolved_by

    @property
    def resolved_at(self):
        return self.current.resolved_at


# --- Statuses ------------------------------------------------------------------------


def claim_status_from_links(claim: Claim) -> str:
    """The status a claim's contradictions give it (see the module docstring)."""
    if claim.status in MANUAL_STATUSES:
        return claim.status
    contradictions = ClaimLink.objects.filter(
        Q(first=claim) | Q(second=claim), kind=ClaimLink.Kind.CONTRADICTS
    )
    latest = (
        contradictions.filter(status=ClaimLink.Status.RESOLVED)
        .order_by("-resolved_at", "-pk")
        .first()
    )
    if latest is not None:
        first_status, second_status = OUTCOME_STATUSES[latest.outcome]
        return first_status if latest.first_id == claim.pk else second_status
    if contradictions.filter(status=ClaimLink.Status.OPEN).exists():
        return Status.DISPUTED
    return Status.OPEN


def _refresh_statuses(claim_ids, *, by) -> None:
    # Lock the claims in a fixed order so that two actions never deadlock.
    for claim in Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk"):
        status = claim_status_from_links(claim)
        if status != claim.status:
            claim.status = status
            claim.version += 1
            claim._history_user = by
            claim.save(update_fields=["status", "version", "updated_at"])


def _refresh_track_records(link: ClaimLink) -> None:
    # The speakers' track records count resolved contradictions (claims.reliability).
    from .reliability import refresh_track_records

    speakers = Claim.objects.filter(pk__in=[link.first_id, link.second_id]).values_list(
        "speaker_id", flat=True
    )
    # Lock the speakers (in pk order) before they are recounted, so that two resolutions
    # for one speaker count one after the other: otherwise each misses the other's verdict.
    speakers = list(
        Source.objects.select_for_update(no_key=True).filter(pk__in=speakers)
        .order_by("pk").values_list("pk", flat=True)
    )
    refresh_track_records(set(speakers))


def _locked(link: ClaimLink) -> ClaimLink:
    return ClaimLink.objects.select_for_update().get(pk=link.pk)


# --- Links ------------------------------------------------------------------------------


@transaction.atomic
def link_create(
    *, first: Claim, second: Claim, kind: str, nature: str = "", note: str = "", by=None
) -> ClaimLink:
    """Link two claims; refuse a second link for the same pair in either order."""
    if first.pk == second.pk:
        raise LinkError("A claim cannot be linked to itself.")
    if kind not in ClaimLink.Kind.values:
        raise LinkError(f"Unknown kind of link: {kind!r}.")
    if kind != ClaimLink.Kind.CONTRADICTS:
        nature = ""
    elif nature not in ClaimLink.Nature.values:
        raise LinkError("A contradiction needs its nature.")
    existing = ClaimLink.between(first, second)
    if existing is not None:
        raise DuplicateLink(existing)
    link = ClaimLink(
        first=first, second=second, kind=kind, nature=nature, note=note.strip(), proposed_by=by
    )
    link._history_user = by
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        # Another request linked the same pair between our check and our insert.
        existing = ClaimLink.between(first, second)
        if existing is None:
            raise LinkError("These claims were linked by someone else just now.") from None
        raise DuplicateLink(existing) from None
    if kind == ClaimLink.Kind.CONTRADICTS:
        _refresh_statuses([first.pk, second.pk], by=by)
    services_inbox.pair_linked(first_id=first.pk, second_id=second.pk, link=link)
    notices.link_proposed(link, by)
    return link


@transaction.atomic
def link_saved_elsewhere(*, link: ClaimLink, before: tuple[int, int] | None, by=None) -> None:
    """After the admin saved a link (which bypasses link_create): the statuses of its
    claims, and of the claims it joined before an edit, as their links now say."""
    _refresh_statuses({link.first_id, link.second_id, *(before or ())}, by=by)


@transaction.atomic
def link_remove(*, link: ClaimLink, by=None) -> None:
    """Delete a link and put its claims' statuses back as the remaining links say."""
    current = ClaimLink.objects.select_for_update().filter(pk=link.pk).first()
    if current is None:
        return
    ids = [current.first_id, current.second_id]
    was_resolved = current.status == ClaimLink.Status.RESOLVED
    current._history_user = by
    current.delete()
    _refresh_statuses(ids, by=by)
    if was_resolved:
        _refresh_track_records(ClaimLink(first_id=ids[0], second_id=ids[1]))


@transaction.atomic
def contradiction_resolve(
    *, link: ClaimLink, outcome: str, rationale: str, by, expected_version: int
) -> ClaimLink:
    """Record which side held up, set both claims' statuses, refuse a stale resolution."""
    if outcome not in Outcome.values:
        raise LinkError(f"Unknown outcome: {outcome!r}.")
    rationale = (rationale or "").strip()
    if not rationale:
        raise LinkError("A resolution needs a rationale.")
    current = _locked(link)
    if current.kind != ClaimLink.Kind.CONTRADICTS:
        raise LinkError("Only a contradiction can be resolved.")
    if current.version != expected_version or current.status != ClaimLink.Status.OPEN:
        raise StaleLink(current)
    current.status = ClaimLink.Status.RESOLVED
    current.outcome = outcome
    current.rationale = rationale
    current.resolved_by = by
    current.resolved_at = timezone.now()
    current.version += 1
    current._history_user = by
    current.save()
    _refresh_statuses([current.first_id, current.second_id], by=by)
    _refresh_track_records(current)
    notices.link_decided(current, by)
    return current


@transaction.atomic
def contradiction_reopen(*, link: ClaimLink, by, expected_version: int) -> ClaimLink:
    """Undo a resolution (its history stays) and restore the claims' statuses."""
    current = _locked(link)
    if current.version != expected_version or current.status != ClaimLink.Status.RESOLVED:
        raise StaleLink(current)
    current.status = ClaimLink.Status.OPEN
    current.outcome = ""
    current.rationale = ""
    current.resolved_by = None
    current.resolved_at = None
    current.version += 1
    current._history_user = by
    current.save()
    _refresh_statuses([current.first_id, current.second_id], by=by)
    _refresh_track_records(current)
    return current


def refresh_link_speakers(*, claim_ids=None) -> None:
    """Copy the claims' speakers onto their links (ClaimLink.first_speaker and
    second_speaker), in SQL: the links of `claim_ids` (ids, or a query of them), or
    every link when None. Called wherever a claim's speaker changes without the link
    being saved; a saved link takes its speakers itself (models._keep_link_speakers)."""
    links = ClaimLink.objects.order_by()

    def speaker_of(side: str) -> Subquery:
        return Subquery(Claim.objects.filter(pk=OuterRef(f"{side}_id")).values("speaker_id"))

    if claim_ids is None:
        # Both sides in one pass: each link is rewritten once, not twice.
        links.update(first_speaker_id=speaker_of("first"), second_speaker_id=speaker_of("second"))
        return
    for side in ("first", "second"):
        links.filter(**{f"{side}_id__in": claim_ids}).update(
            **{f"{side}_speaker_id": speaker_of(side)}
        )


# --- Dismissed suggestions ------------------------------------------------------------------


@transaction.atomic
def suggestion_dismiss(*, claim: Claim, other: Claim, by=None) -> bool:
    """Say that two claims do not compete: the pair is not suggested again, either way
    round. False when it was dismissed already; the history keeps who and when."""
    if claim.pk == other.pk:
        raise LinkError("A claim is not suggested beside itself.")
    first, second = SuggestionDismissal.ordered(claim.pk, other.pk)
    if SuggestionDismissal.objects.filter(first_id=first, second_id=second).exists():
        return False
    dismissal = SuggestionDismissal(first_id=first, second_id=second, dismissed_by=by)
    dismissal._history_user = by
    try:
        with transaction.atomic():
            dismissal.save()
    except IntegrityError:  # dismissed by someone else just now
        return False
    services_inbox.pair_dismissed(first_id=first, second_id=second)  # off the inbox too
    return True


@transaction.atomic
def suggestion_restore(*, claim: Claim, other: Claim, by=None) -> bool:
    """Take a dismissal back: the pair may be suggested again. False when there was none."""
    first, second = SuggestionDismissal.ordered(claim.pk, other.pk)
    found = SuggestionDismissal.objects.filter(first_id=first, second_id=second).first()
    if found is None:
        return False
    found._history_user = by
    found.delete()
    return True
