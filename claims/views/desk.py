from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.template.response import TemplateResponse

from ..models import Claim, ClaimLink, Document, Source


@login_required
def home(request: HttpRequest) -> TemplateResponse:
    counts = {
        "documents": Document.objects.count(),
        "claims": Claim.objects.count(),
        "sources": Source.objects.count(),
        "open_contradictions": ClaimLink.objects.filter(
            kind=ClaimLink.Kind.CONTRADICTS, status=ClaimLink.Status.OPEN
        ).count(),
    }
    return TemplateResponse(request, "claims/home.html", {"counts": counts})
