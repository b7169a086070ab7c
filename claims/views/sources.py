"""Sources: the list, a source's page (adding an alias, what it belongs to), grading in place,
merging; a claim's credibility."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from factdesk.jinja2 import render

from .. import source_rows
from ..csv_export import SOURCE_HEADER, source_csv_rows, streamed
from ..forms.sources import AffiliationForm, AliasForm, CredibilityForm, GradeForm, MergeForm
from ..ids import parse_id
from ..merge import MergeRefused, source_merge
from ..models import Claim, Source
from ..paths import url
from ..permissions import require
from ..ratings import claim_rating, grading_for
from ..reliability import StaleCredibility, claim_grade_credibility
from ..source_names import StaleAffiliation, source_affiliation_set, source_alias_add


@login_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "claims.view_source")
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "listing": source_rows.source_list(request),
        "csv_url": f"{url('claims:source-list-csv')}?{params.urlencode()}",
    }
    block = "results" if request.htmx else None
    return render(request, "claims/source_list.html", context, block=block)


@login_required
@require_GET
def source_list_csv(request: HttpRequest) -> HttpResponse:
    """The source list's current search and sort as CSV: every source it lists."""
    require(request.user, "claims.view_source")
    _, _, _, sources, ordering = source_rows.listed_sources(request.GET)
    return streamed("sources.csv", SOURCE_HEADER, source_csv_rows(sources, ordering))


@login_required
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "claims.view_source")
    source = source_rows.source_or_404(pk)
    if request.htmx:
        # The claim lists refresh themselves after a regrade (sourceGraded).
        claims = source_rows.source_claims(request, source, grading_for(request))
        return render(request, "claims/source_detail.html", {"claims": claims}, block="claims")
    return _source_page(request, source)


def _source_page(request: HttpRequest, source: Source, *, alias_form: AliasForm | None = None,
                 affiliation_form: AffiliationForm | None = None, status: int = 200):
    """A source's page; with a refused alias or affiliation form, that form as typed."""
    may_grade = request.user.has_perm("claims.grade_source")
    may_describe = request.user.has_perm("claims.describe_source")
    if may_describe:
        alias_form = alias_form or AliasForm(source=source)
        affiliation_form = affiliation_form or AffiliationForm(source=source)
    context = {
        "source": source_rows.source_head(source),
        "grade": source_rows.grade_panel(
            request, source, form=GradeForm(source=source) if may_grade else None
        ),
        "claims": source_rows.source_claims(request, source, grading_for(request)),
        "aliases": source_rows.alias_names(source),
        "members": source_rows.members(request, source),
        "can_merge": request.user.has_perm("claims.merge_source"),
        "alias_form": alias_form if may_describe else None,
        "affiliation_form": affiliation_form if may_describe else None,
    }
    return render(request, "claims/source_detail.html", context, status=status)


@login_required
@require_POST
def source_alias(request: HttpRequest, pk: int) -> HttpResponse:
    """Add another name for the source (reviewers and admins)."""
    require(request.user, "claims.describe_source")
    source = source_rows.source_or_404(pk)
    form = AliasForm(request.POST, source=source)
    if form.is_valid():
        name = form.cleaned_data["alias"]
        try:
            source_alias_add(source=source, name=name, by=request.user)
        except IntegrityError:  # the same name added by someone else just now
            form.add_error("alias", f"{source.name} is already known as {name}.")
        else:
            messages.success(request, f"{source.name} is now also known as {name}.")
            return redirect(source)
    return _source_page(request, source, alias_form=form, status=400)


@login_required
@require_POST
def source_affiliation(request: HttpRequest, pk: int) -> HttpResponse:
    """Set what the source belongs to (reviewers and admins)."""
    require(request.user, "claims.describe_source")
    source = source_rows.source_or_404(pk)
    form = AffiliationForm(request.POST, source=source)
    if form.is_valid():
        affiliation = form.cleaned_data["affiliation"]
        try:
            source_affiliation_set(
                source=source, affiliation=affiliation,
                loaded=parse_id(form.cleaned_data["loaded"]), by=request.user,
            )
        except StaleAffiliation as stale:
            now = stale.current.name if stale.current else "nobody"
            data = request.POST.copy()
            data["loaded"] = str(stale.current.pk if stale.current else "")
            form = AffiliationForm(data, source=source)
            form.is_valid()
            form.add_error("affiliation", f"Someone changed this meanwhile: it now belongs to "
                           f"{now}. Save again to make it yours.")
        else:
            text = f"{source.name} belongs to {affiliation.name}." if affiliation else (
                f"{source.name} belongs to nobody.")
            messages.success(request, text)
            return redirect(source)
    return _source_page(request, source, affiliation_form=form, status=400)


@login_required
@require_POST
def source_grade(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "claims.grade_source")
    source = source_rows.source_or_404(pk)
    form = GradeForm(request.POST, source=source)
    if not form.is_valid():
        if request.htmx:
            panel = source_rows.grade_panel(request, source, form=form)
            return render(request, "claims/source_detail.html", {"grade": panel}, block="grade")
        messages.error(request, "The grade was not changed: " + " ".join(
            error for errors in form.errors.values() for error in errors
        ))
        return redirect(source)
    change = source.set_reliability(
        form.cleaned_data["grade"], reason=form.cleaned_data["reason"], by=request.user
    )
    text = f"{source.name} is now graded {change.to_grade} (was {change.from_grade})."
    if request.htmx:
        panel = source_rows.grade_panel(request, source, form=GradeForm(source=source),
                                        graded=text)
        response = render(request, "claims/source_detail.html", {"grade": panel}, block="grade")
        return trigger_client_event(response, "sourceGraded", {"source": source.pk})
    messages.success(request, text)
    return redirect(source)


# --- Merging ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def source_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "claims.merge_source")
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
    context = {"merge": source_rows.merge_names(request, duplicate), "form": form,
               "refused": refused}
    block = "names" if request.htmx and request.method == "GET" else None
    return render(request, "claims/source_merge.html", context, block=block)


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
    require(request.user, "claims.grade_claim")
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
        context = {
            "rating": claim_rating(claim),
            "grading": grading_for(request, next=next_url, error=error, chosen=chosen),
        }
        response = render(request, "claims/claim_credibility.html", context)
        if not error:
            trigger_client_event(response, "claimGraded", {"claim": claim.pk})
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Claim now rated {claim.rating}.")
    return redirect(next_url)
