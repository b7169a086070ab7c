"""Sources: the list, a source's page, grading in place, merging; a claim's credibility."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from ..forms.sources import CredibilityForm, GradeForm, MergeForm
from ..merge import MergeRefused, source_merge
from ..models import BADGE_FIELDS, Claim, ClaimLink, ClaimRelay, Source
from ..paging import MAX_PAGE, Slice, slice_page
from ..reliability import StaleCredibility, claim_grade_credibility, with_track_estimate
from ..search import named
from ..templatetags.desk import fast_url, format_html, source_badge_html

SOURCES_PER_PAGE = 25
ROWS_PER_PAGE = 20
# At most this many sources match a search; the page says when more would.
SEARCH_CAP = 5_000

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


def _among(ids: list[int]) -> Q:
    """pk IN ids. On PostgreSQL the ids go as one array: a search can match thousands,
    and compiling and binding a placeholder each cost milliseconds."""
    if connection.vendor == "postgresql":
        return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    return Q(pk__in=ids)


def _sort(request: HttpRequest) -> tuple[str, bool]:
    """The sort key and whether it runs descending: "?sort=-track" is best first."""
    raw = request.GET.get("sort", "name")
    key = raw.lstrip("-")
    if key not in SORTS:
        return "name", False
    descending = raw.startswith("-")
    return key, descending


# --- The list -------------------------------------------------------------------


def source_row_html(source: Source) -> SafeString:
    """One row of the source list, built in Python (every value escaped by desk's
    format_html): a template render costs about 0.1 ms a row, and the list shows 25."""
    affiliation = source.affiliation
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
        format_html('<br><small class="muted">of {}</small>', affiliation.name)
        if affiliation else "",
        source.get_kind_display(),
        source.reliability,
        source.get_reliability_display(),
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
    sources = Source.objects.select_related("affiliation").only(
        *BADGE_FIELDS, "affiliation__name"
    ).annotate(
        spoken_count=_count(Claim, "speaker"),
        relayed_count=_count(ClaimRelay, "source"),
    )
    if key == "track":
        sources = with_track_estimate(sources)
    too_many = False
    total = None
    if query:
        # The matching ids first (trigram index, see search.named), then the page by id:
        # as one query PostgreSQL misjudges how many names match and reads every source.
        ids = list(named(Source.objects.values_list("pk", flat=True), query)[: SEARCH_CAP + 1])
        too_many = len(ids) > SEARCH_CAP
        ids = ids[:SEARCH_CAP]
        sources = sources.filter(_among(ids))
        total = len(ids)  # distinct ids (a UNION): no COUNT query needed
    column = SORTS[key][0]
    if isinstance(column, str):
        order = f"-{column}" if descending else column
    else:
        order = column.desc() if descending else column.asc()
    sources = sources.order_by(order, Lower("name"), "pk")

    columns = []
    for name, (_, first_direction) in SORTS.items():
        if name == key:
            next_sort = name if descending else f"-{name}"
            state = "descending" if descending else "ascending"
        else:
            next_sort = f"-{name}" if first_direction == "desc" else name
            state = "none"
        columns.append({"key": name, "next": next_sort, "aria_sort": state})
    page = _page(request, sources, "page", SOURCES_PER_PAGE, total)
    context = {
        "page": page,
        "rows": [source_row_html(source) for source in page.object_list],
        "query": query,
        "too_many": too_many,
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
    most of a second. Rows read only what they show (Claim.objects.for_rows)."""
    relayed = ClaimRelay.objects.filter(source=source).values("claim_id")
    # The credibility control sends the claim's version back (a stale grade is refused).
    claims = Claim.objects.for_rows("version").order_by("-created_at", "-pk")
    links = _links_page(request, source)
    return {
        "source": source,
        "spoken": slice_page(
            request, claims.filter(speaker=source), ROWS_PER_PAGE, "spoken_page"
        ),
        "relayed": slice_page(
            request, claims.filter(pk__in=relayed), ROWS_PER_PAGE, "relayed_page"
        ),
        "links": links,
        "link_rows": [_link_row_html(link) for link in links.object_list],
    }


def _link_row_html(link: ClaimLink) -> SafeString:
    """One row of the source page's links table, built in Python like source_row_html."""
    nature = f" ({link.get_nature_display().lower()})" if link.nature else ""
    outcome = f": {link.get_outcome_display().lower()}" if link.outcome else ""
    return format_html(
        "<tr>\n"
        "        <td>{} <small>({})</small></td>\n"
        "        <td>{}{}</td>\n"
        "        <td>{} <small>({})</small></td>\n"
        "        <td>{}{}</td>\n"
        "      </tr>",
        link.first.statement,
        source_badge_html(link.first.speaker),
        link.get_kind_display().lower(),
        nature,
        link.second.statement,
        source_badge_html(link.second.speaker),
        link.get_status_display(),
        outcome,
    )


# The newest links of one side (its claim first, or second) of a speaker's claims, as
# _links_page reads them: written out rather than built with the ORM, whose two querysets
# cost more Python than the page's whole links query takes in PostgreSQL.
NEWEST_LINKS_SIDE = (
    "SELECT * FROM (SELECT l.id FROM claims_claimlink l"
    " INNER JOIN claims_claim c ON l.{side}_id = c.id WHERE c.speaker_id = %s"
    " ORDER BY l.created_at DESC, l.id DESC LIMIT %s) {side}_side"
)
NEWEST_LINKS = " UNION ALL ".join(NEWEST_LINKS_SIDE.format(side=s) for s in ("first", "second"))


def _links_page(request: HttpRequest, source: Source) -> Slice:
    """The links of the source's claims, newest first, one page of them, in one query.

    The newest links on each side (its claim first, or second) are found apart, so
    that the planner can start from the speaker's claims (claimlink_first_idx,
    claimlink_second_idx) or walk the links newest first (claimlink_created_idx),
    whichever is cheaper for this source; with an OR across both joins it can do
    neither. The two lists are joined with UNION ALL inside the page's query (Django
    cannot slice inside a UNION on SQLite, hence the SQL written out: NEWEST_LINKS)."""
    number = slice_page(request, [], ROWS_PER_PAGE, "links_page").number
    end = number * ROWS_PER_PAGE + 1
    newest = RawSQL(NEWEST_LINKS, (source.pk, end, source.pk, end))
    speaker = [f"{side}__speaker__{f}" for side in ("first", "second") for f in BADGE_FIELDS]
    links = (
        ClaimLink.objects.filter(pk__in=newest)
        .select_related("first__speaker", "second__speaker")
        .only("kind", "nature", "status", "outcome", "first__statement",
              "second__statement", *speaker)
        .order_by("-created_at", "-pk")
    )
    return Slice(links, number, ROWS_PER_PAGE)


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
        "aliases": source.aliases.order_by(Lower("name")),
        "members": _rows(
            request,
            source.members.only(*BADGE_FIELDS, "affiliation").order_by(Lower("name"), "pk"),
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
    context = {
        "source": duplicate,
        "form": form,
        "refused": refused,
        "names": Source.objects.exclude(pk=duplicate.pk).order_by(Lower("name")).values_list(
            "name", flat=True
        ),
    }
    return TemplateResponse(request, "claims/source_merge.html", context)


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
