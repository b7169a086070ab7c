"""Sources: the list, a source's page, grading in place, merging; a claim's credibility."""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from ..forms.sources import CredibilityForm, GradeForm, MergeForm
from ..merge import MergeRefused, source_merge
from ..models import BADGE_FIELDS, Claim, ClaimLink, ClaimRelay, Source
from ..paging import EXACT_BELOW, MAX_PAGE, Slice, slice_page
from ..reliability import StaleCredibility, claim_grade_credibility, with_track_estimate
from ..search import named
from ..templatetags.desk import badge_html, choice_labels, fast_url, format_html
from .documents import SourceValues, relays_by_claim

SOURCES_PER_PAGE = 25
ROWS_PER_PAGE = 20
# At most this many sources match a search; the page says when more would.
SEARCH_CAP = 5_000
# The merge page suggests at most this many names for the source that stays.
MERGE_CHOICES = 50

# sort key -> (column, the direction it first sorts in)
SORTS = {
    "name": (Lower("name"), "asc"),
    "grade": ("reliability", "asc"),
    "track": ("track_estimate", "desc"),
    "spoken": ("spoken_count", "desc"),
    "relayed": ("relayed_count", "desc"),
}


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _page(
    request: HttpRequest, items: QuerySet, param: str, per_page: int, count: int | None = None
) -> Page:
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # known already: spares the COUNT query
    return paginator.get_page(request.GET.get(param))


def _count(model, field: str) -> Coalesce:
    # COUNT(*) rather than COUNT(id): PostgreSQL answers it from the index alone.
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _source_total() -> tuple[int, bool]:
    """(how many sources there are, whether the figure is PostgreSQL's estimate), as
    paging.estimated_count answers, in one query (see _total_columns)."""
    row = Source.objects.order_by().annotate(**_total_columns()).values_list(
        "matched", "estimated"
    ).first()
    return (row[0], bool(row[1])) if row else (0, False)


def _total_columns() -> dict:
    """How many sources there are, and whether the figure is PostgreSQL's estimate, as
    two columns of any query of sources (each an InitPlan, read once a query).

    Like paging.estimated_count: at scale the planner's estimate (counting 50,000
    sources costs about 5 ms), exactly while the table is small (or never analysed),
    without a query to learn which: PostgreSQL runs the COUNT only when it is needed."""
    table = Source._meta.db_table
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


def _affiliation_name() -> Subquery:
    # A subquery rather than a join: PostgreSQL evaluates it for the page's rows only,
    # after the sort, where a join is made for every source a search matched.
    names = Source.objects.filter(pk=OuterRef("affiliation_id")).order_by().values("name")
    return Subquery(names[:1])


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
    counted = min(total, cap) if cap else total
    return _page(request, sources, "page", SOURCES_PER_PAGE, counted), total, estimated


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


def _sort(request: HttpRequest) -> tuple[str, bool]:
    """The sort key and whether it runs descending: "?sort=-track" is best first."""
    raw = request.GET.get("sort", "name")
    key = raw.lstrip("-")
    if key not in SORTS:
        return "name", False
    descending = raw.startswith("-")
    return key, descending


# --- The list -------------------------------------------------------------------


def _labels(model, field: str) -> dict[str, str]:
    """A field's value -> its label, what instance.get_<field>_display() answers."""
    return choice_labels(model._meta.get_field(field))


def source_row_html(source: Source) -> SafeString:
    """One row of the source list, built in Python (every value escaped by desk's
    format_html): a template render costs about 0.1 ms a row, and the list shows 25."""
    affiliation = source.affiliation_name
    record = source.track_record
    return format_html(
        "<tr>\n"
        '        <td><a href="{}">{}</a>{}</td>\n'
        "        <td>{}</td>\n"
        '        <td><abbr class="grade grade-{}" title="{}">{}</abbr></td>\n'
        '        <td class="track"><strong>{}%</strong> <small class="muted">{}</small></td>\n'
        '        <td class="count">{}</td>\n'
        '        <td class="count">{}</td>\n'
        "      </tr>",
        fast_url("claims:source-detail", source.pk),
        source.name,
        format_html('<br><small class="muted">of {}</small>', affiliation)
        if affiliation is not None else "",
        _labels(Source, "kind")[source.kind],
        source.reliability,
        _labels(Source, "reliability")[source.reliability],
        source.reliability,
        record.percent,
        record.explanation,
        source.spoken_count,
        source.relayed_count,
    )


