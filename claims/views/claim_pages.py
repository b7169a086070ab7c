"""Claims: the list with live search and filters, the claim's page, editing in place."""

import functools
from datetime import date, datetime
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from ..compiled import CompiledRows, instance
from ..dependence import claim_evidence
from ..forms.documents import ClaimFilterForm, ClaimForm
from ..models import BADGE_FIELDS, Claim, Document, Question
from ..paging import KeysetPage, estimated_count
from ..search import filter_claims
from ..services_claims import StaleClaim, claim_update
from ..templatetags.desk import badge_html
from .documents import (
    SourceValues,
    _show_problem,
    _with_created_source,
    badge_source,
    claim_form_context,
    may_correct,
    relays_by_claim,
)
from .review import claim_link_cards

PER_PAGE = 25
HISTORY_SHOWN = 50
NOT_DIFFED = ["version", "quote_prefix", "quote_suffix", "quote_start", "quote_key", "questions"]
# The claims' saved versions, newest first. Read through the model: each use of the
# claim.history manager builds a new manager class (about 0.2 ms).
HistoricalClaim = Claim.history.model
User = get_user_model()


class ClaimRow(NamedTuple):
    """What a row of the claim list shows (desk.claim_rows) and its cursor, as plain values:
    a page of Claims, their speakers, relays and sources was about 125 model instances.
    Not the document page's row (documents.ClaimRow): that one shows where the quote
    stands, this one its status, when it was said and its document."""

    pk: int
    statement: str
    status: str
    credibility: int | None
    said_phrase: str
    said_start: date | None
    said_end: date | None
    created_at: datetime
    document_id: int
    document_title: str
    speaker: SourceValues
    relays: list[SourceValues]  # in their order after the speaker


# The columns of ClaimRow's fields up to document_id by their own names, then the rest.
ROW_COLUMNS = (
    *ClaimRow._fields[:9], "document__title",
    "speaker_id", *(f"speaker__{name}" for name in BADGE_FIELDS),
)


