from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from factdesk.jinja2 import render

from ..paging import desk_counts


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/home.html", {"counts": desk_counts()})
