"""What the sources' pages show, as presenters: the source list's rows and its sorting
and counting; a source's page (its head, grade history, members, aliases, the claims it
spoke or relayed with their Ratings, the links of its claims); the merge page's names.

Rows are read by name (values_list(named=True)) and made into frozen dataclasses that
carry labels, URLs and dates already made, so the templates apply no filters. The
source page's querysets are compiled once per process (_NamedRows).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, IntegerField, QuerySet, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.utils import create_namedtuple_class
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .badges import Badge, badge_columns, badge_in, relays_by_claim, source_badge
from .compiled import CompiledRows
from .models import Claim, ClaimLink, ClaimRelay, GradeChange, Reliability, Source, SourceAlias
from .paging import EXACT_BELOW, MAX_PAGE, Slice, slice_page
from .paths import url, url_pattern
from .ratings import Grading, Rating, rating
from .reliability import with_track_estimate
from .search import named
from .when import shown_time

SOURCES_PER_PAGE = 25
ROWS_PER_PAGE = 20
# At most this many sources match a search; the page says when more would.
SEARCH_CAP = 5_000
# The merge page suggests at most this many names for the source that stays.
MERGE_CHOICES = 50

KIND_LABELS = {value: str(label) for value, label in Source.Kind.choices}
GRADE_LABELS = {value: str(label) for value, label in Reliability.choices}

# sort key -> (column, the direction it first sorts in)
SORTS = {
    "name": (Lower("name"), "asc"),
    "grade": ("reliability", "asc"),
    "track": ("track_estimate", "desc"),
    "spoken": ("spoken_count", "desc"),
    "relayed": ("relayed_count", "desc"),
}


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a short list of a source's page, as its pager links need it."""

    object_list: list
    number: int
    has_previous: bool
    has_next: bool
    count: int | None = None  # how many there are, when they were counted


def _pager(page: Page | Slice, build) -> Pager:
    rows = [build(row) for row in page.object_list]
    if isinstance(page, Slice):
        return Pager(rows, page.number, page.has_previous, page.has_next)
    return Pager(rows, page.number, page.has_previous(), page.has_next(), page.paginator.count)


def _rows(request: HttpRequest, items, param: str) -> Page | Slice:
    """A page of `items` read as ROWS_PER_PAGE + 1 rows, without the COUNT a Paginator
    runs first. An unusual page number ("abc", "0", past the end) is answered by the
    Paginator as before: page 1 or the last page."""
    raw = request.GET.get(param, "")
    if raw == "" or (raw.isdecimal() and 1 <= int(raw) <= MAX_PAGE):
        page = slice_page(request, items, ROWS_PER_PAGE, param)
        if page.object_list or page.number == 1:
            return page
    return Paginator(items, ROWS_PER_PAGE).get_page(request.GET.get(param))


# Pages this deep are compiled once per process (below); deeper ones, rare, each time.
COMPILED_BELOW = 5 * ROWS_PER_PAGE
_compiled: dict[tuple, tuple[CompiledRows, type]] = {}


class _NamedRows:
    """`build(pk, start, stop)` (a sliced values_list queryset of the source `pk`) as a
    list sliced as a Slice or a Paginator slices one: its rows by name.

    The queryset is compiled once per process for each slice (CompiledRows): measured
    on the source page (SQLite, a shared machine), building and compiling its six
    querysets took about 10 ms a page, running them about 1 ms. The SQL is the ORM's."""

    def __init__(self, build, pk: int, count=None):
        self.build, self.pk, self._count = build, pk, count

    def __getitem__(self, rows: slice) -> list:
        if rows.start >= COMPILED_BELOW:
            return list(self.build(self.pk, rows.start, rows.stop))
        key = (self.build, rows.start, rows.stop)
        found = _compiled.get(key)
        if found is None:
            build, start, stop = self.build, rows.start, rows.stop
            names = build(self.pk, start, stop)._fields
            found = _compiled[key] = (
                CompiledRows(lambda pk: build(pk, start, stop)),
                create_namedtuple_class(*names),
            )
        compiled, row = found
        return [row(*values) for values in compiled.rows(self.pk)]

    def count(self) -> int:
        """How many there are (a Paginator asks, for a page past the end)."""
        return self._count(self.pk)


# --- The list -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A row of the source list."""

    pk: int
    url: str
    name: str
    affiliation: str | None  # the name of what it belongs to
    kind_label: str
    reliability: str
    grade_label: str
    track_percent: int
    track_explanation: str
    spoken_count: int
    relayed_count: int


@dataclass(frozen=True, slots=True)
class SortColumn:
    next: str  # the sort its heading's link asks for
    aria_sort: str