def claim_rows(rows: list[tuple]) -> list[ClaimRow]:
    """ClaimRows from rows of ROW_COLUMNS, with their relays read in one query."""
    relays = relays_by_claim(row[0] for row in rows)
    return [
        ClaimRow(*row[:10], speaker=SourceValues(*row[10:]), relays=relays[row[0]])
        for row in rows
    ]


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_list(request: HttpRequest) -> TemplateResponse:
    """Claims newest first, filtered; paged by cursor, with no count of a filtered list.

    The unfiltered list says how many claims the desk holds (PostgreSQL's
    estimate at scale); a filtered one pages "newer / older" without a total.
    """
    form = ClaimFilterForm(request.GET)
    claims = Claim.objects.all()
    filtered = False
    if form.is_valid():
        filtered = any(v not in (None, "") for v in form.cleaned_data.values())
        claims = filter_claims(claims, form.cleaned_data)
    else:
        # A filter that cannot be read matches nothing; the page says why beside the list.
        filtered = True
        claims = claims.none()
    # Rows read as plain values (ClaimRow) and built into HTML by desk.claim_row.
    page = KeysetPage(
        claims.values_list(*ROW_COLUMNS), PER_PAGE, after=request.GET.get("after", ""),
        before=request.GET.get("before", ""), build=claim_rows,
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


@functools.cache
def _diffed_fields() -> list[tuple[str, str]]:
    """(attname, verbose name) of each field a history entry compares, ordered by field
    name as django-simple-history's diff_against orders its changes."""
    record = HistoricalClaim._meta
    names = sorted(
        field.name for field in HistoricalClaim.tracked_fields
        if field.editable and not field.many_to_many and field.name not in NOT_DIFFED
    )
    return [
        (record.get_field(name).attname, Claim._meta.get_field(name).verbose_name)
        for name in names
    ]


def _changes(record, older) -> list[dict]:
    """What diff_against(older, excluded_fields=NOT_DIFFED) finds changed, read from the
    records' stored values: diff_against builds two dicts of every field per record."""
    changes = []
    for attname, verbose_name in _diffed_fields():
        old, new = getattr(older, attname), getattr(record, attname)
        if old != new:
            changes.append({"field": verbose_name, "old": old, "new": new})
    return changes


# What the claim page reads, each compiled once (claims/compiled.py): the claim's own
# columns, its speaker's badge, its document without the body, the publisher's badge and
# who logged it, in one row; its questions' texts as the question list orders them; its
# saved versions, newest first, with who saved each.
_CLAIM_FIELDS = tuple(field.attname for field in Claim._meta.concrete_fields)
_DOCUMENT_FIELDS = ("id", "title", "url", "published_at", "publisher_id")
_CLAIM_PAGE = CompiledRows(
    lambda pk: Claim.objects.filter(pk=pk).values_list(
        *_CLAIM_FIELDS,
        *(f"speaker__{name}" for name in BADGE_FIELDS),
        *(f"document__{name}" for name in _DOCUMENT_FIELDS),
        *(f"document__publisher__{name}" for name in BADGE_FIELDS),
        "created_by__username",
    )
)
_QUESTION_TEXTS = CompiledRows(lambda pk: Question.objects.filter(claims=pk).values_list("text"))
_HISTORY_FIELDS = tuple(field.attname for field in HistoricalClaim._meta.concrete_fields)
_HISTORY = CompiledRows(
    lambda pk: HistoricalClaim.objects.filter(id=pk).values_list(
        *_HISTORY_FIELDS, "history_user__username"
    )[: HISTORY_SHOWN + 1]
)


def _user(pk: int | None, username: str | None):
    return None if pk is None else instance(User, ("id", "username"), (pk, username))


def claim_history(claim: Claim) -> list[dict]:
    """The claim's saved versions, newest first, each with what changed from the one before."""
    records = []
    for *values, username in _HISTORY.rows(claim.pk):
        record = HistoricalClaim.from_db(DEFAULT_DB_ALIAS, _HISTORY_FIELDS, values)
        record.history_user = _user(record.history_user_id, username)
        records.append(record)
    return [
        {"record": record, "changes": _changes(record, older) if older is not None else []}
        for record, older in zip(records[:HISTORY_SHOWN], records[1:] + [None], strict=False)
    ]


def _visible_claim(pk: int) -> Claim:
    """The claim to edit, with its document's body, relays and questions."""
    claims = Claim.objects.with_related().select_related("created_by")
    return get_object_or_404(claims.prefetch_related("questions"), pk=pk)


def _claim_for_page(pk: int) -> tuple[Claim, str]:
    """The claim as its page shows it: speaker, document (without its body: the page
    shows the title) and publisher, who logged it; the texts of its questions as
    question_list. With the attribution's HTML: speaker and relays as badges.

    Read as rows of compiled queries and made into model instances holding only what the
    page shows: as a queryset with select_related, Django spent more CPU building the
    query and its instances than the rest of the page's queries together."""
    rows = _CLAIM_PAGE.rows(pk)
    if not rows:
        raise Http404("No claim with this id.")
    row = list(rows[0])
    claim_values, row = row[: len(_CLAIM_FIELDS)], row[len(_CLAIM_FIELDS) :]
    claim = Claim.from_db(DEFAULT_DB_ALIAS, _CLAIM_FIELDS, claim_values)
    badges = len(BADGE_FIELDS)
    speaker, row = row[:badges], row[badges:]
    document_values, row = row[: len(_DOCUMENT_FIELDS)], row[len(_DOCUMENT_FIELDS) :]
    publisher, (username,) = row[:badges], row[badges:]
    claim.speaker = badge_source(claim.speaker_id, speaker)
    document = instance(Document, _DOCUMENT_FIELDS, document_values)
    document.publisher = badge_source(document.publisher_id, publisher)
    claim.document = document
    claim.created_by = _user(claim.created_by_id, username)
    claim.question_list = [text for (text,) in _QUESTION_TEXTS.rows(claim.pk)]
    chain = [
        SourceValues(claim.speaker_id, *speaker),
        *relays_by_claim([claim.pk])[claim.pk],
    ]
    prefix = get_script_prefix()
    # What the attribution filter writes: each badge (escaped when built), ", via " between.
    return claim, SafeString(", via ".join(badge_html(*source, prefix=prefix) for source in chain))


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    claim, attribution = _claim_for_page(pk)
    context = {
        "claim": claim,
        "attribution": attribution,
        "links": claim_link_cards(claim),
        "history": claim_history(claim),
        "can_edit": may_correct(request.user, claim, "claims.change_claim"),
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
    if not may_correct(request.user, claim, "claims.change_claim"):
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
