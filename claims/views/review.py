"""Reviewer pages: compare two claims, link them, questions, and the review queue."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from factdesk.jinja2 import render

from .. import services
from ..cards import (
    QUESTION_PAGE_SIZE,
    CardsByIds,
    card_of_link,
    claim_link_cards,
    claims_on,
    claims_to_compare,
    compare_column,
    compare_url,
    dismissed_pairs,
    link_page,
    link_powers,
    pair_of,
    picker_rows,
    question_cards,
    question_drawings,
    question_rows,
    queue_count_text,
    refusal,
    suggestion_rows,
)
from ..csv_export import LINK_HEADER, QUESTION_HEADER, link_csv_rows, question_csv_rows, streamed
from ..dependence import question_evidence
from ..forms.review import (
    AssignForm,
    LinkForm,
    QuestionForm,
    QueueFilterForm,
    ReopenForm,
    ResolveForm,
)
from ..ids import parse_id
from ..models import Claim, ClaimLink, Question
from ..paging import open_contradictions, slice_page
from ..paths import url
from ..permissions import link_removable_by
from ..ratings import grading_for
from ..search import questions_named
from ..services_claims import question_claim_add, question_claim_remove
from ..services_inbox import watching
from ..suggestions import (
    SUGGESTED_FOR,
    claim_or_none,
    claim_to_suggest_or_404,
    dismissed_of,
    search_claims,
    suggest_competitors,
)

LINKED_EVENT = "claimLinked"
RESOLVED_EVENT = "linkResolved"
# The id pattern a link form was rendered with, so that errors come back in the same form.
AUTO_ID = re.compile(r"id_[a-z0-9_]{0,40}%s")
QUEUE_PAGE_SIZE = 25


# --- Helpers -------------------------------------------------------------------------------


def _pair(request: HttpRequest, claims) -> tuple[Claim | None, Claim | None]:
    """The claims picked as ?a= and ?b= (either may be missing), read in one query."""
    a, b = parse_id(request.GET.get("a")), parse_id(request.GET.get("b"))
    wanted = [pk for pk in (a, b) if pk is not None]
    found = {claim.pk: claim for claim in claims.filter(pk__in=wanted)} if wanted else {}
    return found.get(a), found.get(b)


def _pk(claim: Claim | None) -> int | None:
    return None if claim is None else claim.pk


def _next_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


# --- Compare ---------------------------------------------------------------------------------


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    a, b = _pair(request, claims_to_compare())
    pairing = pair_of(a, b, link_powers(request.user))
    context = {
        "a_pk": _pk(a),
        "b_pk": _pk(b),
        "column_a": compare_column(a),
        "column_b": compare_column(b),
        "pair": pairing,
        "grading": grading_for(request, next=pairing.compare_url),
    }
    target = request.htmx.target if request.htmx else None
    if target in ("column-a", "column-b"):
        context["side"] = target[-1]
        return render(request, "claims/compare.html", context, block="swap")
    if target == "pairing":
        return render(request, "claims/compare.html", context, block="refresh")
    return render(request, "claims/compare.html", context)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_picker(request: HttpRequest) -> HttpResponse:
    side = "a" if request.GET.get("side") == "a" else "b"
    # Only the other side's contents are read (to suggest competitors); of a picked claim
    # the page needs its pk.
    a, b = _pair(request, Claim.objects.only(*SUGGESTED_FOR))
    other = b if side == "a" else a
    query = " ".join(request.GET.get("q", "").split())[:100]
    found, suggested = [], []
    if query:
        found = search_claims(query, exclude=[other.pk] if other else [])
    elif other is not None:
        suggested = suggest_competitors(other)
    context = {
        "side": side, "a_pk": _pk(a), "b_pk": _pk(b), "q": query, "has_other": other is not None,
        "rows": picker_rows(side, _pk(a), _pk(b), found, suggested),
        "back_url": compare_url(_pk(a), _pk(b)),
    }
    block = "results" if request.htmx else None
    return render(request, "claims/claim_picker.html", context, block=block)


# --- Links ------------------------------------------------------------------------------------


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_links(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.only("statement"), pk=pk)  # the panel's title
    context = {"claim": claim, "links": claim_link_cards(claim, request.user)}
    if request.htmx:
        return render(request, "claims/claim_links_panel.html", context)
    return render(request, "claims/link_panel.html", context)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_to_suggest_or_404(pk)
    return _suggestions(request, claim)


def _suggestions(request: HttpRequest, claim: Claim) -> HttpResponse:
    """The claim's suggestions page, or for htmx its list."""
    may_link = request.user.has_perm("claims.add_claimlink")
    rows = suggestion_rows(claim.pk, suggest_competitors(claim), may_link=may_link)
    dismissed = dismissed_pairs(claim.pk, *dismissed_of(claim.pk), may_link=may_link)
    context = {"claim": claim, "rows": rows, "dismissed": dismissed}
    block = "list" if request.htmx else None
    return render(request, "claims/link_suggestions.html", context, block=block)


