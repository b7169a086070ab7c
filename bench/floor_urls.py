"""The desk's URLs plus the floor: the cheapest page Django can serve a logged-in user.

The floor goes through the same middleware (sessions, authentication, CSRF,
htmx, history) and the same login check as every desk page, then renders a
small template through Django's template engine. A desk page's median over the
floor's median is how much its own work costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from factdesk.urls import urlpatterns as desk_urlpatterns


@login_required
def floor(request: HttpRequest) -> TemplateResponse:
    rows = [{"n": n, "label": f"Row {n}"} for n in range(10)]
    return TemplateResponse(request, "bench/floor.html", {"rows": rows})


urlpatterns = [path("__floor__/", floor, name="bench-floor"), *desk_urlpatterns]
