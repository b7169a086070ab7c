"""The morning inbox: what needs a decision, as the home page and its lists show it, and
the stamp that tells an open page whether anything changed.

Every figure is counted up to CAP rows ("99+" beyond): a count of a slice costs what the
slice costs, so a million claims cost what a thousand do. Every list is read by an index
in its order (models.py names them) and paged by a cursor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Subquery

from .claim_rows import claim_rows, cut
from .models import Claim, ClaimLink, Notification, SuggestedPair, SuggestionDismissal
from .paging import EPOCH, open_contradictions
from .paths import url
from .when import shown_time

CAP = 99  # a count of the waiting pairs tests each against links and dismissals
SHOWN = 5
PAIRS_PER_PAGE = 25
STATEMENT_LENGTH = 110


@dataclass(frozen=True, slots=True)
class Figure:
    """A count on the home page and the list behind it."""

    key: str
    label: str
    count: str  # "12", "99+"
    url: str
    empty: bool


def _capped(qs) -> tuple[str, bool]:
    n = qs.order_by()[: CAP + 1].count()
    return (f"{CAP}+" if n > CAP else str(n)), n == 0


def _figure(key: str, label: str, qs, where: str) -> Figure:
    count, empty = _capped(qs)
    return Figure(key=key, label=label, count=count, url=where, empty=empty)


# --- Claims ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimLine:
    pk: int
    url: str
    statement: str
    logged: str
    logged_iso: str
    by: str


def _claim_lines(claims) -> list[ClaimLine]:
    rows = claims.order_by("-created_at", "-pk").values_list(
        "pk", "statement", "created_at", "created_by__username", named=True
    )[:SHOWN]
    lines = []
    for row in rows:
        logged = shown_time(row.created_at)
        lines.append(ClaimLine(
            pk=row.pk, url=url("claims:claim-detail", row.pk),
            statement=cut(row.statement, STATEMENT_LENGTH), logged=logged.text,
            logged_iso=logged.iso, by=row.created_by__username or "",
        ))
    return lines


def since_param(since: datetime) -> str:
    delta = since - EPOCH
    return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)


def read_since(text: str) -> datetime | None:
    if not text.isdecimal() or len(text) > 18:
        return None
    return EPOCH + timedelta(microseconds=int(text))


def claims_of_section(section: str, since: datetime | None):
    """The claims a section lists: "new" (logged after `since`) or "unquestioned"."""
    if section == "new":
        return Claim.objects.logged_since(since or EPOCH)
    return Claim.objects.on_no_question()


def claim_section_rows(rows) -> list:
    return claim_rows(rows)


# --- Suggested pairs ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairCard:
    pk: int
    first_url: str
    second_url: str
    first: str
    second: str
    kind: str  # its label in lower case: "contradicts"
    nature: str
    reason: str
    compare_url: str
    computed: str
    computed_iso: str
    assignee: str  # username or ""
    mine: bool
    take_url: str
    cursor: str


def _pair_cards(rows, user_id: int) -> list[PairCard]:
    kinds = dict(ClaimLink.Kind.choices)
    natures = dict(ClaimLink.Nature.choices)
    cards = []
    for row in rows:
        computed = shown_time(row.computed_at)
        cards.append(PairCard(
            pk=row.pk, first_url=url("claims:claim-detail", row.first_id),
            second_url=url("claims:claim-detail", row.second_id),
            first=cut(row.first__statement, STATEMENT_LENGTH),
            second=cut(row.second__statement, STATEMENT_LENGTH),
            kind=str(kinds.get(row.kind, row.kind)).lower(),
            nature=str(natures.get(row.nature, "")).lower(),
            reason=row.reason,
            compare_url=url("claims:compare") + f"?a={row.first_id}&b={row.second_id}",
            computed=computed.text, computed_iso=computed.iso,
            assignee=row.assignee__username or "", mine=row.assignee_id == user_id,
            take_url=url("claims:pair-assign", row.pk),
            cursor=f"{since_param(row.computed_at)}-{row.pk}",
        ))
    return cards


def _pairs(assignee: str, user_id: int):
    pairs = SuggestedPair.objects.waiting()
    if assignee == "me":
        pairs = pairs.filter(assignee=user_id)
    elif assignee == "none":
        pairs = pairs.filter(assignee__isnull=True)
    return pairs


@dataclass(frozen=True)
class PairPage:
    cards: list[PairCard]
    next_cursor: str  # "" on the last page
    first: bool  # the newest page


def pair_page(user_id: int, *, assignee: str = "", after: str = "") -> PairPage:
    """A page of the waiting pairs, newest suggestion first, after the cursor."""
    pairs = _pairs(assignee, user_id)
    micros, _, pk = after.partition("-")
    if micros.isdecimal() and pk.isdecimal() and len(micros) <= 18:
        when = EPOCH + timedelta(microseconds=int(micros))
        pairs = pairs.filter(computed_at__lte=when).exclude(computed_at=when, pk__gte=int(pk))
    rows = list(pairs.order_by("-computed_at", "-pk").card_rows()[: PAIRS_PER_PAGE + 1])
    cards = _pair_cards(rows[:PAIRS_PER_PAGE], user_id)
    more = len(rows) > PAIRS_PER_PAGE
    return PairPage(cards=cards, next_cursor=cards[-1].cursor if more else "", first=not after)


# --- Links ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkLine:
    pk: int
    url: str
    first: str
    second: str
    state: str  # "Open since 4 Aug 2014, 09:30", "Resolved: First upheld"
    when_iso: str
    assignee: str


def _link_lines(links, *, decided: bool = False) -> list[LinkLine]:
    rows = links.values_list(
        "pk", "first__statement", "second__statement", "created_at", "resolved_at", "status",
        "outcome", "assignee__username", named=True,
    )[:SHOWN]
    outcomes = dict(ClaimLink.Outcome.choices)
    lines = []
    for row in rows:
        if decided:
            when = shown_time(row.resolved_at)
            state = f"{row.status.capitalize()}"
            if row.outcome:
                state += f": {outcomes[row.outcome]}"
            if when:
                state += f", {when.text}"
        else:
            when = shown_time(row.created_at)
            state = f"Open since {when.text}"
        lines.append(LinkLine(
            pk=row.pk, url=url("claims:link-detail", row.pk),
            first=cut(row.first__statement, STATEMENT_LENGTH),
            second=cut(row.second__statement, STATEMENT_LENGTH), state=state,
            when_iso=when.iso, assignee=row.assignee__username or "",
        ))
    return lines


# --- The home page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inbox:
    since: str
    since_iso: str
    new: Figure
    new_claims: list[ClaimLine]
    unquestioned: Figure
    unquestioned_claims: list[ClaimLine]
    pairs: Figure
    pair_cards: list[PairCard]
    open: Figure
    open_links: list[LinkLine]
    reviewer: bool  # sees what is assigned to them, takes pairs and contradictions
    assigned_links: Figure | None
    assigned_pairs: Figure | None
    assigned_lines: list[LinkLine]
    assigned_pair_cards: list[PairCard]
    decided: Figure
    decided_links: list[LinkLine]


def inbox_of(user, since: datetime) -> Inbox:
    reviewer = user.has_perm("claims.resolve_claimlink")
    since_text = shown_time(since)
    new = Claim.objects.logged_since(since)
    unquestioned = Claim.objects.on_no_question()
    pairs = SuggestedPair.objects.waiting()
    queue = url("claims:review-queue")
    open_count, _ = open_contradictions()
    oldest = ClaimLink.objects.in_queue().order_by("created_at", "pk")
    decided = ClaimLink.objects.decided_for(user.pk)
    section = "claims:inbox-section"
    assigned_links = assigned_pairs = None
    assigned_lines, assigned_cards = [], []
    if reviewer:
        mine = ClaimLink.objects.in_queue(assignee=user.pk).order_by("created_at", "pk")
        mine_pairs = _pairs("me", user.pk)
        assigned_links = _figure("assigned-links", "Contradictions assigned to you", mine,
                                 f"{queue}?assignee=me")
        assigned_pairs = _figure("assigned-pairs", "Suggested pairs assigned to you",
                                 mine_pairs, url(section, "pairs") + "?assignee=me")
        assigned_lines = _link_lines(mine)
        assigned_cards = _pair_cards(
            mine_pairs.order_by("-computed_at", "-pk").card_rows()[:SHOWN], user.pk
        )
    return Inbox(
        since=since_text.text, since_iso=since_text.iso,
        new=_figure("new", "Claims logged since your last visit", new,
                    url(section, "new") + f"?since={since_param(since)}"),
        new_claims=_claim_lines(new),
        unquestioned=_figure("unquestioned", "Claims on no question", unquestioned,
                             url(section, "unquestioned")),
        unquestioned_claims=_claim_lines(unquestioned),
        pairs=_figure("pairs", "Suggested pairs nobody has linked or dismissed", pairs,
                      url(section, "pairs")),
        pair_cards=_pair_cards(pairs.order_by("-computed_at", "-pk").card_rows()[:SHOWN],
                               user.pk),
        open=Figure(key="open", label="Open contradictions", count=f"{open_count:,}",
                    url=queue, empty=open_count == 0),
        open_links=_link_lines(oldest),
        reviewer=reviewer,
        assigned_links=assigned_links, assigned_pairs=assigned_pairs,
        assigned_lines=assigned_lines, assigned_pair_cards=assigned_cards,
        decided=_figure("decided", "Your proposals resolved or dismissed since your last visit",
                        decided.filter(resolved_at__gt=since), url(section, "decided")),
        decided_links=_link_lines(decided, decided=True),
    )


@dataclass(frozen=True, slots=True)
class Reviewer:
    pk: int
    name: str


def reviewer_choices() -> list[Reviewer]:
    """The users an admin may give a review to: reviewers and admins, by name."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        groups__name__in=["reviewer", "admin"], is_active=True
    ).distinct().order_by("username").values_list("pk", "username", named=True)[:200]
    return [Reviewer(pk=u.pk, name=u.username) for u in users]


