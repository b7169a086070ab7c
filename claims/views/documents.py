"""Documents: create, edit, list, the page with the article and its claims, logging a claim."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factdesk.jinja2 import render

from ..document_rows import (
    body_segments,
    document_claims,
    document_head,
    documents_page,
    offer_questions,
)
from ..fetch import FetchRefused, read_document
from ..forms.documents import (
    ClaimForm,
    DocumentEditForm,
    DocumentFilterForm,
    DocumentForm,
    FetchForm,
    claim_form_context,
    fetched_initial,
)
from ..models import Document
from ..paths import url
from ..permissions import may_correct, require_correct
from ..pickers import show_problem, with_created_source
from ..services_claims import (
    DuplicateUrl,
    StaleDocument,
    claim_create,
    document_add,
    document_update,
)


@login_required
@permission_required("claims.view_document", raise_exception=True)
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET)
    # A search that cannot be read matches nothing; the page says why beside the list.
    text = form.cleaned_data["q"] if form.is_valid() else None
    context = {"form": form, "documents": documents_page(request, text)}
    block = "results" if request.htmx and not request.htmx.boosted else None
    return render(request, "claims/document_list.html", context, block=block)


def _document_form_page(
    request: HttpRequest, form: DocumentForm, status: int = 200, **context
) -> HttpResponse:
    """The document form with its publisher picker, for adding and for editing; `context`
    names the page's heading, its button and where the form posts."""
    return render(request, "claims/document_form.html",
                  {"form": form, "publisher": form.publisher_picker(), **context},
                  status=status)


@login_required
@permission_required("claims.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm()
    if request.method == "POST":
        data, problem = with_created_source(request, request.POST)
        form = DocumentForm(data)
        show_problem(form, problem)
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
        form_action=request.path, fetch=FetchForm(),
    )


@login_required
@permission_required("claims.add_document", raise_exception=True)
@require_POST
def document_fetch(request: HttpRequest) -> HttpResponse:
    """The add page with the document form filled in from a URL's page, to check before
    saving (nothing is saved here); a page that cannot be read says why beside the URL."""
    fetch = FetchForm(request.POST)
    form, fetched = DocumentForm(), None
    if fetch.is_valid():
        try:
            fetched = read_document(fetch.cleaned_data["fetch_url"])
        except FetchRefused as refused:
            fetch.add_error("fetch_url", str(refused))
        else:
            form = DocumentForm(initial=fetched_initial(fetched))
    return _document_form_page(
        request, form, heading="Add a document", button="Add document",
        form_action=url("claims:document-create"), fetch=fetch, fetched=fetched,
        status=200 if fetched else 400,
    )


@login_required
@permission_required("claims.change_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    require_correct(request.user, document, "claims.change_document")
    form = DocumentEditForm(instance=document)
    stored = None
    if request.method == "POST":
        data, problem = with_created_source(request, request.POST)
        form = DocumentEditForm(data, instance=document)
        show_problem(form, problem)
        if "create_source" not in data and form.is_valid():
            loaded_at = form.cleaned_data["updated_at"] or document.updated_at
            try:
                lost = document_update(document=form.instance, loaded_at=loaded_at)
            except DuplicateUrl as duplicate:
                form.add_error("url", str(duplicate))
            except StaleDocument as stale:
                stored = form.stored_differences(stale.current)
                # The editor has now seen the other save: the next save may replace it.
                data = data.copy()
                data["updated_at"] = stale.current.updated_at.isoformat()
                form = DocumentEditForm(data, instance=stale.current)
                form.is_valid()
                form.add_error(
                    None,
                    "This document was changed by someone else while you edited it; "
                    "nothing of yours was saved yet.",
                )
            else:
                messages.success(request, _saved_message(lost))
                return redirect(document)
    return _document_form_page(
        request, form, heading="Edit document", button="Save changes", form_action=request.path,
        document=document, stored=stored,
    )


def _saved_message(lost: int) -> str:
    saved = "Document saved."
    if lost:
        saved += (
            f" {lost} of its claims’ quotes {'is' if lost == 1 else 'are'} no longer"
            " found in the body: edit those claims to quote the new text."
        )
    return saved


def _document_page(request: HttpRequest, document: Document, form: ClaimForm | None):
    claims = document_claims(document)
    can_edit = may_correct(request.user, document, "claims.change_document")
    context = {
        "document": document_head(document, can_edit=can_edit),
        "claims": claims,
        "segments": body_segments(document.body, claims),
        "form_action": url("claims:claim-create", document.pk),
        "can_log": request.user.has_perm("claims.add_claim"),
    }
    if form is not None:
        offer_questions(form, document)
        context.update(claim_form_context(form))
    return render(request, "claims/document_detail.html", context)


@login_required
@permission_required("claims.view_document", raise_exception=True)
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("publisher"), pk=pk)
    form = ClaimForm(document=document) if request.user.has_perm("claims.add_claim") else None
    return _document_page(request, document, form)


@login_required
@permission_required("claims.add_claim", raise_exception=True)
@require_POST
def claim_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a claim from the document's form; on a mistake, the page again with the messages."""
    document = get_object_or_404(Document.objects.select_related("publisher"), pk=pk)
    data, problem = with_created_source(request, request.POST)
    form = ClaimForm(data, document=document)
    show_problem(form, problem)
    if "create_source" in data:
        form.is_valid()  # show what is still missing, save nothing yet
        return _document_page(request, document, form)
    if form.is_valid() and form.cleaned_data["new_question"] and not request.user.has_perm(
        "claims.add_question"
    ):
        form.add_error("new_question", "Only editors and reviewers start questions.")
    if not form.is_valid():
        return _document_page(request, document, form)
    claim = claim_create(document=document, data=form.cleaned_data, by=request.user)
    messages.success(
        request,
        format_html('Claim logged: <a href="{}">{}</a>', claim.get_absolute_url(), claim.statement),
    )
    return redirect(document)
