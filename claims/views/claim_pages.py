"""Claims: the list with live search and filters, the claim's page, editing in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from factdesk.jinja2 import render

from ..cards import claim_link_cards
from ..claim_rows import (
    claim_history,
    claim_list_page,
    claim_page,
    edit_head,
    filtered_claims,
    stale_changes,
)
from ..claimreview import shown_reviews
from ..csv_export import CLAIM_HEADER, claim_csv_rows, streamed
from ..forms.documents import ClaimFilterForm, ClaimForm, claim_form_context
from ..models import Claim
from ..paths import url
from ..permissions import may_correct, require_correct
from ..pickers import show_problem, with_created_source
from ..ratings import grading_for
from ..services_claims import StaleClaim, claim_update


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims newest first, filtered; paged by cursor, with no count of a filtered list.

    The unfiltered list says how many claims the desk holds (PostgreSQL's
    estimate at scale); a filtered one pages "newer / older" without a total.
    """
    form = ClaimFilterForm(request.GET)
    listing = claim_list_page(form, request.GET)
    context = {
        "form": form,
        "page": listing.page,
        "query": listing.query,
        "count": listing.count,
        "csv_url": f"{url('claims:claim-list-csv')}?{listing.query}",
        "typed": {name: form.typed(name) for name in ("speaker", "outlet", "question")},
    }
    block = "results" if request.htmx and not request.htmx.boosted else None
    return render(request, "claims/claim_list.html", context, block=block)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_list_csv(request: HttpRequest) -> HttpResponse:
    """The claim list's current filter as CSV: every claim it lets through, streamed."""
    claims, _ = filtered_claims(ClaimFilterForm(request.GET))
    return streamed("claims.csv", CLAIM_HEADER, claim_csv_rows(claims))


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_page(pk)
    context = {
        "claim": claim,
        "grading": grading_for(request),
        "can_edit": may_correct(request.user, claim, "claims.change_claim"),
        "links": claim_link_cards(claim, request.user),
        "history": claim_history(pk),
        "reviews": shown_reviews(pk, f"{request.scheme}://{request.get_host()}"),
    }
    return render(request, "claims/claim_detail.html", context)


@login_required
@permission_required("claims.change_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.for_edit(), pk=pk)
    require_correct(request.user, claim, "claims.change_claim")
    document = claim.document
    changes = None
    if request.method == "POST":
        data, problem = with_created_source(request, request.POST)
        form = ClaimForm(data, document=document, claim=claim)
        show_problem(form, problem)
        if "create_source" not in data and form.is_valid():
            version = form.cleaned_data["version"] or claim.version
            try:
                claim_update(claim=claim, data=form.cleaned_data, version=version, by=request.user)
            except StaleClaim as stale:
                changes = stale_changes(claim, version)
                # The editor has now seen the other save: the next save may replace it.
                data = data.copy()
                data["version"] = str(stale.current.version)
                form = ClaimForm(data, document=document, claim=claim)
                form.is_valid()
                form.add_error(
                    None,
                    "This claim was changed by someone else while you edited it; "
                    "nothing of yours was saved yet.",
                )
            else:
                messages.success(request, "Claim saved.")
                return redirect(claim)
    else:
        form = ClaimForm(document=document, claim=claim)
    context = claim_form_context(form)
    context.update({
        "head": edit_head(claim), "document": document, "changes": changes,
        "form_action": request.path,
    })
    block = "form" if request.htmx and not request.htmx.boosted else None
    return render(request, "claims/claim_edit.html", context, block=block)