@dataclass(frozen=True, slots=True)
class SourceList:
    page: Page  # of SourceRows
    query: str
    sort: str
    columns: dict[str, SortColumn]
    summary: str  # "14 sources", or "About 50,000 sources (PostgreSQL’s estimate)"
    estimated: bool
    too_many: bool  # more than SEARCH_CAP match the search
    search_cap: int


def source_row(source: Source, detail_url: str) -> SourceRow:
    """The row of a source read by Source.objects.for_list()."""
    record = source.track_record
    return SourceRow(
        pk=source.pk, url=detail_url.format(source.pk), name=source.name,
        affiliation=source.affiliation_name, kind_label=KIND_LABELS[source.kind],
        reliability=source.reliability, grade_label=GRADE_LABELS[source.reliability],
        track_percent=record.percent, track_explanation=record.explanation,
        spoken_count=source.spoken_count, relayed_count=source.relayed_count,
    )


def _sort(params: QueryDict) -> tuple[str, bool]:
    """The sort key and whether it runs descending: "?sort=-track" is best first."""
    raw = params.get("sort", "name")
    key = raw.lstrip("-")
    if key not in SORTS:
        return "name", False
    return key, raw.startswith("-")


def _columns(key: str, descending: bool) -> dict[str, SortColumn]:
    columns = {}
    for name, (_, first_direction) in SORTS.items():
        if name == key:
            next_sort = name if descending else f"-{name}"
            state = "descending" if descending else "ascending"
        else:
            next_sort = f"-{name}" if first_direction == "desc" else name
            state = "none"
        columns[name] = SortColumn(next=next_sort, aria_sort=state)
    return columns


def listed_sources(params: QueryDict) -> tuple[str, str, bool, QuerySet, list]:
    """What the source list's query string asks for: (the search, the sort key, whether
    descending, the matching sources (for_list rows), their ordering); the page and its
    CSV download (claims.csv_export) both read it."""
    query = " ".join(params.get("q", "").split())
    key, descending = _sort(params)
    sources = Source.objects.for_list()
    if key == "track":
        sources = with_track_estimate(sources)  # computed only to sort by it
    if query:
        sources = named(sources, query)  # the trigram index: see search.named
    column = SORTS[key][0]
    if isinstance(column, str):
        order = f"-{column}" if descending else column
    else:
        order = column.desc() if descending else column.asc()
    return query, key, descending, sources, [order, Lower("name"), "pk"]


def source_list(request: HttpRequest) -> SourceList:
    """The source list as the request asks for it: searched (`q`), sorted (`sort`), one
    page (`page`), in one query."""
    query, key, descending, sources, ordering = listed_sources(request.GET)
    if query:
        sources = _matched(sources, ordering)
    else:
        sources = sources.annotate(**_total_columns()).order_by(*ordering)
    page, matched, estimated = _counted_page(request, sources, SEARCH_CAP if query else None)
    detail_url = url_pattern("claims:source-detail")
    page.object_list = [source_row(source, detail_url) for source in page.object_list]
    count = page.paginator.count
    if estimated:
        summary = f"About {count:,} sources (PostgreSQL’s estimate)"
    else:
        summary = f"{count} source{'' if count == 1 else 's'}"
    return SourceList(
        page=page, query=query, sort=f"-{key}" if descending else key,
        columns=_columns(key, descending), summary=summary, estimated=estimated,
        too_many=matched > SEARCH_CAP if query else False, search_cap=SEARCH_CAP,
    )


def _source_total() -> tuple[int, bool]:
    """(how many sources there are, whether the figure is PostgreSQL's estimate), as
    paging.estimated_count answers, in one query (see _total_columns)."""
    row = Source.objects.order_by().annotate(**_total_columns()).values_list(
        "matched", "estimated", named=True
    ).first()
    return (row.matched, bool(row.estimated)) if row else (0, False)


def _total_columns() -> dict:
    """How many sources there are, and whether the figure is PostgreSQL's estimate, as
    two columns of any query of sources (each an InitPlan, read once a query).

    Like paging.estimated_count: at scale the planner's estimate (counting 50,000
    sources costs about 5 ms), exactly while the table is small (or never analysed),
    without a query to learn which: PostgreSQL runs the COUNT only when it is needed."""
    table = Source._meta.db_table
    # Written out: the ORM reads no pg_class, and counts a whole table only as a query
    # of its own, where this count rides on the page's query.
    if connection.vendor != "postgresql":
        count = RawSQL(f"SELECT COUNT(*) FROM {table}", [], output_field=IntegerField())
        return {"matched": count, "estimated": Value(False)}
    pg_class = " FROM pg_class c WHERE c.oid = %s::regclass"
    return {
        "matched": RawSQL(
            "SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint"
            f" ELSE (SELECT COUNT(*) FROM {table}) END" + pg_class,
            [EXACT_BELOW, table],
            output_field=IntegerField(),
        ),
        "estimated": RawSQL(
            "SELECT c.reltuples >= %s" + pg_class, [EXACT_BELOW, table],
            output_field=BooleanField(),
        ),
    }