def _dismissal(request: HttpRequest, pk: int, action) -> HttpResponse:
    """Dismiss or restore the pair of the claim and the posted "other" claim; then the
    claim's suggestions (htmx), else its suggestions page."""
    claim = claim_to_suggest_or_404(pk)
    other = claim_or_none(parse_id(request.POST.get("other")))
    if other is None or other.pk == claim.pk:
        return HttpResponseBadRequest("Name the other claim of the pair.")
    action(claim=claim, other=other, by=request.user)
    if request.htmx:
        return _suggestions(request, claim)
    return redirect(url("claims:claim-suggestions", claim.pk))


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _dismissal(request, pk, services.suggestion_dismiss)


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def suggestion_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _dismissal(request, pk, services.suggestion_restore)


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def link_create(request: HttpRequest) -> HttpResponse:
    auto_id = request.POST.get("auto_id", "")
    if not AUTO_ID.fullmatch(auto_id):
        auto_id = "id_%s"
    form = LinkForm(request.POST, auto_id=auto_id)
    error, existing = "", None
    if form.is_valid():
        data = form.cleaned_data
        try:
            link = services.link_create(
                first=data["first"],
                second=data["second"],
                kind=data["kind"],
                nature=data["nature"],
                note=data["note"],
                by=request.user,
            )
        except services.DuplicateLink as exc:
            error, existing = str(exc), exc.existing
        except services.LinkError as exc:
            error = str(exc)
        else:
            if request.htmx:
                response = HttpResponse(status=204)
                return trigger_client_event(response, LINKED_EVENT, {"link": link.pk})
            messages.success(request, "Linked.")
            return redirect(_next_url(request, compare_url(link.first_id, link.second_id)))
    context = {
        "form": form,
        "error": error,
        "existing_pk": existing.pk if existing else None,
        "existing_url": compare_url(existing.first_id, existing.second_id) if existing else "",
        "next": _next_url(request, ""),
    }
    if request.htmx:
        return render(request, "claims/link_form.html", context, block="form")
    return render(request, "claims/link_form.html", context, status=400)


def _link_for_action(pk: int) -> ClaimLink:
    return get_object_or_404(ClaimLink.objects.for_action(), pk=pk)


def _after_link_change(request: HttpRequest, link: ClaimLink | None, message: str):
    if request.htmx:
        if link is None:
            response = HttpResponse("")
        else:
            context = {"card": card_of_link(link, link_powers(request.user)), "refused": None}
            response = render(request, "claims/link_detail.html", context, block="item")
        return trigger_client_event(response, LINKED_EVENT, {})
    messages.success(request, message)
    if link is None:
        return redirect(_next_url(request, url("claims:review-queue")))
    return redirect(_next_url(request, url("claims:link-detail", link.pk)))


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(pk)
    if not link_removable_by(link, request.user):
        raise PermissionDenied("Only a reviewer may remove this link.")
    services.link_remove(link=link, by=request.user)
    return _after_link_change(request, None, "Link removed.")


