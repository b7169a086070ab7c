from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ..models import Claim, Document, Source
from ..paging import estimated_count, open_contradictions


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def home(request: HttpRequest) -> TemplateResponse:
    claims, claims_estimated = estimated_count(Claim)
    counts = {
        "documents": Document.objects.count(),
        "claims": claims,
        "claims_estimated": claims_estimated,
        "sources": Source.objects.count(),
    }
    counts["open_contradictions"], counts["open_cached"] = open_contradictions()
    return TemplateResponse(request, "claims/home.html", {"counts": counts})