def _counted_page(request: HttpRequest, sources: QuerySet, cap: int | None) -> tuple:
    """(the requested page, how many sources the list has, whether that is an estimate).

    Each row of `sources` carries the list's size (`matched`, `estimated`: see _matched
    and _total_columns), so one query answers all three: no COUNT runs first. A page
    past the last one, or a page number the Paginator corrects ("abc", "0"), is
    answered as the Paginator answers it, after counting. A search lists at most `cap`
    sources."""
    raw = request.GET.get("page", "")
    last = cap // SOURCES_PER_PAGE if cap else MAX_PAGE
    number = int(raw) if raw.isdecimal() and 1 <= int(raw) <= last else (1 if raw == "" else 0)
    if number:
        start = (number - 1) * SOURCES_PER_PAGE
        rows = list(sources[start : start + SOURCES_PER_PAGE])
        total, estimated = (rows[0].matched, rows[0].estimated) if rows else (0, False)
        paginator = Paginator(sources, SOURCES_PER_PAGE)
        paginator.count = min(total, cap) if cap else total
        if (rows or number == 1) and number <= paginator.num_pages:
            return Page(rows, number, paginator), total, bool(estimated)
    total, estimated = (sources.count(), False) if cap else _source_total()
    paginator = Paginator(sources, SOURCES_PER_PAGE)
    paginator.count = min(total, cap) if cap else total  # known already: spares the COUNT
    return paginator.get_page(raw), total, estimated


def _matched(sources: QuerySet, ordering: list) -> QuerySet:
    """`sources` with the number of them on each row (a window count), and ordered.

    The count, the same on every row, leads the ordering so that PostgreSQL cannot
    answer the name order by walking source_name_lower_idx: it would think that 25
    matches end the walk, but the count reads every match, and the walk read every
    source (about 100 ms). Led by the count, it reads the matches by the trigram
    index and sorts them."""
    return sources.annotate(matched=Window(Count("*")), estimated=Value(False)).order_by(
        "matched", *ordering
    )


# --- A source's page --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceHead:
    """What a source's page says of the source itself."""

    pk: int
    name: str
    description: str
    kind_label: str
    reliability: str
    grade_label: str
    track_percent: int
    track_explanation: str
    affiliation: Badge | None
    url: str
    grade_url: str
    merge_url: str


def source_or_404(pk: int) -> Source:
    """The source `pk` with what it belongs to (for its badge), or a 404."""
    return get_object_or_404(Source.objects.select_related("affiliation"), pk=pk)


def source_head(source: Source) -> SourceHead:
    """The head of `source`'s page (its affiliation loaded, as source_or_404 loads it)."""
    record = source.track_record
    affiliation = source.affiliation
    return SourceHead(
        pk=source.pk, name=source.name, description=source.description,
        kind_label=KIND_LABELS[source.kind], reliability=source.reliability,
        grade_label=GRADE_LABELS[source.reliability], track_percent=record.percent,
        track_explanation=record.explanation,
        affiliation=source_badge(affiliation) if affiliation is not None else None,
        url=url("claims:source-detail", source.pk),
        grade_url=url("claims:source-grade", source.pk),
        merge_url=url("claims:source-merge", source.pk),
    )


@dataclass(frozen=True, slots=True)
class GradeRow:
    """A row of a source's grade history."""

    from_grade: str
    to_grade: str
    reason: str
    by: str  # the username, "—" when the user is gone
    at_iso: str
    at: str  # as the desk shows a moment: "4 Aug 2014 12:00", local time


def _grade_changes(pk: int, start: int, stop: int) -> QuerySet:
    return GradeChange.objects.history_of(pk)[start:stop]


def _grade_count(pk: int) -> int:
    return GradeChange.objects.history_of(pk).count()


def grade_row(change) -> GradeRow:
    """A row of GradeChange.objects.history_of()."""
    local = timezone.localtime(change.changed_at)
    return GradeRow(
        from_grade=change.from_grade, to_grade=change.to_grade, reason=change.reason,
        by=change.changed_by__username or "—", at_iso=local.isoformat(),
        at=shown_time(change.changed_at).text,
    )


