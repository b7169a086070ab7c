"""Claims: the list with live search and filters, the claim's page, editing in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from ..dependence import claim_evidence
from ..forms.documents import ClaimFilterForm, ClaimForm
from ..models import Claim
from ..paging import KeysetPage, estimated_count
from ..search import filter_claims
from ..services_claims import StaleClaim, claim_update
from .documents import _show_problem, _with_created_source, claim_form_context
from .review import claim_link_cards

PER_PAGE = 25
HISTORY_SHOWN = 50
NOT_DIFFED = ["version", "quote_prefix", "quote_suffix", "quote_start", "quote_key", "questions"]


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_list(request: HttpRequest) -> TemplateResponse:
    """Claims newest first, filtered; paged by cursor, with no count of a filtered list.

    The unfiltered list says how many claims the desk holds (PostgreSQL's
    estimate at scale); a filtered one pages "newer / older" without a total.
    """
    form = ClaimFilterForm(request.GET)
    claims = Claim.objects.for_rows()
    filtered = False
    if form.is_valid():
        filtered = any(v not in (None, "") for v in form.cleaned_data.values())
        claims = filter_claims(claims, form.cleaned_data)
    else:
        # A filter that cannot be read matches nothing; the page says why beside the list.
        filtered = True
        claims = claims.none()
    page = KeysetPage(
        claims, PER_PAGE, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    query = request.GET.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": filtered,
        "typed": {name: form.typed(name) for name in ("speaker", "outlet", "question")},
    }
    if not filtered:
        context["total"], context["total_estimated"] = estimated_count(Claim)
    template = "claims/claim_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return TemplateResponse(request, template, context)


def claim_history(claim: Claim) -> list[dict]:
    """The claim's saved versions, newest first, each with what changed from the one before."""
    records = list(claim.history.select_related("history_user")[: HISTORY_SHOWN + 1])
    entries = []
    for record, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = record.diff_against(older, excluded_fields=NOT_DIFFED)
            changes = [
                {"field": Claim._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                for c in delta.changes
            ]
        entries.append({"record": record, "changes": changes})
    return entries[:HISTORY_SHOWN]


def _visible_claim(pk: int, *, body: bool = True) -> Claim:
    claims = Claim.objects.with_related().select_related("created_by")
    if not body:
        claims = claims.defer("document__body")
    return get_object_or_404(claims.prefetch_related("questions"), pk=pk)


def can_edit(user, claim: Claim) -> bool:
    if not user.has_perm("claims.change_claim"):
        return False
    return claim.created_by_id == user.pk or user.has_perm("claims.change_any_claim")


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    claim = _visible_claim(pk, body=False)  # the page shows the title, never the body
    context = {
        "claim": claim,
        "links": claim_link_cards(claim),
        "history": claim_history(claim),
        "can_edit": can_edit(request.user, claim),
        "evidence": claim_evidence(claim),
    }
    return TemplateResponse(request, "claims/claim_detail.html", context)


def stale_changes(claim: Claim, version: int) -> list[dict]:
    """What changed in the claim since `version`, as field, old, new."""
    current = claim.history.order_by("-history_id").first()
    started = claim.history.filter(version=version).order_by("-history_id").first()
    if current is None or started is None or current.pk == started.pk:
        return []
    delta = current.diff_against(started, excluded_fields=NOT_DIFFED)
    return [
        {"field": Claim._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
        for c in delta.changes
    ]


@login_required
@permission_required("claims.change_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _visible_claim(pk)
    if not can_edit(request.user, claim):
        raise PermissionDenied("Only the editor who logged this claim, or a reviewer, can edit it.")
    document = claim.document
    changes = None
    if request.method == "POST":
        data, problem = _with_created_source(request, request.POST)
        form = ClaimForm(data, document=document, claim=claim)
        _show_problem(form, problem)
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
    context.update(
        {"claim": claim, "document": document, "changes": changes,
         "form_action": request.path}
    )
    template = "claims/claim_edit.html"
    if request.htmx and not request.htmx.boosted:
        template += "#form"
    return TemplateResponse(request, template, context)
