"""Documents: create, list, the page with the article and its claims, logging a claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..anchors import quote_pattern, relocate
from ..forms.documents import ClaimForm, DocumentFilterForm, DocumentForm
from ..models import Claim, Document, Question, Source
from ..services_claims import claim_create
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
        anchor = format_html(' id="quote-{}"', new[0]) if new else ""
        pieces.append(
            format_html('<mark class="quote" data-claims="{}"{}>{}</mark>', ids, anchor, text)
        )
    # Each piece is escaped above or built by format_html, so joining escapes nothing twice.
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@login_required
@permission_required("claims.view_document", raise_exception=True)
@require_GET
def document_list(request: HttpRequest) -> TemplateResponse:
    form = DocumentFilterForm(request.GET)
    documents = Document.objects.select_related("publisher").order_by("-published_at", "-pk")
    if not form.is_valid():
        # A search that cannot be read matches nothing; the page says why beside the list.
        documents = documents.none()
    elif form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        documents = documents.filter(
            Q(title__icontains=text) | Q(url__icontains=text) | Q(publisher__name__icontains=text)
        )
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
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
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "claims/document_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return TemplateResponse(request, template, context)


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
            document = form.save(commit=False)
            document.created_by = request.user
            document.save()
            messages.success(request, "Document added. Select a quote in it to log a claim.")
            return redirect(document)
    chosen_pk = form["publisher"].value()
    chosen = []
    if str(chosen_pk or "").isdecimal():
        chosen = list(Source.objects.filter(pk=chosen_pk, kind=Source.Kind.OUTLET))
    publisher = picker_context(
        "publisher", chosen, form.data.get("publisher_q", "") if form.is_bound else "",
        form.errors.get("publisher"),
    )
    return TemplateResponse(
        request, "claims/document_form.html", {"form": form, "publisher": publisher}
    )


def claim_form_context(form: ClaimForm) -> dict:
    return {
        "form": form,
        "pickers": {
            name: picker_context(name, form.chosen(name), form.query(name), form.errors.get(name))
            for name in ("speaker", "relays")
        },
    }


def _document_page(request: HttpRequest, document: Document, form: ClaimForm | None):
    claims = list(
        document.claims.with_related().order_by("quote_start", "pk")
    )
    context = {
        "document": document,
        "claims": claims,
        "body_html": body_with_quotes(document.body, claims),
        "form_action": document_claim_url(document),
        "can_log": request.user.has_perm("claims.add_claim"),
    }
    if form is not None:
        offer_questions(form, claims)
        context.update(claim_form_context(form))
    return TemplateResponse(request, "claims/document_detail.html", context)


QUESTIONS_OFFERED = 30


def offer_questions(form: ClaimForm, claims: list) -> None:
    """Offer, as the claim form's question boxes, the questions this document's claims are
    on, those already ticked and the newest ones: not all of the desk's thousands.

    Only what the page shows is narrowed; saving accepts any question (a claim joins an
    older question from that question's page).
    """
    ticked = [v for v in (form["questions"].value() or []) if str(v).isdecimal()]
    on_document = Question.objects.filter(claims__in=[c.pk for c in claims]).values("pk")
    newest = Question.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    form.fields["questions"].queryset = Question.objects.filter(
        Q(pk__in=list(newest[:QUESTIONS_OFFERED])) | Q(pk__in=on_document) | Q(pk__in=ticked)
    ).order_by("-created_at", "-pk")


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

