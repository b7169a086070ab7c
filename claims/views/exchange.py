"""Data out and in: ClaimReview downloads, and importing sources and claims from CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..claimreview import desk_reviews, json_array, reviews_of_question
from ..models import Question

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
