"""Data out and in: ClaimReview downloads, and importing sources and claims from CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from factdesk.jinja2 import render

from ..claimreview import desk_reviews, json_array, reviews_of_question
from ..csv_import import ImportRefused, grades_in, import_claims, import_sources
from ..forms.imports import ImportForm
from ..models import Question
from ..paths import url
from ..permissions import require

JSONLD = "application/ld+json; charset=utf-8"


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _jsonld(filename: str, documents) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        json_array(documents), content_type=JSONLD,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def claimreview_desk(request: HttpRequest) -> HttpResponse:
    """Every ClaimReview of the desk, as one JSON-LD file, streamed."""
    return _jsonld("claimreviews.jsonld", desk_reviews(_origin(request)))


@login_required
@permission_required("claims.view_claimlink", raise_exception=True)
@require_GET
def claimreview_question(request: HttpRequest, pk: int) -> HttpResponse:
    """The ClaimReviews of the claims on a question, as one JSON-LD file."""
    question = get_object_or_404(Question, pk=pk)
    return _jsonld(
        f"claimreviews-question-{question.pk}.jsonld",
        reviews_of_question(question.pk, _origin(request)),
    )


# --- Import from CSV ------------------------------------------------------------------------


def _import(request: HttpRequest, *, importer, what: str, columns: str, done: str,
            grades: bool = True) -> HttpResponse:
    """The import page: upload, a preview of every row, then the import on confirm."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if not grades and grades_in(text):
                form.add_error("file", "Only admins import grades: leave the reliability "
                               "column empty, or ask an admin to import the file.")
            else:
                result = importer(
                    text=text, by=request.user, write="confirm" in request.POST
                )
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        if result is not None and result.written:
            messages.success(
                request, f"Imported {result.added} new {what}; {result.existing} were on "
                "the desk already."
            )
            return redirect(done)
    context = {
        "form": form, "result": result, "what": what, "columns": columns,
        "content": form.cleaned_data.get("content", "") if result else "",
        "action": request.path,
    }
    status = 400 if request.method == "POST" and (result is None or result.refused) else 200
    return render(request, "claims/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def claim_import(request: HttpRequest) -> HttpResponse:
    """Claims from CSV, with their documents, sources and questions (editors)."""
    require(request.user, "claims.add_claim", "claims.add_document", "claims.add_source",
             "claims.add_question")
    return _import(
        request, importer=import_claims, what="claims", done=url("claims:claim-list"),
        columns="statement, speaker, speaker_kind, document_url; for a document not yet on "
        "the desk document_title, document_published_at and optionally document_publisher "
        "and document_language; optionally quote, relays (one “name (kind)” a line), "
        "questions (one a line) and the date, number and certainty columns of a claims "
        "download. Credibility and status are not imported: reviewers and links set them.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_import(request: HttpRequest) -> HttpResponse:
    """Sources from CSV (editors); a file with grades (admins)."""
    require(request.user, "claims.add_source")
    return _import(
        request, importer=import_sources, what="sources", done=url("claims:source-list"),
        grades=request.user.has_perm("claims.grade_source"),
        columns="name, kind (person, organization or outlet); optionally description, "
        "affiliation with affiliation_kind, and reliability (A-F, admins only).",
    )