@dataclass(frozen=True, slots=True)
class GradePanel:
    """The source page's reliability panel: the grade, the form to change it (for those
    who may), the history of its changes."""

    source: SourceHead
    can_grade: bool
    form: object  # claims.forms.sources.GradeForm, or None
    changes: Pager  # of GradeRows
    graded: str = ""  # what a regrade just did


def grade_panel(request: HttpRequest, source: Source, *, form=None, graded: str = "") -> GradePanel:
    """The panel for `source`; `form` is the GradeForm to show, None for those who may
    not grade."""
    changes = _rows(request, _NamedRows(_grade_changes, source.pk, _grade_count), "grades_page")
    return GradePanel(
        source=source_head(source), can_grade=form is not None, form=form,
        changes=_pager(changes, grade_row), graded=graded,
    )


def _members(pk: int, start: int, stop: int) -> QuerySet:
    return Source.objects.members_of(pk)[start:stop]


def _member_count(pk: int) -> int:
    return Source.objects.members_of(pk).count()


def members(request: HttpRequest, source: Source) -> Pager:
    """A page of the sources that belong to `source`, as Badges, by name."""
    page = _rows(request, _NamedRows(_members, source.pk, _member_count), "members_page")
    return _pager(page, lambda row: badge_in(row, ""))


def alias_names(source: Source) -> list[str]:
    """The other names of `source`, in the order of their lower-case forms."""
    return [row.name for row in _NamedRows(_aliases, source.pk)[0:MAX_ALIASES]]


# More than anyone gives one source; a page shows them all.
MAX_ALIASES = 1_000


def _aliases(pk: int, start: int, stop: int) -> QuerySet:
    return SourceAlias.objects.names_of(pk).values_list("name", named=True)[start:stop]


@dataclass(frozen=True, slots=True)
class SourceClaimRow:
    """A row of a source page's claims: statement, rating, attribution chain, document."""

    pk: int
    url: str
    statement: str
    rating: Rating
    chain: list[Badge]  # the speaker, then the relays in their order
    document_title: str


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A row of the source page's links table."""

    pk: int
    first_statement: str
    first_speaker: Badge
    link: str  # "contradicts (certainty)"
    second_statement: str
    second_speaker: Badge
    status: str  # "Resolved: first upheld"


@dataclass(frozen=True, slots=True)
class SourceClaims:
    """The source page's claim lists and the links of its claims (one htmx block)."""

    source_url: str
    url: str  # the block's own, with the page's query (it refreshes after a regrade)
    spoken: Pager  # of SourceClaimRows
    relayed: Pager
    links: Pager  # of LinkRows
    grading: Grading


# What a SourceClaimRow shows but its relays.
CLAIM_COLUMNS = (
    "id", "statement", "credibility", "version", "document__title", *badge_columns("speaker")
)


def _claim_rows(claims: QuerySet) -> QuerySet:
    # Newest first: for a busy speaker PostgreSQL walks claim_speaker_idx and stops at the
    # page's end.
    return claims.order_by("-created_at", "-id").values_list(*CLAIM_COLUMNS, named=True)


def _spoken(pk: int, start: int, stop: int) -> QuerySet:
    return _claim_rows(Claim.objects.filter(speaker_id=pk))[start:stop]


def _relayed(pk: int, start: int, stop: int) -> QuerySet:
    relayed = ClaimRelay.objects.claims_relayed_by(pk)
    return _claim_rows(Claim.objects.filter(pk__in=relayed))[start:stop]


def source_claims(request: HttpRequest, source: Source, grading: Grading) -> SourceClaims:
    """The claims `source` spoke and relayed and the links of its claims, each paged
    without a total: a busy speaker has tens of thousands, and counting them (the links
    over a join, with an OR) cost most of a second. The relays of both lists are read in
    one query."""
    spoken = slice_page(request, _NamedRows(_spoken, source.pk), ROWS_PER_PAGE, "spoken_page")
    relayed = slice_page(
        request, _NamedRows(_relayed, source.pk), ROWS_PER_PAGE, "relayed_page"
    )
    relays = relays_by_claim(row.id for page in (spoken, relayed) for row in page.object_list)
    claim_url = url_pattern("claims:claim-detail")

    def claim_row(row) -> SourceClaimRow:
        speaker = badge_in(row, "speaker__")
        return SourceClaimRow(
            pk=row.id, url=claim_url.format(row.id), statement=row.statement,
            rating=rating(row.id, row.statement, row.credibility, row.version, speaker.grade),
            chain=[speaker, *relays.get(row.id, ())], document_title=row.document__title,
        )

    links = slice_page(request, _NamedRows(_links, source.pk), ROWS_PER_PAGE, "links_page")
    source_url = url("claims:source-detail", source.pk)
    return SourceClaims(
        source_url=source_url,
        url=source_url + (f"?{request.GET.urlencode()}" if request.GET else ""),
        spoken=_pager(spoken, claim_row), relayed=_pager(relayed, claim_row),
        links=_pager(links, link_row), grading=grading,
    )