@login_required
@require_http_methods(["GET"])
def source_list(request: HttpRequest) -> TemplateResponse:
    _require(request, "claims.view_source")
    query = " ".join(request.GET.get("q", "").split())
    key, descending = _sort(request)
    # Only what a row shows; the estimate is computed only to sort by it.
    sources = Source.objects.only(*BADGE_FIELDS).annotate(
        affiliation_name=_affiliation_name(),
        spoken_count=_count(Claim, "speaker"),
        relayed_count=_count(ClaimRelay, "source"),
    )
    if key == "track":
        sources = with_track_estimate(sources)
    if query:
        sources = named(sources, query)  # the trigram index: see search.named
    column = SORTS[key][0]
    if isinstance(column, str):
        order = f"-{column}" if descending else column
    else:
        order = column.desc() if descending else column.asc()
    ordering = [order, Lower("name"), "pk"]
    if query:
        sources = _matched(sources, ordering)
    else:
        sources = sources.annotate(**_total_columns()).order_by(*ordering)

    columns = []
    for name, (_, first_direction) in SORTS.items():
        if name == key:
            next_sort = name if descending else f"-{name}"
            state = "descending" if descending else "ascending"
        else:
            next_sort = f"-{name}" if first_direction == "desc" else name
            state = "none"
        columns.append({"key": name, "next": next_sort, "aria_sort": state})
    page, matched, estimated = _counted_page(request, sources, SEARCH_CAP if query else None)
    context = {
        "page": page,
        "rows": [source_row_html(source) for source in page.object_list],
        "query": query,
        "estimated": estimated,
        "too_many": matched > SEARCH_CAP if query else False,
        "search_cap": SEARCH_CAP,
        "sort": f"-{key}" if descending else key,
        "columns": {column["key"]: column for column in columns},
    }
    template = "claims/source_list.html#results" if request.htmx else "claims/source_list.html"
    return TemplateResponse(request, template, context)


# --- A source's page --------------------------------------------------------------


def _rows(request: HttpRequest, items: QuerySet, param: str) -> Page | Slice:
    """A page of grade changes or members read as ROWS_PER_PAGE + 1 rows, without the
    COUNT a Paginator runs first. An unusual page number ("abc", "0", past the end) is
    answered by the Paginator as before: page 1 or the last page."""
    raw = request.GET.get(param, "")
    if raw == "" or (raw.isdecimal() and 1 <= int(raw) <= MAX_PAGE):
        page = slice_page(request, items, ROWS_PER_PAGE, param)
        if page.object_list or page.number == 1:
            return page
    return _page(request, items, param, ROWS_PER_PAGE)


def _grade_context(request: HttpRequest, source: Source, form: GradeForm | None = None) -> dict:
    can_grade = request.user.has_perm("claims.grade_source")
    if can_grade and form is None:
        form = GradeForm(source=source)
    return {
        "source": source,
        "can_grade": can_grade,
        "grade_form": form if can_grade else None,
        "grade_changes": _rows(
            request,
            source.grade_changes.select_related("changed_by").only(
                "changed_at", "from_grade", "to_grade", "reason", "source_id",
                "changed_by__username",
            ),
            "grades_page",
        ),
    }


def _claims_context(request: HttpRequest, source: Source) -> dict:
    """The source's claims, relays and links, each paged without a total: a busy speaker
    has tens of thousands, and counting them (the links over a join, with an OR) cost
    most of a second. Rows read only what they show, as SourceClaimRows."""
    spoken = slice_page(request, _Written(SPOKEN, [source.pk]), ROWS_PER_PAGE, "spoken_page")
    relayed = slice_page(request, _Written(RELAYED, [source.pk]), ROWS_PER_PAGE, "relayed_page")
    _read_relays(spoken, relayed)
    links = _links_page(request, source)
    return {
        "source": source,
        "spoken": spoken,
        "relayed": relayed,
        "links": links,
        "link_rows": _link_rows_html(links.object_list),
    }


class LinkRow(NamedTuple):
    """What a row of the source page's links table shows, read as one tuple: the page
    made five model instances a link (the link, two claims, two speakers)."""

    pk: int
    kind: str
    nature: str
    status: str
    outcome: str
    first_statement: str
    second_statement: str
    first_speaker: tuple  # (id, *BADGE_FIELDS)
    second_speaker: tuple




