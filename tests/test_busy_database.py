"""A deadlock, serialization failure or database outage answers 503 "try again", never 500."""

import pytest
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.urls import path

from factdesk.middleware import DatabaseBusyMiddleware


def middleware() -> DatabaseBusyMiddleware:
    return DatabaseBusyMiddleware(lambda request: None)


@pytest.mark.parametrize(
    "message",
    [
        "deadlock detected",
        "could not serialize access due to concurrent update",
        "server closed the connection unexpectedly",
        "database is locked",
    ],
)
def test_a_busy_database_gets_a_retry_page(message):
    request = RequestFactory().post("/claims/1/edit/")
    response = middleware().process_exception(request, OperationalError(message))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "try again" in html


def test_other_errors_are_left_to_the_views():
    request = RequestFactory().post("/claims/1/edit/")
    assert middleware().process_exception(request, IntegrityError("duplicate")) is None
    assert middleware().process_exception(request, ValueError("bug")) is None


def deadlocked_view(request):
    raise OperationalError("deadlock detected")


urlpatterns = [path("deadlock/", deadlocked_view)]


def test_it_is_installed_and_a_view_error_reaches_it(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/deadlock/")
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