# The ids of a page of a speaker's links, newest first. Written out: each side's newest
# links are cut from that side's speaker index (claimlink_first_speaker_idx,
# claimlink_second_speaker_idx) before a row is read, and UNION lists once a link between
# two of its claims; the ORM can neither slice the parts of a UNION on SQLite nor select
# from one. With an OR across both sides PostgreSQL could use neither index in order.
NEWEST_LINKS_SIDE = (
    "SELECT * FROM (SELECT l.id, l.created_at FROM claims_claimlink l"
    " WHERE l.{side}_speaker_id = %s"
    " ORDER BY l.created_at DESC, l.id DESC LIMIT %s) {side}_side"
)
NEWEST_LINK_IDS = (
    "SELECT id FROM ("
    + " UNION ".join(NEWEST_LINKS_SIDE.format(side=s) for s in ("first", "second"))
    + ") both_sides ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s"
)
LINK_COLUMNS = (
    "id", "kind", "nature", "status", "outcome", "first__statement", "second__statement",
    *badge_columns("first__speaker"), *badge_columns("second__speaker"),
)
LINK_KINDS = {value: str(label).lower() for value, label in ClaimLink.Kind.choices}
LINK_NATURES = {value: f" ({str(label).lower()})" for value, label in ClaimLink.Nature.choices}
LINK_STATUSES = {value: str(label) for value, label in ClaimLink.Status.choices}
LINK_OUTCOMES = {value: f": {str(label).lower()}" for value, label in ClaimLink.Outcome.choices}


def _links(pk: int, start: int, stop: int) -> QuerySet:
    """The links of source `pk`'s claims, newest first, rows start to stop: only those
    links are read and joined to their claims and speakers."""
    ids = RawSQL(NEWEST_LINK_IDS, [pk, stop, pk, stop, stop - start, start])
    return (
        ClaimLink.objects.filter(id__in=ids)
        .order_by("-created_at", "-id")
        .values_list(*LINK_COLUMNS, named=True)
    )


def link_row(row) -> LinkRow:
    return LinkRow(
        pk=row.id,
        first_statement=row.first__statement,
        first_speaker=badge_in(row, "first__speaker__"),
        link=LINK_KINDS[row.kind] + LINK_NATURES.get(row.nature, ""),
        second_statement=row.second__statement,
        second_speaker=badge_in(row, "second__speaker__"),
        status=LINK_STATUSES[row.status] + LINK_OUTCOMES.get(row.outcome, ""),
    )


# --- Merging ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeNames:
    """The merge page's head and the names it suggests for the source that stays."""

    source_name: str
    source_url: str
    merge_url: str
    query: str
    names: list[str]
    more: bool  # more than `cap` match
    cap: int


def merge_names(request: HttpRequest, duplicate: Source) -> MergeNames:
    """Up to MERGE_CHOICES names (each once) of the sources matching what was typed
    (see _merge_query), other than the duplicate, and whether more match. At scale the
    desk has 50,000 sources: the page used to list every name."""
    query = _merge_query(request, duplicate)
    found = []
    if query:
        found = list(
            named(Source.objects.exclude(pk=duplicate.pk), query)
            .order_by(Lower("name"), "pk")
            .values_list("name", flat=True)[: MERGE_CHOICES + 1]
        )
    return MergeNames(
        source_name=duplicate.name, source_url=url("claims:source-detail", duplicate.pk),
        merge_url=url("claims:source-merge", duplicate.pk), query=query,
        names=list(dict.fromkeys(found[:MERGE_CHOICES])), more=len(found) > MERGE_CHOICES,
        cap=MERGE_CHOICES,
    )


def _merge_query(request: HttpRequest, duplicate: Source) -> str:
    """What the names suggested on the merge page match: the search box (`q`), else the
    name typed for the survivor (as htmx sends it while typing, or as a refused merge
    posted it), else the first word of the duplicate's name (a likely twin)."""
    for typed in (request.GET.get("q"), request.GET.get("survivor"), request.POST.get("survivor")):
        typed = " ".join((typed or "").split())
        if typed:
            return typed
    words = duplicate.name.split()
    return words[0] if words else ""