def _link_rows_html(links: list[LinkRow]) -> list[SafeString]:
    """The rows of the source page's links table, built in Python like source_row_html.
    A speaker's badge is built from its plain values (badge_html keeps the busiest)."""
    prefix = get_script_prefix()

    def badge(values: tuple) -> SafeString:
        return badge_html(*values, prefix=prefix)

    rows = []
    kinds, natures, statuses, outcomes = (
        _labels(ClaimLink, field) for field in ("kind", "nature", "status", "outcome")
    )
    for link in links:
        nature = f" ({natures[link.nature].lower()})" if link.nature else ""
        outcome = f": {outcomes[link.outcome].lower()}" if link.outcome else ""
        rows.append(format_html(
            "<tr>\n"
            "        <td>{} <small>({})</small></td>\n"
            "        <td>{}{}</td>\n"
            "        <td>{} <small>({})</small></td>\n"
            "        <td>{}{}</td>\n"
            "      </tr>",
            link.first_statement,
            badge(link.first_speaker),
            kinds[link.kind].lower(),
            nature,
            link.second_statement,
            badge(link.second_speaker),
            statuses[link.status],
            outcome,
        ))
    return rows


# The newest links of one side (its claim first, or second) of a speaker's claims, read
# from that side's speaker index (claimlink_first_speaker_idx, claimlink_second_speaker_idx)
# with the newest-first key it holds.
NEWEST_LINKS_SIDE = (
    "SELECT * FROM (SELECT l.id, l.created_at FROM claims_claimlink l"
    " WHERE l.{side}_speaker_id = %s"
    " ORDER BY l.created_at DESC, l.id DESC LIMIT %s) {side}_side"
)
# The slice of both sides together: UNION lists once a link between two of the speaker's
# claims, and the slice is cut from the index entries before any row is read.
NEWEST_LINKS = (
    "SELECT * FROM ("
    + " UNION ".join(NEWEST_LINKS_SIDE.format(side=s) for s in ("first", "second"))
    + ") both_sides ORDER BY created_at DESC, id DESC LIMIT %s OFFSET %s"
)
# What a LinkRow shows of a speaker: its id and the fields of its badge.
SPEAKER_COLUMNS = ", ".join(f"{{s}}.{f}" for f in ("id", *BADGE_FIELDS))
# A page of them with what their rows show, as LinkRow reads it. Written out rather
# than built with the ORM: compiling the querysets cost more Python than PostgreSQL
# takes to answer, and Django cannot slice inside a UNION on SQLite.
LINKS_PAGE = (
    "SELECT l.id, l.kind, l.nature, l.status, l.outcome, a.statement, b.statement, "
    + SPEAKER_COLUMNS.format(s="sa") + ", " + SPEAKER_COLUMNS.format(s="sb")
    + f" FROM ({NEWEST_LINKS}) newest"
    " INNER JOIN claims_claimlink l ON l.id = newest.id"
    " INNER JOIN claims_claim a ON l.first_id = a.id"
    " INNER JOIN claims_source sa ON a.speaker_id = sa.id"
    " INNER JOIN claims_claim b ON l.second_id = b.id"
    " INNER JOIN claims_source sb ON b.speaker_id = sb.id"
    " ORDER BY newest.created_at DESC, newest.id DESC"
)


class _NewestLinks:
    """The links of a source's claims, newest first, as LinkRows; sliced (as a Slice
    slices its items) in one query.

    The newest links on each side (its claim first, or second) are found apart, each
    by the speaker that the link keeps for that side (ClaimLink.first_speaker,
    second_speaker), newest first from its index: no more entries than the slice ends
    at, however many claims the source has. With an OR across both sides PostgreSQL
    could use neither index in order. Only the slice's links are then read and joined
    to their claims and speakers."""

    def __init__(self, source: Source):
        self.source = source

    def __getitem__(self, rows: slice) -> list[LinkRow]:
        pk = self.source.pk
        with connection.cursor() as cursor:
            cursor.execute(
                LINKS_PAGE, [pk, rows.stop, pk, rows.stop, rows.stop - rows.start, rows.start]
            )
            return [_link_row(values) for values in cursor.fetchall()]


def _links_page(request: HttpRequest, source: Source) -> Slice:
    """The links of the source's claims, newest first, one page of them, in one query."""
    number = slice_page(request, [], ROWS_PER_PAGE, "links_page").number
    return Slice(_NewestLinks(source), number, ROWS_PER_PAGE)


