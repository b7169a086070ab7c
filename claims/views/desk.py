from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ..models import Claim, ClaimLink, Document, Source
from ..paging import estimated_counts, open_contradictions


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def home(request: HttpRequest) -> TemplateResponse:
    counted = estimated_counts(Document, Claim, Source, ClaimLink)
    counts = {"estimated": any(counted[model][1] for model in (Document, Claim, Source))}
    for model, key in ((Document, "documents"), (Claim, "claims"), (Source, "sources")):
        counts[key], counts[f"{key}_estimated"] = counted[model]
    counts["open_contradictions"], counts["open_cached"] = open_contradictions(counted[ClaimLink])
    return TemplateResponse(request, "claims/home.html", {"counts": counts})