def _link_page(request, link: ClaimLink, refused=None, status=200, *, history=False):
    """The link's card (for htmx) or its page, after a refused action with `refused`."""
    powers = link_powers(request.user)
    if request.htmx:
        context = {"card": card_of_link(link, powers), "refused": refused}
        return render(request, "claims/link_detail.html", context, block="item")
    page = link_page(link, powers) if history else None
    card = page.card if page else card_of_link(link, powers)
    context = {"card": card, "refused": refused, "page": page}
    return render(request, "claims/link_detail.html", context, status=status)


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _link_page(request, _link_for_action(pk), history=True)


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def link_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _link_page(request, link, refusal(form), status=400)
    try:
        link = services.contradiction_resolve(
            link=link,
            outcome=form.cleaned_data["outcome"],
            rationale=form.cleaned_data["rationale"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.StaleLink as exc:
        refused = refusal(stale=str(exc), lost_rationale=form.cleaned_data["rationale"])
        return _link_page(request, _link_for_action(pk), refused, status=409)
    except services.LinkError as exc:
        return _link_page(request, link, refusal(form, error=str(exc)), status=400)
    response = _after_link_change(request, _link_for_action(pk), "Resolved.")
    return trigger_client_event(response, RESOLVED_EVENT, {}) if request.htmx else response


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def link_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _link_page(request, link, refusal(error="The form was incomplete."), status=400)
    try:
        services.contradiction_reopen(
            link=link, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.StaleLink as exc:
        return _link_page(request, _link_for_action(pk), refusal(stale=str(exc)), status=409)
    return _after_link_change(request, _link_for_action(pk), "Reopened.")


# --- Questions ----------------------------------------------------------------------------------


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Question.objects.for_list(), QUESTION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page, "questions": question_rows(page.object_list),
        "csv_url": url("claims:question-list-csv"),
    }
    block = "rows" if request.htmx else None
    return render(request, "claims/question_list.html", context, block=block)


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_GET
def question_list_csv(request: HttpRequest) -> HttpResponse:
    """Every question, newest first as the list shows them, as CSV."""
    return streamed(
        "questions.csv", QUESTION_HEADER, question_csv_rows(Question.objects.for_list()),
    )


@login_required
@permission_required("claims.add_question", raise_exception=True)
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.created_by = request.user
        question.save()
        messages.success(request, "Question created.")
        where = url("claims:question-detail", question.pk)
        if request.htmx:
            return HttpResponseClientRedirect(where)
        return redirect(where)
    status = 400 if request.method == "POST" else 200
    block = "form" if request.htmx else None
    return render(request, "claims/question_form.html", {"form": form}, block=block,
                  status=status)


def _question_context(request: HttpRequest, question: Question) -> dict:
    # The evidence reads every claim on the question: their number is the pages' count.
    evidence = question_evidence(question)
    page = Paginator(range(evidence.reports), QUESTION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    start = (page.number - 1) * QUESTION_PAGE_SIZE
    cards = question_cards(question, start, QUESTION_PAGE_SIZE)
    may_assign = request.user.has_perm("claims.change_claim")
    return {
        **_candidates_context(request, question, may_assign),
        "page": page,
        "claims": cards,
        "unassign_url": url("claims:question-unassign", question.pk) if may_assign else "",
        **question_drawings(cards),
        "evidence": evidence,
    }


def _candidates_context(request: HttpRequest, question: Question, may_assign: bool) -> dict:
    """The claims off the question that match the typed search (for editors only)."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    candidates = []
    if query and may_assign:
        candidates = search_claims(query, exclude=claims_on(question))
    return {"question": question, "q": query, "candidates": candidates, "may_assign": may_assign}


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    if request.htmx and request.htmx.target == "question-candidates":
        # Typed searches ask for the candidates alone: no evidence, cards or drawings.
        context = _candidates_context(
            request, question, request.user.has_perm("claims.change_claim")
        )
        return render(request, "claims/question_detail.html", context, block="candidates")
    context = _question_context(request, question)
    if request.htmx:
        return render(request, "claims/question_detail.html", context, block="board")
    context["watching"] = watching(question_pk=question.pk, user_id=request.user.pk)
    return render(request, "claims/question_detail.html", context)


def _assign(request: HttpRequest, pk: int, *, add: bool) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a claim.")
        return redirect("claims:question-detail", pk=question.pk)
    claim = form.cleaned_data["claim"]
    if add:
        question_claim_add(question=question, claim=claim, by=request.user)
    else:
        question_claim_remove(question=question, claim=claim, by=request.user)
    if request.htmx:
        context = _question_context(request, question)
        return render(request, "claims/question_detail.html", context, block="board")
    messages.success(request, "Claim added." if add else "Claim taken off the question.")
    return redirect("claims:question-detail", pk=question.pk)


@login_required
@permission_required("claims.change_claim", raise_exception=True)
@require_POST
def question_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _assign(request, pk, add=True)


@login_required
@permission_required("claims.change_claim", raise_exception=True)
@require_POST
def question_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    return _assign(request, pk, add=False)


# --- Review queue ---------------------------------------------------------------------------------


def _queue(request: HttpRequest):
    """(the filter form, the question's text, the questions' ids or None, the open
    contradictions they let through): the queue's page and its CSV read it."""
    filters = QueueFilterForm(request.GET or None)
    question_q = " ".join(request.GET.get("question_q", "").split())[:300]
    question_ids, nature = None, ""
    if filters.is_valid():
        nature = filters.cleaned_data["nature"]
        question = filters.cleaned_data["question"]
        if question is not None and question_q.lower() in ("", question.text.lower()):
            question_ids, question_q = [question.pk], question.text
    if question_ids is None and question_q:
        question_ids = questions_named(question_q)
    assignee = {"me": request.user.pk, "none": "none"}.get(request.GET.get("assignee", ""))
    links = ClaimLink.objects.in_queue(
        nature=nature, question_ids=question_ids, assignee=assignee
    )
    return filters, question_q, question_ids, assignee, links


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Open contradictions, oldest first. The question filter is a typed text (or, from a
    link, one question's pk), never a <select> of thousands; pages carry no total."""
    filters, question_q, question_ids, assignee, links = _queue(request)
    cards = CardsByIds(links, link_powers(request.user), "created_at", "pk")
    page = slice_page(request, cards, QUEUE_PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    total, cached = None, False
    if question_ids is None and not params.get("nature") and assignee is None:
        total, cached = open_contradictions()
    context = {
        "filters": filters,
        "page": page,
        "params": params.urlencode(),
        "question_q": question_q,
        "chosen_question": question_ids[0] if question_ids and len(question_ids) == 1 else None,
        "open_total": total,
        "count_text": queue_count_text(total, cached),
        "csv_url": f"{url('claims:review-queue-csv')}?{params.urlencode()}",
        "assignee": request.GET.get("assignee", "") if assignee is not None else "",
    }
    block = "rows" if request.htmx else None
    return render(request, "claims/review_queue.html", context, block=block)


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def review_queue_csv(request: HttpRequest) -> HttpResponse:
    """The review queue's current filter as CSV: every open contradiction it lets through."""
    links = _queue(request)[4]
    return streamed("review-queue.csv", LINK_HEADER, link_csv_rows(links))
