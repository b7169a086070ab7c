"""How the desk's long lists are paged without counting them.

At a million claims a `COUNT(*)` costs a tenth of a second on every page, and
an OFFSET grows with the depth of the page. So:

* `estimated_count` reads the planner's row estimate (pg_class.reltuples) for
  a whole table and counts exactly only when the table is small;
* `Slice` is one page of a list read as PER_PAGE + 1 rows: the extra row says
  whether a next page exists, and no total is shown;
* `keyset_page` pages the claim list by a cursor (created_at and id of the
  last row shown), so that a deep page costs what the first one costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest

from .models import Claim, ClaimLink, Document, Source

# Below this many rows (by the planner's estimate) a table is counted exactly: counting
# 50,000 sources costs about 5 ms, 10,000 under 1 ms.
EXACT_BELOW = 10_000
COUNTS_CACHED_SECONDS = 60
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def estimated_counts(*models) -> dict[type, tuple[int, bool]]:
    """model -> (rows, whether the figure is an estimate), for whole tables.

    The planner's estimates come in one query; a table estimated below EXACT_BELOW
    rows (or never analysed, reltuples -1) is counted exactly.
    """
    estimates: dict[str, int] = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, (SELECT reltuples::bigint FROM pg_class WHERE oid = name::regclass)"
                " FROM unnest(%s::text[]) AS name",
                [[model._meta.db_table for model in models]],
            )
            estimates = dict(cursor.fetchall())
    counts = {}
    for model in models:
        rows = estimates.get(model._meta.db_table)
        if rows is not None and rows >= EXACT_BELOW:
            counts[model] = int(rows), True
        else:
            counts[model] = model.objects.count(), False
    return counts


def estimated_count(model) -> tuple[int, bool]:
    """(rows, whether the figure is an estimate) for a whole table."""
    return estimated_counts(model)[model]


def shown_count(count: int, estimated: bool) -> str:
    """A table's size as the desk shows it: "1,204", or "about 1,000,000" when estimated."""
    return f"about {count:,}" if estimated else f"{count:,}"


@dataclass(frozen=True)
class DeskCounts:
    """The desk's table sizes as the home page shows them."""

    documents: str
    claims: str
    sources: str
    open_contradictions: int
    estimated: bool  # some of the sizes are PostgreSQL's estimates
    open_cached: bool  # the open contradictions were counted up to a minute ago


def desk_counts() -> DeskCounts:
    counted = estimated_counts(Document, Claim, Source, ClaimLink)
    open_count, open_cached = open_contradictions(counted[ClaimLink])
    return DeskCounts(
        documents=shown_count(*counted[Document]),
        claims=shown_count(*counted[Claim]),
        sources=shown_count(*counted[Source]),
        open_contradictions=open_count,
        estimated=any(counted[model][1] for model in (Document, Claim, Source)),
        open_cached=open_cached,
    )


def open_contradictions(links: tuple[int, bool] | None = None) -> tuple[int, bool]:
    """(open contradictions on the desk, whether the figure may be up to a minute old).

    A small desk is counted every time; at scale the count is kept a minute per process.
    `links` is estimated_count(ClaimLink) when the caller has read it already.
    """
    def count() -> int:
        return ClaimLink.objects.filter(
            kind=ClaimLink.Kind.CONTRADICTS, status=ClaimLink.Status.OPEN
        ).count()

    if not (links or estimated_count(ClaimLink))[1]:
        return count(), False
    return cache.get_or_set("factdesk:open-contradictions", count, COUNTS_CACHED_SECONDS), True


class _Rows:
    """What the pager templates read of a page: its rows, and whether there are others."""

    object_list: list
    has_next: bool
    has_previous: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


class Slice(_Rows):
    """One page of a list, read as per_page + 1 rows, without a total."""

    def __init__(self, items, number: int, per_page: int):
        start = (number - 1) * per_page
        rows = list(items[start : start + per_page + 1])
        self.object_list = rows[:per_page]
        self.number = number
        self.has_next = len(rows) > per_page
        self.has_previous = number > 1
        self.start_index = start + 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


MAX_PAGE = 4_000


def slice_page(request: HttpRequest, items, per_page: int, param: str = "page") -> Slice:
    raw = request.GET.get(param, "")
    number = int(raw) if raw.isdecimal() else 1
    return Slice(items, min(max(number, 1), MAX_PAGE), per_page)


# --- Keyset pages of claims -------------------------------------------------------------


def cursor_of(claim) -> str:
    """A claim's place in the list (newest first), as text for a URL: of a Claim, or of
    any row with its created_at and pk."""
    delta = claim.created_at - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{claim.pk}"


def read_cursor(text: str) -> tuple[datetime, int] | None:
    micros, _, pk = (text or "").partition("-")
    if not (micros.isdecimal() and pk.isdecimal()) or len(micros) > 18:
        return None
    return EPOCH + timedelta(microseconds=int(micros)), int(pk)


class KeysetPage(_Rows):
    """Claims newest first, the page after (older than) or before (newer than) a cursor.

    `claims` may yield Claims or plain rows (values_list); `build` makes what the page
    shows from the rows read for it, newest first (by default the rows themselves). The
    rows, and so what `build` makes of them, need a created_at and a pk for the cursors.
    """

    def __init__(self, claims, per_page: int, after: str = "", before: str = "", build=list):
        older, newer = read_cursor(after), read_cursor(before)
        if newer is not None:
            when, pk = newer
            rows = list(
                claims.filter(created_at__gte=when)
                .exclude(created_at=when, pk__lte=pk)
                .order_by("created_at", "pk")[: per_page + 1]
            )
            self.has_previous = len(rows) > per_page
            self.object_list = build(rows[:per_page][::-1])
            self.has_next = True
        else:
            if older is not None:
                when, pk = older
                claims = claims.filter(created_at__lte=when).exclude(created_at=when, pk__gte=pk)
            rows = list(claims.order_by("-created_at", "-pk")[: per_page + 1])
            self.has_next = len(rows) > per_page
            self.object_list = build(rows[:per_page])
            self.has_previous = older is not None
        if not self.object_list:
            # Past either end: offer the way back to the start of the list.
            self.has_previous = older is not None or newer is not None
            self.has_next = False
        self.first = newer is None and older is None

    @property
    def next_cursor(self) -> str:
        return cursor_of(self.object_list[-1]) if self.object_list else ""

    @property
    def previous_cursor(self) -> str:
        return cursor_of(self.object_list[0]) if self.object_list else ""
