"""Reviewer pages: compare two claims, link them, questions, and the review queue."""

from __future__ import annotations

import re
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from .. import services
from ..compare import compare as compare_claims
from ..compiled import CompiledRows
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
from ..models import (
    BADGE_FIELDS,
    ROW_FIELDS,
    Claim,
    ClaimLink,
    Question,
)
from ..numberline import date_line, number_line
from ..paging import open_contradictions, slice_page
from ..search import questions_named
from ..services_claims import question_claim_add, question_claim_remove
from ..suggestions import (
    SUGGESTED_FOR,
    claim_to_suggest_or_404,
    search_claims,
    suggest_competitors,
)
from .documents import SourceValues, badge_source, relays_by_claim

LINKED_EVENT = "claimLinked"
# The id pattern a link form was rendered with, so that errors come back in the same form.
AUTO_ID = re.compile(r"id_[a-z0-9_]{0,40}%s")
QUEUE_PAGE_SIZE = 25
QUESTION_PAGE_SIZE = 30
CONTEXT_CHARS = 160


# --- Helpers -------------------------------------------------------------------------------


def _claims():
    """Claims as the compare columns show them: speaker, document, relays."""
    return Claim.objects.select_related("speaker", "document").with_relays()


def _links():
    return ClaimLink.objects.select_related(
        "first__speaker", "second__speaker", "proposed_by", "resolved_by"
    )


# What a link card reads (claims/templatetags/desk.py link_card): no users, no documents.
LINK_FIELDS = (
    "kind", "nature", "note", "status", "outcome", "rationale", "proposed_by", "created_at",
    "resolved_at", "version", "first", "second",
)


class CardSpeaker(NamedTuple):
    """What a link card shows of a claim's speaker."""

    name: str


class CardClaim(NamedTuple):
    """What a link card shows of each of its claims."""

    pk: int
    statement: str
    status: str
    speaker: CardSpeaker


class LinkCard(NamedTuple):
    """A link as its card reads it (desk.link_card takes these or ClaimLinks), from one
    row of values: as model instances a card was five (the link, two claims, two
    speakers), which cost the review queue more than building its 25 cards."""

    pk: int
    kind: str
    nature: str
    note: str
    status: str
    outcome: str
    rationale: str
    proposed_by_id: int | None
    created_at: object
    resolved_at: object
    version: int
    first_id: int
    second_id: int
    first: CardClaim
    second: CardClaim


# The columns of a LinkCard row, in its order: the link's own, then each claim's.
LINK_CARD_COLUMNS = (
    "pk", *LINK_FIELDS,
    *(f"{side}__{field}" for side in ("first", "second")
      for field in ("statement", "status", "speaker__name")),
)


def _link_card(row: tuple) -> LinkCard:
    own = row[:13]
    first = CardClaim(own[11], row[13], row[14], CardSpeaker(row[15]))
    second = CardClaim(own[12], row[16], row[17], CardSpeaker(row[18]))
    return LinkCard(*own, first, second)


def _link_cards(links) -> list[LinkCard]:
    """These links (a query, ordered) as LinkCards: one query, no model instances."""
    return [_link_card(row) for row in links.values_list(*LINK_CARD_COLUMNS)]


class _CardsByIds:
    """Links to show as cards, sliced on the links table alone: a page's ids are picked by a
    subquery that reads no claim and no speaker, even for the rows an OFFSET skips, and
    only that page's links are joined to their claims. Slicing is all slice_page asks.
    On the benchmark desk the queue's query takes about 1 ms instead of 3."""

    def __init__(self, links, *order: str):
        self.links, self.order = links, order

    def __getitem__(self, part: slice) -> list[LinkCard]:
        ids = self.links.order_by(*self.order).values("pk")[part]
        return _link_cards(ClaimLink.objects.filter(pk__in=ids).order_by(*self.order))


def _pair(request: HttpRequest, claims) -> tuple[Claim | None, Claim | None]:
    """The claims picked as ?a= and ?b= (either may be missing), read in one query."""
    a, b = parse_id(request.GET.get("a")), parse_id(request.GET.get("b"))
    wanted = [pk for pk in (a, b) if pk is not None]
    found = {claim.pk: claim for claim in claims.filter(pk__in=wanted)} if wanted else {}
    return found.get(a), found.get(b)


