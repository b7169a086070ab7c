import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseBusyMiddleware:
    """Answer 503 "try again" when the database is unreachable, deadlocked or busy.

    A deadlock, a serialization failure or a restart of PostgreSQL aborts the
    transaction, so nothing was saved: the user is told so and asked to retry,
    rather than shown a server error. The page is rendered without the request
    context, since the context (the user, the session) would need the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database busy or unreachable on %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response


NUL_REFUSED = (
    "What you sent holds a NUL character (\\0), which the desk neither keeps nor searches for. "
    "Nothing was saved."
)


def _holds_nul(data: QueryDict) -> bool:
    return any("\0" in key or "\0" in "".join(values) for key, values in data.lists())


class NulRefusedMiddleware:
    """Refuse (400, saying why) a request whose query string or form holds a NUL character.

    PostgreSQL text cannot hold one (the query fails, a 500) and SQLite keeps it, unseen, in
    a source's name. Django's form fields refuse it beside the field, but the search boxes,
    the pickers and the typed names read the request themselves: one refusal here covers
    every text input, the admin's and the login form's too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            return render(request, "400.html", {"reason": NUL_REFUSED}, status=400)
        return self.get_response(request)
