"""Sources: the list, a source's page, grading in place, merging; a claim's credibility."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from ..forms.sources import CredibilityForm, GradeForm, MergeForm
from ..merge import MergeRefused, source_merge
from ..models import Claim, ClaimLink, ClaimRelay, Source
from ..paging import Slice, slice_page
from ..reliability import StaleCredibility, claim_grade_credibility, with_track_estimate
from ..search import named

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


def _page(request: HttpRequest, items: QuerySet, param: str, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get(param))


def _count(model, field: str) -> Coalesce:
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _sort(request: HttpRequest) -> tuple[str, bool]:
    """The sort key and whether it runs descending: "?sort=-track" is best first."""
    raw = request.GET.get("sort", "name")
    key = raw.lstrip("-")
    if key not in SORTS:
        return "name", False
    descending = raw.startswith("-")
    return key, descending


# --- The list -------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def source_list(request: HttpRequest) -> TemplateResponse:
    _require(request, "claims.view_source")
    query = " ".join(request.GET.get("q", "").split())
    sources = with_track_estimate(Source.objects.select_related("affiliation")).annotate(
        spoken_count=_count(Claim, "speaker"),
        relayed_count=_count(ClaimRelay, "source"),
    )
    too_many = False
    if query:
        # The matching ids first (trigram index, see search.named), then the page by id:
        # as one query PostgreSQL misjudges how many names match and reads every source.
        ids = list(named(Source.objects.values_list("pk", flat=True), query)[: SEARCH_CAP + 1])
        too_many = len(ids) > SEARCH_CAP
        sources = sources.filter(pk__in=ids[:SEARCH_CAP])
    key, descending = _sort(request)
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
    context = {
        "page": _page(request, sources, "page", SOURCES_PER_PAGE),
        "query": query,
        "too_many": too_many,
        "search_cap": SEARCH_CAP,
        "sort": f"-{key}" if descending else key,
        "columns": {column["key"]: column for column in columns},
    }
    template = "claims/source_list.html#results" if request.htmx else "claims/source_list.html"
    return TemplateResponse(request, template, context)


# --- A source's page --------------------------------------------------------------


def _claims(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("document", "speaker").prefetch_related(
        "relay_links__source"
    )


def _grade_context(request: HttpRequest, source: Source, form: GradeForm | None = None) -> dict:
    can_grade = request.user.has_perm("claims.grade_source")
    if can_grade and form is None:
        form = GradeForm(source=source)
    return {
        "source": source,
        "can_grade": can_grade,
        "grade_form": form if can_grade else None,
        "grade_changes": _page(
            request,
            source.grade_changes.select_related("changed_by"),
            "grades_page",
            ROWS_PER_PAGE,
        ),
    }


def _claims_context(request: HttpRequest, source: Source) -> dict:
    """The source's claims, relays and links, each paged without a total: a busy speaker
    has tens of thousands, and counting them (the links over a join, with an OR) cost
    most of a second. The links are matched by its claims' ids on each side, so that
    claimlink_first_idx and claimlink_second_idx answer the OR."""
    relayed = ClaimRelay.objects.filter(source=source).values("claim_id")
    return {
        "source": source,
        "spoken": slice_page(
            request,
            _claims(Claim.objects.filter(speaker=source)).order_by("-created_at", "-pk"),
            ROWS_PER_PAGE,
            "spoken_page",
        ),
        "relayed": slice_page(
            request,
            _claims(Claim.objects.filter(pk__in=relayed)).order_by("-created_at", "-pk"),
            ROWS_PER_PAGE,
            "relayed_page",
        ),
        "links": _links_page(request, source),
    }


def _links_page(request: HttpRequest, source: Source) -> Slice:
    """The links of the source's claims, newest first, one page of them."""
    number = slice_page(request, [], ROWS_PER_PAGE, "links_page").number
    end = number * ROWS_PER_PAGE + 1

    def side(field: str) -> list:
        rows = ClaimLink.objects.filter(**{f"{field}__speaker": source})
        return list(rows.order_by("-created_at", "-pk").values_list("created_at", "pk")[:end])

    keys = sorted(set(side("first")) | set(side("second")), reverse=True)
    page = Slice(keys, number, ROWS_PER_PAGE)
    wanted = [pk for _, pk in page.object_list]
    found = ClaimLink.objects.select_related("first__speaker", "second__speaker").in_bulk(wanted)
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


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
        "members": _page(
            request, source.members.order_by(Lower("name"), "pk"), "members_page", ROWS_PER_PAGE
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