def _next_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def _compare_url(a: Claim | None, b: Claim | None) -> str:
    params = []
    if a is not None:
        params.append(f"a={a.pk}")
    if b is not None:
        params.append(f"b={b.pk}")
    return reverse("claims:compare") + ("?" + "&".join(params) if params else "")


def quote_in_context(claim: Claim, chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The claim's quote with some of its document's text either side."""
    body = claim.document.body
    start = claim.quote_start
    if body and start is not None and body[start : start + len(claim.quote)] == claim.quote:
        end = start + len(claim.quote)
        before = body[max(0, start - chars) : start]
        after = body[end : end + chars]
        return ("…" + before if start > chars else before), claim.quote, (
            after + "…" if end + chars < len(body) else after
        )
    return claim.quote_prefix, claim.quote, claim.quote_suffix


# --- Compare ---------------------------------------------------------------------------------


def _pairing(request: HttpRequest, a: Claim | None, b: Claim | None) -> dict:
    context: dict = {"a": a, "b": b, "compare_url": _compare_url(a, b)}
    if a is None or b is None or a.pk == b.pk:
        return context
    # The link card reads of each claim what the columns have read already: the link alone
    # is fetched (at most one per pair), and its claims are the columns' own.
    link = (
        ClaimLink.objects.only(*LINK_FIELDS)
        .filter(Q(first=a, second=b) | Q(first=b, second=a))
        .order_by()
        .first()
    )
    if link is not None:
        link.first, link.second = (a, b) if link.first_id == a.pk else (b, a)
    verdict = compare_claims(a, b)
    context.update(
        verdict=verdict,
        link=link,
        scale=number_line([a, b], title="The two figures on one scale"),
        dates=date_line(
            [
                (c.speaker.name, c.about_phrase or "about", c.about_start, c.about_end, f"side-{s}")
                for s, c in (("a", a), ("b", b))
            ],
            title="The times the two claims are about",
        ),
    )
    if link is None and request.user.has_perm("claims.add_claimlink"):
        context["link_form"] = {  # a LinkForm's initial data, rendered by new_link_form
            "initial": {
                "first": a.pk,
                "second": b.pk,
                "kind": verdict.suggested_kind or ClaimLink.Kind.CONTRADICTS,
                "nature": verdict.suggested_nature,
            },
            "auto_id": "id_pair_%s",
        }
    return context


def _column(claim: Claim | None) -> dict:
    if claim is None:
        return {"claim": None}
    before, quote, after = quote_in_context(claim)
    return {"claim": claim, "before": before, "quote": quote, "after": after}


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def compare(request: HttpRequest) -> TemplateResponse:
    a, b = _pair(request, _claims())
    context = {
        "a": a,
        "b": b,
        "column_a": _column(a),
        "column_b": _column(b),
        "pairing": _pairing(request, a, b),
    }
    target = request.htmx.target if request.htmx else None
    if target in ("column-a", "column-b"):
        side = target[-1]
        context.update(side=side, column=context[f"column_{side}"])
        return TemplateResponse(request, "claims/compare.html#swap", context)
    if target == "pairing":
        return TemplateResponse(request, "claims/compare.html#refresh", context)
    return TemplateResponse(request, "claims/compare.html", context)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_picker(request: HttpRequest) -> TemplateResponse:
    side = "a" if request.GET.get("side") == "a" else "b"
    # Only the other side's contents are read (to suggest competitors); of a picked claim
    # the page needs its pk.
    a, b = _pair(request, Claim.objects.only(*SUGGESTED_FOR))
    other = b if side == "a" else a
    query = " ".join(request.GET.get("q", "").split())[:100]
    exclude = [other.pk] if other else []
    results = []
    if query:
        results = [(claim, None) for claim in search_claims(query, exclude=exclude)]
    elif other is not None:
        results = [(s.claim, s) for s in suggest_competitors(other)]
    rows = []
    # What _compare_url(*pair) gives, the URL reversed once rather than once per row.
    compare_url = reverse("claims:compare")
    for claim, suggestion in results:
        pair = (("a", claim), ("b", b)) if side == "a" else (("a", a), ("b", claim))
        url = compare_url + "?" + "&".join(f"{key}={c.pk}" for key, c in pair if c is not None)
        rows.append({"claim": claim, "suggestion": suggestion, "url": url})
    context = {"side": side, "a": a, "b": b, "q": query, "rows": rows, "other": other}
    if request.htmx:
        return TemplateResponse(request, "claims/claim_picker.html#results", context)
    return TemplateResponse(request, "claims/claim_picker.html", context)


# --- Links ------------------------------------------------------------------------------------


# A claim's links as LinkCard rows, oldest first: compiled once (claims/compiled.py).
_CLAIM_LINKS = CompiledRows(
    lambda pk: ClaimLink.objects.filter(Q(first=pk) | Q(second=pk))
    .order_by("created_at", "pk")
    .values_list(*LINK_CARD_COLUMNS)
)


def claim_link_cards(claim: Claim) -> list[LinkCard]:
    """A claim's links, oldest first, as its panel shows them (here and on the claim page)."""
    return [_link_card(row) for row in _CLAIM_LINKS.rows(claim.pk)]


def _panel_context(request: HttpRequest, claim: Claim) -> dict:
    return {"claim": claim, "links": claim_link_cards(claim)}


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_links(request: HttpRequest, pk: int) -> TemplateResponse:
    claim = get_object_or_404(Claim.objects.only("statement"), pk=pk)  # the panel's title
    context = _panel_context(request, claim)
    if request.htmx:
        return TemplateResponse(request, "claims/claim_links_panel.html", context)
    return TemplateResponse(request, "claims/link_panel.html", context)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_suggestions(request: HttpRequest, pk: int) -> TemplateResponse:
    claim = claim_to_suggest_or_404(pk)
    rows = []
    can_link = request.user.has_perm("claims.add_claimlink")
    for suggestion in suggest_competitors(claim):
        form = None
        if can_link:  # a LinkForm's initial data, rendered by the new_link_form tag
            form = {
                "initial": {
                    "first": claim.pk,
                    "second": suggestion.claim.pk,
                    "kind": suggestion.verdict.suggested_kind or ClaimLink.Kind.CONTRADICTS,
                    "nature": suggestion.verdict.suggested_nature,
                },
                "auto_id": f"id_s{suggestion.claim.pk}_%s",
            }
        rows.append({"suggestion": suggestion, "form": form})
    context = {"claim": claim, "rows": rows}
    if request.htmx:
        return TemplateResponse(request, "claims/link_suggestions.html#list", context)
    return TemplateResponse(request, "claims/link_suggestions.html", context)


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def link_create(request: HttpRequest) -> HttpResponse:
    auto_id = request.POST.get("auto_id", "")
    if not AUTO_ID.fullmatch(auto_id):
        auto_id = "id_%s"
    form = LinkForm(request.POST, auto_id=auto_id)
    error = ""
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
            error = str(exc)
            existing = exc.existing
        except services.LinkError as exc:
            error = str(exc)
            existing = None
        else:
            fallback = _compare_url(link.first, link.second)
            if request.htmx:
                response = HttpResponse(status=204)
                return trigger_client_event(response, LINKED_EVENT, {"link": link.pk})
            messages.success(request, "Linked.")
            return redirect(_next_url(request, fallback))
    else:
        existing = None
    context = {
        "form": form,
        "error": error,
        "existing": existing,
        "existing_url": _compare_url(existing.first, existing.second) if existing else "",
        "next": _next_url(request, ""),
    }
    if request.htmx:
        return TemplateResponse(request, "claims/link_form.html#form", context)
    return TemplateResponse(request, "claims/link_form.html", context, status=400)


def _link_for_action(request: HttpRequest, pk: int) -> ClaimLink:
    return get_object_or_404(_links(), pk=pk)


def _after_link_change(request: HttpRequest, link: ClaimLink | None, message: str):
    if request.htmx:
        if link is None:
            response = HttpResponse("")
        else:
            response = TemplateResponse(request, "claims/link_item.html", {"link": link})
        return trigger_client_event(response, LINKED_EVENT, {})
    messages.success(request, message)
    if link is None:
        return redirect(_next_url(request, reverse("claims:review-queue")))
    return redirect(_next_url(request, reverse("claims:link-detail", args=[link.pk])))


@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(request, pk)
    if not services.link_removable_by(link, request.user):
        raise PermissionDenied("Only a reviewer may remove this link.")
    services.link_remove(link=link, by=request.user)
    return _after_link_change(request, None, "Link removed.")


def _link_page(request, link, context, status=200):
    context = {"link": link, **context}
    if request.htmx:
        return TemplateResponse(request, "claims/link_item.html", context)
    return TemplateResponse(request, "claims/link_detail.html", context, status=status)


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def link_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    link = _link_for_action(request, pk)
    history = link.history.select_related("history_user").order_by("-history_date", "-pk")[:50]
    return _link_page(request, link, {"history": history})


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def link_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(request, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _link_page(request, link, {"resolve_form": form}, status=400)
    try:
        link = services.contradiction_resolve(
            link=link,
            outcome=form.cleaned_data["outcome"],
            rationale=form.cleaned_data["rationale"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.StaleLink as exc:
        current = _link_for_action(request, pk)
        return _link_page(
            request,
            current,
            {"stale": str(exc), "lost_rationale": form.cleaned_data["rationale"]},
            status=409,
        )
    except services.LinkError as exc:
        return _link_page(request, link, {"resolve_form": form, "error": str(exc)}, status=400)
    return _after_link_change(request, _link_for_action(request, pk), "Resolved.")


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def link_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    link = _link_for_action(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _link_page(request, link, {"error": "The form was incomplete."}, status=400)
    try:
        services.contradiction_reopen(
            link=link, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.StaleLink as exc:
        return _link_page(request, _link_for_action(request, pk), {"stale": str(exc)}, status=409)
    return _after_link_change(request, _link_for_action(request, pk), "Reopened.")


# --- Questions ----------------------------------------------------------------------------------


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_GET
def question_list(request: HttpRequest) -> TemplateResponse:
    # Claims counted for the page's questions only, not grouped over every membership: the
    # database works the subquery out for the rows the page shows, after sorting and LIMIT.
    claims_on = (
        Claim.questions.through.objects.filter(question=OuterRef("pk"))
        .order_by()
        .values("question")
        .annotate(n=Count("pk"))
        .values("n")
    )
    questions = (
        Question.objects.only("text", "created_at")
        .annotate(claim_count=Coalesce(Subquery(claims_on), 0))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(questions, QUESTION_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page}
    if request.htmx:
        return TemplateResponse(request, "claims/question_list.html#rows", context)
    return TemplateResponse(request, "claims/question_list.html", context)


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
        url = reverse("claims:question-detail", args=[question.pk])
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)
    context = {"form": form}
    status = 400 if request.method == "POST" else 200
    if request.htmx:
        return TemplateResponse(request, "claims/question_form.html#form", context, status=status)
    return TemplateResponse(request, "claims/question_form.html", context, status=status)


# What a claim's card on a question page shows, besides a row's fields (Claim.for_rows).
QUESTION_CARD_FIELDS = (
    "quantity_phrase", "quantity_low", "quantity_high", "quantity_low_inclusive",
    "quantity_high_inclusive", "quantity_unit", "certainty",
)


class _Relay(NamedTuple):
    """What Claim.attribution_chain reads of a relay: its place and its source (here the
    source's badge values, which is all a question card shows of it)."""

    position: int
    source: SourceValues


def _give_relays(claims: list[Claim]) -> list[Claim]:
    """Set each claim's row_relays, as Claim.objects.for_rows would, from the plain rows of
    documents.relays_by_claim: no ClaimRelay or Source instances for 30 cards."""
    relays = relays_by_claim(claim.pk for claim in claims)
    for claim in claims:
        claim.row_relays = [_Relay(n, source) for n, source in enumerate(relays[claim.pk])]
    return claims


# The question page's cards (desk.question_claim) read ROW_FIELDS and QUESTION_CARD_FIELDS
# of a claim (in the model's field order) and its speaker's badge; each of the first pages
# of a question's claims is a query compiled once (claims/compiled.py).
_CARD_FIELDS = tuple(
    field.attname for field in Claim._meta.concrete_fields
    if field.primary_key or field.name in {*ROW_FIELDS, *QUESTION_CARD_FIELDS}
)
COMPILED_PAGES = 10
_question_pages: dict[int, CompiledRows] = {}


def _question_claims_from(start: int):
    """The query of a page of a question's claims from `start`, in their order there."""

    def build(pk: int):
        claims = Claim.objects.filter(questions=pk).order_by("said_start", "created_at", "pk")
        columns = (*_CARD_FIELDS, *(f"speaker__{name}" for name in BADGE_FIELDS))
        return claims.values_list(*columns)[start : start + QUESTION_PAGE_SIZE]

    return build


def _question_claims(question: Question, start: int) -> list[Claim]:
    """A page of the question's claims, with their speakers and relays."""
    build = _question_claims_from(start)
    if start < COMPILED_PAGES * QUESTION_PAGE_SIZE:
        rows = _question_pages.setdefault(start, CompiledRows(build)).rows(question.pk)
    else:
        rows = list(build(question.pk))
    claims = []
    width = len(_CARD_FIELDS)
    for row in rows:
        claim = Claim.from_db(DEFAULT_DB_ALIAS, _CARD_FIELDS, row[:width])
        claim.speaker = badge_source(claim.speaker_id, row[width:])
        claims.append(claim)
    return _give_relays(claims)


def _question_context(request: HttpRequest, question: Question) -> dict:
    # The evidence reads every claim on the question: their number is the pages' count.
    evidence = question_evidence(question)
    paginator = Paginator(range(evidence.reports), QUESTION_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    shown = page.object_list = _question_claims(
        question, (page.number - 1) * QUESTION_PAGE_SIZE
    )
    undated = [c for c in shown if c.said_start is None]
    return {
        **_candidates_context(request, question),
        "page": page,
        "claims": shown,
        "scale": number_line(shown, title="The figures given in answer"),
        "timeline": date_line(
            [
                (c.speaker.name, c.said_phrase or "said", c.said_start, c.said_end, f"claim-{c.pk}")
                for c in shown
            ],
            title="When each claim was made",
        ),
        "undated": undated,
        "evidence": evidence,
    }


def _candidates_context(request: HttpRequest, question: Question) -> dict:
    """The claims off the question that match the typed search (for editors only)."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    candidates = []
    if query and request.user.has_perm("claims.change_claim"):
        on_question = Claim.objects.filter(questions=question).values("pk")
        candidates = search_claims(query, exclude=on_question)
    return {"question": question, "q": query, "candidates": candidates}


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_GET
def question_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    question = get_object_or_404(Question, pk=pk)
    if request.htmx and request.htmx.target == "question-candidates":
        # Typed searches ask for the candidates alone: no evidence, cards or drawings.
        context = _candidates_context(request, question)
        return TemplateResponse(request, "claims/question_detail.html#candidates", context)
    context = _question_context(request, question)
    if request.htmx:
        return TemplateResponse(request, "claims/question_detail.html#board", context)
    return TemplateResponse(request, "claims/question_detail.html", context)


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
        return TemplateResponse(request, "claims/question_detail.html#board", context)
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


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def review_queue(request: HttpRequest) -> TemplateResponse:
    """Open contradictions, oldest first. The question filter is a typed text (or, from a
    link, one question's pk), never a <select> of thousands; pages carry no total."""
    filters = QueueFilterForm(request.GET or None)
    links = ClaimLink.objects.filter(
        kind=ClaimLink.Kind.CONTRADICTS, status=ClaimLink.Status.OPEN
    )
    question_q = " ".join(request.GET.get("question_q", "").split())[:300]
    question_ids = None
    if filters.is_valid():
        if filters.cleaned_data["nature"]:
            links = links.filter(nature=filters.cleaned_data["nature"])
        question = filters.cleaned_data["question"]
        if question is not None and question_q.lower() in ("", question.text.lower()):
            question_ids, question_q = [question.pk], question.text
    if question_ids is None and question_q:
        question_ids = questions_named(question_q)
    if question_ids is not None:
        on_question = Claim.questions.through.objects.filter(
            question__in=question_ids
        ).values("claim_id")
        links = links.filter(Q(first__in=on_question) | Q(second__in=on_question))
    page = slice_page(request, _CardsByIds(links, "created_at", "pk"), QUEUE_PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "params": params.urlencode(),
        "question_q": question_q,
        "chosen_question": question_ids[0] if question_ids and len(question_ids) == 1 else None,
        "open_total": None,
    }
    if question_ids is None and not params.get("nature"):
        context["open_total"], context["open_cached"] = open_contradictions()
    if request.htmx:
        return TemplateResponse(request, "claims/review_queue.html#rows", context)
    return TemplateResponse(request, "claims/review_queue.html", context)