def _link_row(values: tuple) -> LinkRow:
    """A row of LINKS_PAGE as a LinkRow: the link's own columns, then each speaker's."""
    first = len(LinkRow._fields) - 2
    second = first + 1 + len(BADGE_FIELDS)
    return LinkRow(*values[:first], values[first:second], values[second:])


class SourceClaimRow(NamedTuple):
    """What a row of the source page's claims shows (desk.source_claim_row), as plain
    values: the page made four model instances a claim (claim, speaker, document, relay)
    and compiled two querysets a list."""

    pk: int
    statement: str
    credibility: int | None
    version: int  # the credibility control sends it back: a stale grade is refused
    document_title: str
    speaker: SourceValues
    relays: list[SourceValues]  # in their order after the speaker


# A page of a source's claims (those it made, or those it relayed), newest first, with
# what a SourceClaimRow shows but its relays. Written out like LINKS_PAGE. For a busy
# speaker PostgreSQL walks claim_speaker_idx newest first and stops at the page's end.
CLAIMS_PAGE = (
    "SELECT c.id, c.statement, c.credibility, c.version, d.title, "
    + SPEAKER_COLUMNS.format(s="s")
    + " FROM claims_claim c"
    " INNER JOIN claims_document d ON c.document_id = d.id"
    " INNER JOIN claims_source s ON c.speaker_id = s.id"
    " WHERE {} ORDER BY c.created_at DESC, c.id DESC LIMIT %s OFFSET %s"
)
SPOKEN = CLAIMS_PAGE.format("c.speaker_id = %s")
RELAYED = CLAIMS_PAGE.format(
    "c.id IN (SELECT r.claim_id FROM claims_claimrelay r WHERE r.source_id = %s)"
)


# The sources that belong to one, by name, as SourceValues; and how many there are.
MEMBERS_PAGE = (
    "SELECT " + SPEAKER_COLUMNS.format(s="m") + " FROM claims_source m"
    " WHERE m.affiliation_id = %s ORDER BY LOWER(m.name), m.id LIMIT %s OFFSET %s"
)
MEMBERS_COUNT = "SELECT COUNT(*) FROM claims_source WHERE affiliation_id = %s"


class _Written:
    """The rows of a query written out in SQL (its last placeholders LIMIT and OFFSET),
    sliced as a Slice or a Paginator slices its items, in one query a slice; `count_sql`
    (the same parameters) counts them for a Paginator; `build` makes each row what the
    list shows (plain tuples without it).

    For the source page's short lists: compiling a queryset cost several times the
    Python of the query itself (about 0.4 ms against 0.1)."""

    def __init__(self, sql: str, params: list, count_sql: str = "", build=None):
        self.sql, self.params, self.count_sql, self.build = sql, params, count_sql, build

    def __getitem__(self, rows: slice) -> list:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*self.params, rows.stop - rows.start, rows.start])
            found = cursor.fetchall()
        return [self.build(row) for row in found] if self.build else found

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.params)
            return cursor.fetchone()[0]


