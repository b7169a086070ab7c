import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
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
