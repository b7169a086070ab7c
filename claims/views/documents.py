"""Documents: create, edit, list, the page with the article and its claims, logging a claim."""

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..anchors import quote_pattern, relocate
from ..compiled import CompiledRows, instance
from ..forms.documents import ClaimForm, DocumentEditForm, DocumentFilterForm, DocumentForm
from ..models import BADGE_FIELDS, Claim, ClaimRelay, Document, Question, Source
from ..paging import estimated_count, slice_page
from ..services_claims import (
    DuplicateUrl,
    StaleDocument,
    claim_create,
    document_add,
    document_update,
)
from ..templatetags.desk import badge_html, source_badge_html, url_pattern
from ..templatetags.desk import format_html as quick_html
from .pickers import PICKERS, picker_context, source_create_in_place, source_name_error

PER_PAGE = 25


def body_with_quotes(body: str, claims) -> SafeString:
    """The body as HTML, each claim's quote wrapped in <mark> where it stands now.

    Every piece of text is escaped; only the <mark> tags are ours. Overlapping
    quotes are cut into segments, each marked with all the claims covering it.
    """
    spans = []
    for claim in claims:
        if not claim.quote:
            continue
        start, quote = claim.quote_start, claim.quote
        if (
            start is not None
            and start >= len(claim.quote_prefix)
            and quote == quote.strip()
            and body.startswith(quote, start)
            and body.startswith(claim.quote_prefix, start - len(claim.quote_prefix))
            and body.startswith(claim.quote_suffix, start + len(quote))
        ):
            # Still where it was anchored, with the same text around it: what relocate()
            # would answer, without scanning the body for every occurrence.
            spans.append((start, start + len(quote), claim.pk))
            continue
        start = relocate(body, quote, claim.quote_prefix, claim.quote_suffix, claim.quote_start)
        if start is None:
            continue
        match = quote_pattern(quote).match(body, start)
        spans.append((start, match.end(), claim.pk))
    if not spans:
        return escape(body)
    cuts = sorted({0, len(body)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    first_seen: set[int] = set()
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [pk for s, e, pk in spans if s <= left and right <= e]
        text = body[left:right]
        if not covering:
            pieces.append(escape(text))
            continue
        new = [pk for pk in covering if pk not in first_seen]
        first_seen.update(new)
        ids = " ".join(str(pk) for pk in covering)
        anchor = f' id="quote-{int(new[0])}"' if new else ""
        pieces.append(
            quick_html('<mark class="quote" data-claims="{}"{}>{}</mark>', ids,
                       SafeString(anchor), text)
        )
    # Each piece is escaped above or built by quick_html, so joining escapes nothing twice.
    return SafeString("".join(pieces))


# What a row of the document list reads: no body (up to half a megabyte each).
LIST_FIELDS = ("title", "published_at", "publisher", *(f"publisher__{f}" for f in BADGE_FIELDS))


@login_required
@permission_required("claims.view_document", raise_exception=True)
@require_GET
def document_list(request: HttpRequest) -> TemplateResponse:
    form = DocumentFilterForm(request.GET)
    documents = (
        Document.objects.select_related("publisher").only(*LIST_FIELDS)
        .order_by("-published_at", "-pk")
    )
    if not form.is_valid():
        # A search that cannot be read matches nothing; the page says why beside the list.
        documents = documents.none()
    elif form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        documents = documents.filter(
            Q(title__icontains=text) | Q(url__icontains=text) | Q(publisher__name__icontains=text)
        )
    if form.is_valid() and not form.cleaned_data["q"]:
        # The whole desk: its size from the planner's estimate when it is large (a COUNT
        # reads every row), and pages without a total.
        page = slice_page(request, documents, PER_PAGE)
        total, estimated = estimated_count(Document)
    else:
        page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
        total, estimated = page.paginator.count, False
    # Claims are counted for the page's documents only, not grouped over the whole table.
    counts = dict(
        Claim.objects.filter(document__in=[d.pk for d in page.object_list])
        .order_by()
        .values_list("document")
        .annotate(n=Count("pk"))
    )
    for document in page.object_list:
        document.claim_count = counts.get(document.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(), "total": total,
        "total_estimated": estimated, "rows": document_rows_html(page.object_list),
    }
    template = "claims/document_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return TemplateResponse(request, template, context)


def document_rows_html(documents) -> SafeString:
    """The document list's rows (title, publisher, when published, claims), built in Python:
    as a template each row cost a dozen lookups and two date filters. Every text escaped."""
    rows = []
    for document in documents:
        published = template_localtime(document.published_at)
        shown = (
            f"{published.day} {MONTHS_3[published.month].title()} {published.year:04d} "
            f"{published.hour:02d}:{published.minute:02d}"
        )  # what the date filter shows for "j M Y H:i"
        publisher = source_badge_html(document.publisher) if document.publisher_id else "—"
        rows.append(quick_html(
            "<tr>\n"
            '        <td><a href="{}">{}</a></td>\n'
            "        <td>{}</td>\n"
            '        <td><time datetime="{}">{}</time></td>\n'
            "        <td>{}</td>\n"
            "      </tr>",
            document.get_absolute_url(), document.title, publisher, published.isoformat(),
            shown, document.claim_count,
        ))
    return SafeString("\n      ".join(rows))


def _with_created_source(
    request: HttpRequest, data: QueryDict
) -> tuple[QueryDict, tuple[str, str] | None]:
    """Without JavaScript, a picker's "Create" submits the whole form: make the source here.

    Returns the form data (with the new source chosen) and, when the name cannot
    be used, (field, message) for the form to show beside that picker; what was
    typed stays in the picker's box.
    """
    picker = PICKERS.get(data.get("create_source", ""))
    if not picker or not request.user.has_perm("claims.add_source"):
        return data, None
    name = data.get(f"{picker.field}_q", "").strip()
    error = source_name_error(name)
    if error:
        return data, (picker.field, error)
    source = source_create_in_place(picker=picker, name=name, kind=data.get(f"{picker.field}_kind"))
    data = data.copy()
    values = data.getlist(picker.field) if picker.many else []
    data.setlist(picker.field, values + [str(source.pk)])
    data[f"{picker.field}_q"] = ""
    return data, None


def _show_problem(form, problem: tuple[str, str] | None) -> None:
    if problem:
        form.is_valid()
        form.add_error(*problem)


def _document_form_page(request: HttpRequest, form: DocumentForm, **context) -> TemplateResponse:
    """The document form with its publisher picker, for adding and for editing; `context`
    names the page's heading, its button and where the form posts."""
    chosen_pk = form["publisher"].value()
    chosen = []
    if str(chosen_pk or "").isdecimal():
        chosen = list(Source.objects.filter(pk=chosen_pk, kind=Source.Kind.OUTLET))
    publisher = picker_context(
        "publisher", chosen, form.data.get("publisher_q", "") if form.is_bound else "",
        form.errors.get("publisher"),
    )
    return TemplateResponse(
        request, "claims/document_form.html", {"form": form, "publisher": publisher, **context}
    )


@login_required
@permission_required("claims.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm()
    if request.method == "POST":
        data, problem = _with_created_source(request, request.POST)
        form = DocumentForm(data)
        _show_problem(form, problem)
        if "create_source" not in data and form.is_valid():
            try:
                document = document_add(document=form.save(commit=False), by=request.user)
            except DuplicateUrl as duplicate:
                form.add_error("url", str(duplicate))
            else:
                messages.success(request, "Document added. Select a quote in it to log a claim.")
                return redirect(document)
    return _document_form_page(
        request, form, heading="Add a document", button="Add document",
        form_action=reverse("claims:document-create"),
    )


def may_correct(user, logged: Claim | Document, permission: str) -> bool:
    """Whether `user` may edit a claim or a document: with `permission`, an editor the ones
    they logged, a reviewer (claims.change_any_claim) anyone's."""
    if not user.has_perm(permission):
        return False
    return logged.created_by_id == user.pk or user.has_perm("claims.change_any_claim")


@login_required
@permission_required("claims.change_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    if not may_correct(request.user, document, "claims.change_document"):
        raise PermissionDenied("Only the editor who added it, or a reviewer, can edit it.")
    form = DocumentEditForm(instance=document)
    stored = None
    if request.method == "POST":
        data, problem = _with_created_source(request, request.POST)
        form = DocumentEditForm(data, instance=document)
        _show_problem(form, problem)
        if "create_source" not in data and form.is_valid():
            loaded_at = form.cleaned_data["updated_at"] or document.updated_at
            try:
                lost = document_update(document=form.instance, loaded_at=loaded_at)
            except DuplicateUrl as duplicate:
                form.add_error("url", str(duplicate))
            except StaleDocument as stale:
                current = stale.current
                stored = [
                    {"name": name, "field": form[name].label, "value": getattr(current, name)}
                    for name in DocumentForm.Meta.fields
                    if getattr(current, name) != form.cleaned_data[name]
                ]
                # The editor has now seen the other save: the next save may replace it.
                data = data.copy()
                data["updated_at"] = current.updated_at.isoformat()
                form = DocumentEditForm(data, instance=current)
                form.is_valid()
                form.add_error(
                    None,
                    "This document was changed by someone else while you edited it; "
                    "nothing of yours was saved yet.",
                )
            else:
                saved = "Document saved."
                if lost:
                    saved += (
                        f" {lost} of its claims’ quotes {'is' if lost == 1 else 'are'} no longer"
                        " found in the body: edit those claims to quote the new text."
                    )
                messages.success(request, saved)
                return redirect(document)
    return _document_form_page(
        request, form, heading="Edit document", button="Save changes", form_action=request.path,
        document=document, stored=stored,
    )


def claim_form_context(form: ClaimForm) -> dict:
    return {
        "form": form,
        "pickers": {
            name: picker_context(name, form.chosen(name), form.query(name), form.errors.get(name))
            for name in ("speaker", "relays")
        },
    }


class SourceValues(NamedTuple):
    """A source as its badge shows it (desk.badge_html, desk.source_badge_html), read as plain
    values: its pk, then BADGE_FIELDS in order. Shared by the claim list's rows, the document
    page's rows and the claim page's attribution."""

    pk: int
    name: str
    kind: str
    reliability: str
    track_upheld: int
    track_resolved: int


def badge_source(pk: int | None, badge) -> Source | None:
    """A Source instance holding only what its badge shows (pk, then BADGE_FIELDS' values),
    or None: for pages that read their rows as values but hand templates a Source."""
    return None if pk is None else instance(Source, ("id", *BADGE_FIELDS), (pk, *badge))


@functools.cache
def _relays_sql() -> str:
    """The relays of some claims with their sources' badge fields, as plain SQL with "{}"
    for the claims' placeholders: (claim_id, source id, *BADGE_FIELDS), in each claim's
    order. No dates or decimals, so the rows are the same on every database; the ORM
    spent more CPU building this query than the database took to answer it."""
    relay, source = ClaimRelay._meta, Source._meta
    claim_id = f"r.{relay.get_field('claim').column}"
    columns = ", ".join(f"s.{source.get_field(name).column}" for name in ("id", *BADGE_FIELDS))
    return (
        f"SELECT {claim_id}, {columns} FROM {relay.db_table} r JOIN {source.db_table} s"
        f" ON s.{source.pk.column} = r.{relay.get_field('source').column}"
        f" WHERE {claim_id} IN ({{}}) ORDER BY {claim_id}, r.{relay.get_field('position').column}"
    )


def relays_by_claim(claim_ids) -> dict[int, list[SourceValues]]:
    """Each of the claims' relays in their order (after the speaker), in one query (none
    for no claims). The one loader of relays for the pages that read rows as values."""
    found: dict[int, list[SourceValues]] = {pk: [] for pk in claim_ids}
    if not found:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_relays_sql().format(", ".join(["%s"] * len(found))), list(found))
        for claim_id, *source in cursor.fetchall():
            found[claim_id].append(SourceValues(*source))
    return found


@dataclass(slots=True)
class ClaimRow:
    """A claim as the document page shows it: its row, and where its quote stands.

    Read as plain values rather than as Claim instances: a document has dozens of
    claims, and building a model instance of every column cost more than the page's
    own work. Not the claim list's row (claim_pages.ClaimRow): that one shows status,
    when it was said and the document, this one the quote's anchor.
    """

    pk: int
    statement: str
    credibility: int | None
    quote: str
    quote_start: int | None
    quote_prefix: str
    quote_suffix: str
    speaker: SourceValues
    relays: list[SourceValues] = field(default_factory=list)

    @property
    def rating(self) -> str:
        return Claim.rating.fget(self)  # the model's own pairing of speaker and credibility

    def attribution_chain(self) -> list[SourceValues]:
        return [self.speaker, *self.relays]


# A row's own columns, as ClaimRow names them; its speaker's follow (SourceValues). A
# document's claims are a query compiled once (claims/compiled.py): built per request, the
# ORM spent more CPU on it than the database took to answer it.
ROW_COLUMNS = ("id", "statement", "credibility", "quote", "quote_start", "quote_prefix",
               "quote_suffix")
_DOCUMENT_CLAIMS = CompiledRows(
    lambda pk: Claim.objects.filter(document=pk)
    .order_by("quote_start", "pk")
    .values_list(*ROW_COLUMNS, "speaker_id", *(f"speaker__{name}" for name in BADGE_FIELDS))
)


def document_claims(document: Document) -> list[ClaimRow]:
    """The claims logged from the document, in the order their quotes stand, with their
    speakers (one query) and their relays in order (one more), whatever their number."""
    width = len(ROW_COLUMNS)
    rows = [
        ClaimRow(*row[:width], speaker=SourceValues(*row[width:]))
        for row in _DOCUMENT_CLAIMS.rows(document.pk)
    ]
    relays = relays_by_claim(row.pk for row in rows)
    for row in rows:
        row.relays = relays[row.pk]
    return rows


def claim_rows_html(claims: list[ClaimRow]) -> SafeString:
    """The page's list of its claims (statement, rating, attribution, a link to the quote),
    built in Python: a document has dozens, each a dozen template lookups."""
    rows = []
    prefix, claim_url = get_script_prefix(), url_pattern("claims:claim-detail")
    for claim in claims:
        pk = int(claim.pk)
        to_quote = f' <a class="to-quote" href="#quote-{pk}">quote</a>' if claim.quote else ""
        url = claim_url.format(pk)
        # What the attribution filter writes: each badge (escaped when built), ", via " between.
        chain = ", via ".join(
            badge_html(*source, prefix=prefix) for source in claim.attribution_chain()
        )
        rows.append(
            f'<li id="claim-{pk}">\n'
            f'          <a href="{url}">{escape(claim.statement)}</a>\n'
            '          <span class="rating" title="Admiralty rating">'
            f"{escape(claim.rating)}</span>\n"
            f"          — {chain}{to_quote}\n"
            "        </li>"
        )
    return SafeString("\n        ".join(rows))


def _document_page(request: HttpRequest, document: Document, form: ClaimForm | None):
    claims = document_claims(document)
    context = {
        "document": document,
        "claims": claims,
        "claim_rows": claim_rows_html(claims),
        "body_html": body_with_quotes(document.body, claims),
        "form_action": document_claim_url(document),
        "can_log": request.user.has_perm("claims.add_claim"),
        "can_edit": may_correct(request.user, document, "claims.change_document"),
    }
    if form is not None:
        offer_questions(form, document)
        context.update(claim_form_context(form))
    return TemplateResponse(request, "claims/document_detail.html", context)


QUESTIONS_OFFERED = 30
MAX_ID = 2**63 - 1  # the largest id a row can have (BigAutoField)


@functools.cache
def _offered_questions_sql() -> str:
    """The questions the claim form offers on a document's page, as plain SQL with %s for the
    document and "{}" for the ticked questions' part: (id, text), the newest first. The ids
    are one union (a subquery each), so that PostgreSQL looks the questions up by their
    primary key instead of testing `id IN (newest) OR id IN (...)` against every question.
    Its text is the same for every document (the ORM's named each claim), so PostgreSQL
    prepares it once; the ORM spent more CPU building the union than the database took."""
    question, claim = Question._meta, Claim._meta
    link = Claim.questions.through._meta
    table, pk = question.db_table, question.pk.column
    created = question.get_field("created_at").column
    order = f"{created} DESC, {pk} DESC"
    return (
        f"SELECT q.{pk}, q.{question.get_field('text').column} FROM {table} q"
        f" WHERE q.{pk} IN ("
        f"SELECT newest.{pk} FROM (SELECT {pk} FROM {table} ORDER BY {order}"
        f" LIMIT {QUESTIONS_OFFERED}) newest"
        f" UNION ALL SELECT l.{link.get_field('question').column} FROM {link.db_table} l"
        f" JOIN {claim.db_table} c ON c.{claim.pk.column} = l.{link.get_field('claim').column}"
        f" WHERE c.{claim.get_field('document').column} = %s"
        f"{{}}) ORDER BY q.{created} DESC, q.{pk} DESC"
    )


def offer_questions(form: ClaimForm, document: Document) -> None:
    """Offer, as the claim form's question boxes, the questions this document's claims are
    on, those already ticked and the newest ones: not all of the desk's thousands.

    Only what the page shows is narrowed; saving accepts any question (a claim joins an
    older question from that question's page). One query.
    """
    # Ids as typed into a form: a number no row can have (over a 64-bit id) is no question.
    ticked = [int(v) for v in (form["questions"].value() or []) if str(v).isdecimal()]
    ticked = [pk for pk in ticked if pk <= MAX_ID]
    question = Question._meta
    also = ""
    if ticked:
        also = (
            f" UNION ALL SELECT {question.pk.column} FROM {question.db_table}"
            f" WHERE {question.pk.column} IN ({', '.join(['%s'] * len(ticked))})"
        )
    with connection.cursor() as cursor:
        cursor.execute(_offered_questions_sql().format(also), [document.pk, *ticked])
        form.offered_questions = cursor.fetchall()


def document_claim_url(document: Document) -> str:
    return reverse("claims:claim-create", args=[document.pk])


@login_required
@permission_required("claims.view_document", raise_exception=True)
@require_GET
def document_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    document = get_object_or_404(Document.objects.select_related("publisher"), pk=pk)
    form = ClaimForm(document=document) if request.user.has_perm("claims.add_claim") else None
    return _document_page(request, document, form)


@login_required
@permission_required("claims.add_claim", raise_exception=True)
@require_POST
def claim_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a claim from the document's form; on a mistake, the page again with the messages."""
    document = get_object_or_404(Document.objects.select_related("publisher"), pk=pk)
    data, problem = _with_created_source(request, request.POST)
    form = ClaimForm(data, document=document)
    _show_problem(form, problem)
    if "create_source" in data:
        form.is_valid()  # show what is still missing, save nothing yet
        return _document_page(request, document, form)
    if not form.is_valid():
        return _document_page(request, document, form)
    claim = claim_create(document=document, data=form.cleaned_data, by=request.user)
    messages.success(
        request,
        format_html('Claim logged: <a href="{}">{}</a>', claim.get_absolute_url(), claim.statement),
    )
    return redirect(document)