def _alias_names(source: Source) -> list[str]:
    """The other names of `source`, in the order of their lower-case forms."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM claims_sourcealias WHERE source_id = %s ORDER BY LOWER(name), id",
            [source.pk],
        )
        return [name for (name,) in cursor.fetchall()]


def _read_relays(*pages: Slice) -> None:
    """Make the rows of `pages` (read from SPOKEN or RELAYED) SourceClaimRows, the relays of all
    their claims read in one query (none when the pages are empty)."""
    relays = relays_by_claim(row[0] for page in pages for row in page.object_list)
    first = len(SourceClaimRow._fields) - 2
    for page in pages:
        page.object_list = [
            SourceClaimRow(*row[:first], SourceValues(*row[first:]), relays[row[0]])
            for row in page.object_list
        ]


@login_required
@require_http_methods(["GET"])
def source_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    _require(request, "claims.view_source")
    source = get_object_or_404(Source.objects.select_related("affiliation"), pk=pk)
    if request.htmx:
        # The claim lists refresh themselves after a regrade (sourceGraded).
        return TemplateResponse(
            request, "claims/source_detail.html#claims", _claims_context(request, source)
        )
    context = {
        **_grade_context(request, source),
        **_claims_context(request, source),
        "aliases": _alias_names(source),
        "members": _rows(
            request, _Written(MEMBERS_PAGE, [source.pk], MEMBERS_COUNT, SourceValues._make),
            "members_page",
        ),
        "can_merge": request.user.has_perm("claims.merge_source"),
    }
    return TemplateResponse(request, "claims/source_detail.html", context)


@login_required
@require_POST
def source_grade(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "claims.grade_source")
    source = get_object_or_404(Source.objects.select_related("affiliation"), pk=pk)
    form = GradeForm(request.POST, source=source)
    if not form.is_valid():
        if request.htmx:
            return TemplateResponse(
                request, "claims/source_detail.html#grade", _grade_context(request, source, form)
            )
        messages.error(request, "The grade was not changed: " + " ".join(
            error for errors in form.errors.values() for error in errors
        ))
        return redirect(source)
    change = source.set_reliability(
        form.cleaned_data["grade"], reason=form.cleaned_data["reason"], by=request.user
    )
    text = f"{source.name} is now graded {change.to_grade} (was {change.from_grade})."
    if request.htmx:
        response = TemplateResponse(
            request,
            "claims/source_detail.html#grade",
            {**_grade_context(request, source), "graded": text},
        )
        return trigger_client_event(response, "sourceGraded", {"source": source.pk})
    messages.success(request, text)
    return redirect(source)


# --- Merging ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def source_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "claims.merge_source")
    duplicate = get_object_or_404(Source, pk=pk)
    form = MergeForm(request.POST or None, duplicate=duplicate)
    refused = ""
    if request.method == "POST" and form.is_valid():
        survivor = form.cleaned_data["survivor"]
        name = duplicate.name
        try:
            survivor = source_merge(duplicate=duplicate, survivor=survivor, by=request.user)
        except MergeRefused as error:
            refused = str(error)
        else:
            messages.success(
                request, f"{name} was merged into {survivor.name}; its name is now an alias."
            )
            if request.htmx:
                return HttpResponseClientRedirect(survivor.get_absolute_url())
            return redirect(survivor)
    query = _merge_query(request, duplicate)
    names, more = _merge_names(duplicate, query)
    context = {
        "source": duplicate,
        "form": form,
        "refused": refused,
        "query": query,
        "names": names,
        "more_names": more,
        "merge_choices": MERGE_CHOICES,
    }
    if request.htmx and request.method == "GET":
        return TemplateResponse(request, "claims/source_merge.html#names", context)
    return TemplateResponse(request, "claims/source_merge.html", context)


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


def _merge_names(duplicate: Source, query: str) -> tuple[list[str], bool]:
    """Up to MERGE_CHOICES names (each once) of the sources matching `query`, other than
    the duplicate, and whether more match. At scale the desk has 50,000 sources: the
    page used to list every name."""
    if not query:
        return [], False
    found = (
        named(Source.objects.exclude(pk=duplicate.pk), query)
        .order_by(Lower("name"), "pk")
        .values_list("name", flat=True)[: MERGE_CHOICES + 1]
    )
    found = list(found)
    return list(dict.fromkeys(found[:MERGE_CHOICES])), len(found) > MERGE_CHOICES


# --- A claim's credibility ----------------------------------------------------------


def _next_url(request: HttpRequest, claim: Claim) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return claim.get_absolute_url()


@login_required
@require_POST
def claim_credibility(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "claims.grade_claim")
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    next_url = _next_url(request, claim)
    form = CredibilityForm(request.POST)
    error = ""
    chosen = None
    if not form.is_valid():
        error = "Choose a credibility from 1 to 6."
    else:
        chosen = form.cleaned_data["credibility"]
        try:
            claim = claim_grade_credibility(
                claim=claim,
                credibility=chosen,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleCredibility as stale:
            claim = stale.current
            now = claim.credibility or "not graded"
            error = (
                f"Someone changed this claim meanwhile (its credibility is now {now}); "
                f"your choice, {chosen}, was not saved. Choose again."
            )
        else:
            chosen = None
    if request.htmx:
        context = {"claim": claim, "next": next_url, "error": error, "chosen": chosen}
        response = TemplateResponse(request, "claims/claim_credibility.html", context)
        if not error:
            trigger_client_event(response, "claimGraded", {"claim": claim.pk})
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Claim now rated {claim.rating}.")
    return redirect(next_url)