def decided_lines(user_id: int) -> list[LinkLine]:
    return _link_lines(ClaimLink.objects.decided_for(user_id), decided=True)


# --- What changed -------------------------------------------------------------------------------


def _latest(model) -> Subquery:
    return Subquery(model.objects.order_by("-pk").values("pk")[:1])


def desk_stamp(user_id: int) -> str:
    """A short text that changes whenever anything an open page shows may have changed: the
    latest row of each history (claims, links, suggested pairs, dismissals) and the user's
    latest notification and unread count, each read from its primary key or the user's
    index, in one query."""
    from django.contrib.auth import get_user_model

    unread = Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
    row = (
        get_user_model().objects.filter(pk=user_id).annotate(
            latest_claims=_latest(Claim.history.model),
            latest_links=_latest(ClaimLink.history.model),
            latest_pairs=_latest(SuggestedPair.history.model),
            latest_dismissed=_latest(SuggestionDismissal.history.model),
            latest_notice=Subquery(
                Notification.objects.filter(user=OuterRef("pk")).order_by("-pk").values("pk")[:1]
            ),
            latest_read=Subquery(
                unread.order_by().values("user").annotate(n=Count("pk")).values("n")[:1]
            ),
        ).values_list(
            "latest_claims", "latest_links", "latest_pairs", "latest_dismissed", "latest_notice",
            "latest_read",
        ).first()
    )
    return hashlib.blake2b(repr(row).encode(), digest_size=8).hexdigest()
