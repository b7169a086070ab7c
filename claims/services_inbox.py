"""Actions of the inbox: the stored suggested pairs, assignment, watching a question, and
the visit that says what is new.

Suggested pairs are stored (models.SuggestedPair) when a claim is saved: the claim's
ranking (claims.suggestions.suggest_competitors) keeps its PAIRS_PER_CLAIM best
competitors that score PAIR_MIN_SCORE or more and propose a kind of link. Saving the claim
again recomputes them; a link or a dismissal of the pair removes it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import notices
from .models import Claim, ClaimLink, DeskVisit, QuestionWatch, SuggestedPair
from .suggestions import MIN_SCORE, suggest_competitors

PAIRS_PER_CLAIM = 3
PAIR_MIN_SCORE = MIN_SCORE
# A visit within this long of the last one is the same visit: "since" stays put.
SAME_VISIT = timedelta(minutes=30)


class AssignError(Exception):
    """An assignment the desk refuses, with a message for the user."""


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# --- Suggested pairs -----------------------------------------------------------------------


@transaction.atomic
def pairs_refresh(*, claim: Claim) -> int:
    """Recompute the stored pairs of `claim` from its ranking; how many it has now. Pairs
    still suggested keep who has them; the others are removed."""
    found = {}
    for suggestion in suggest_competitors(claim, limit=PAIRS_PER_CLAIM * 3):
        kind = suggestion.verdict.suggested_kind
        if suggestion.score < PAIR_MIN_SCORE or not kind:
            continue
        pair = ordered(claim.pk, suggestion.claim.pk)
        reason = "; ".join(suggestion.reasons) or suggestion.verdict.label
        found[pair] = (kind, suggestion.verdict.suggested_nature, reason[:300], suggestion.score)
        if len(found) == PAIRS_PER_CLAIM:
            break
    now = timezone.now()
    existing = {(p.first_id, p.second_id): p for p in SuggestedPair.objects.of_claim(claim.pk)}
    gone = [p.pk for key, p in existing.items() if key not in found]
    if gone:
        SuggestedPair.objects.filter(pk__in=gone).delete()
    fresh = []
    for (first, second), (kind, nature, reason, score) in found.items():
        pair = existing.get((first, second))
        if pair is None:
            fresh.append(SuggestedPair(first_id=first, second_id=second, kind=kind, nature=nature,
                                       reason=reason, score=score, computed_at=now))
        elif (pair.kind, pair.nature, pair.reason) != (kind, nature, reason):
            pair.kind, pair.nature, pair.reason, pair.score = kind, nature, reason, score
            pair.computed_at = now
            pair.save()
    if fresh:
        bulk_create_with_history(fresh, SuggestedPair)
    return len(found)


def pair_linked(*, first_id: int, second_id: int, link: ClaimLink) -> None:
    """A pair was linked: its stored suggestion goes, and whoever had it has the link."""
    first, second = ordered(first_id, second_id)
    pair = SuggestedPair.objects.filter(first_id=first, second_id=second).first()
    if pair is None:
        return
    if pair.assignee_id is not None and link.assignee_id is None:
        link.assignee_id = pair.assignee_id
        link.save(update_fields=["assignee"])
    pair.delete()


def pair_dismissed(*, first_id: int, second_id: int) -> None:
    first, second = ordered(first_id, second_id)
    for pair in SuggestedPair.objects.filter(first_id=first, second_id=second):
        pair.delete()


# --- Assignment ----------------------------------------------------------------------------


def may_take(user) -> bool:
    return user.has_perm("claims.resolve_claimlink")


def may_assign(user) -> bool:
    return user.has_perm("claims.assign_claimlink")


def _check(item, to, by) -> None:
    if to is not None and to.pk != by.pk and not may_assign(by):
        raise AssignError("Only an admin gives a review to someone else.")
    if to is not None and not to.has_perm("claims.resolve_claimlink"):
        raise AssignError(f"{to.get_username()} is not a reviewer.")
    if to is None and item.assignee_id not in (None, by.pk) and not may_assign(by):
        raise AssignError("Only an admin takes a review from someone else.")


@transaction.atomic
def link_assign(*, link: ClaimLink, to, by) -> ClaimLink:
    """Give an open contradiction to `to` (a reviewer; None: to nobody). A reviewer takes
    one or gives back their own; an admin gives any to anyone. The history keeps each."""
    current = ClaimLink.objects.select_for_update().get(pk=link.pk)
    if current.kind != ClaimLink.Kind.CONTRADICTS or current.status != ClaimLink.Status.OPEN:
        raise AssignError("Only an open contradiction is assigned.")
    _check(current, to, by)
    new = to.pk if to is not None else None
    if current.assignee_id == new:
        return current
    current.assignee_id = new
    current._history_user = by
    current.save(update_fields=["assignee", "updated_at"])
    notices.assigned(to_id=new, by=by, link=current)
    return current


@transaction.atomic
def pair_assign(*, pair: SuggestedPair, to, by) -> SuggestedPair:
    """The same for a suggested pair."""
    current = SuggestedPair.objects.select_for_update().get(pk=pair.pk)
    _check(current, to, by)
    new = to.pk if to is not None else None
    if current.assignee_id == new:
        return current
    current.assignee_id = new
    current._history_user = by
    current.save(update_fields=["assignee"])
    notices.assigned(to_id=new, by=by, first_id=current.first_id, second_id=current.second_id)
    return current


# --- Watching a question, visiting the desk ------------------------------------------------


def question_watch(*, question, user, on: bool) -> bool:
    """Watch a question (or stop); whether the user watches it now."""
    if on:
        QuestionWatch.objects.get_or_create(user=user, question=question)
    else:
        QuestionWatch.objects.filter(user=user, question=question).delete()
    return on


def watching(*, question_pk: int, user_id: int) -> bool:
    return QuestionWatch.objects.filter(question_id=question_pk, user_id=user_id).exists()


def desk_visit(user, *, refresh: bool = False):
    """Record a visit to the home page and give back what "since" it shows: the time of
    the visit before this one. Visits within SAME_VISIT of each other are one visit, so
    a reload does not hide what the user has not seen; a first visit shows the last day.
    A `refresh` (the open page updating itself) reads "since" and records nothing."""
    now = timezone.now()
    visit = DeskVisit.objects.filter(user=user).first()
    if refresh and visit is not None:
        return visit.since
    if visit is None:
        visit = DeskVisit(user=user, seen_at=now, since=now - timedelta(days=1))
        try:
            with transaction.atomic():
                visit.save(force_insert=True)
        except IntegrityError:  # the same user's other tab, just now
            pass
        return visit.since
    if now - visit.seen_at > SAME_VISIT:
        visit.since = visit.seen_at
    visit.seen_at = now
    DeskVisit.objects.filter(user=user).update(seen_at=visit.seen_at, since=visit.since)
    return visit.since

