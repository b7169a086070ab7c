"""Every POST is CSRF-protected: a POST without the token is refused with 403, on every URL.

The URLs are read from the project's URLconf, so a new endpoint is covered without
touching this file; each path parameter is filled with a real row of the seed desk.

The JSON API (/api/) checks CSRF itself, for a session only (a bearer token is no
ambient credential): django-ninja marks its views csrf_exempt and refuses a session's
write without the token as a 403 problem ("CSRF check Failed"); a POST to an API path
that takes no POST reaches no view (405).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from claims import urls as claim_urls
from claims.models import Claim, ClaimLink, Document, Question, Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
# What the route says before a <int:pk>, and the seed-desk row to put there.
ROUTE_MODELS = {
    "documents": Document,
    "claims": Claim,
    "links": ClaimLink,
    "questions": Question,
    "sources": Source,
}
# Other path parameters of the desk's own routes, by name.
NAMED_VALUES = {"which": "said", "field": "speaker", "app_label": "claims", "url": "missing/"}


def walk(patterns, prefix=""):
    """(route text, callback, pattern chain) for every URL pattern, includes expanded."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def _pk_for(route: str, upto: int) -> str:
    """A real pk for the parameter at `upto` in `route`, chosen by the route before it."""
    before = [s for s in re.split(r"[/^$]+", route[:upto]) if s and "<" not in s]
    model = None
    if len(before) >= 2:  # the admin's "<app_label>/<model_name>/<path:object_id>/..."
        try:
            model = apps.get_model(before[-2], before[-1])
        except (LookupError, ValueError):
            model = None
    if model is None or not model._default_manager.exists():
        model = ROUTE_MODELS.get(before[-1] if before else "", Claim)
    return str(model._default_manager.order_by("pk").first().pk)


def build_url(route: str) -> str:
    """The route (a path() route or a regex) with each parameter given a real value."""

    def fill(match: re.Match) -> str:
        name = match.group("name")
        converter = match.group("conv") or ""
        if name in NAMED_VALUES:
            return NAMED_VALUES[name]
        if converter == "int" or name in ("pk", "object_id", "id", "user_id"):
            return _pk_for(match.string, match.start())
        return "x"

    # Regex routes (Django's admin): named groups, unnamed groups, then the regex syntax.
    url = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill_regex, route)
    url = re.sub(r"\([^)?]*\)", lambda m: _pk_for(url, m.start()), url)
    url = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", fill, url)
    url = url.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + url.lstrip("/")


def fill_regex(match: re.Match) -> str:
    name = match.group("name")
    if name in NAMED_VALUES:
        return NAMED_VALUES[name]
    if name in ("pk", "object_id", "id"):
        return _pk_for(match.string, match.start())
    return "x"


def every_url() -> list[tuple[str, object]]:
    return [(build_url(route), callback) for route, callback in walk(get_resolver().url_patterns)]


@pytest.fixture
def desk(seed_without_body, admin_user):
    # A link, a question, a grade change: every kind of row a route may name exists.
    assert ClaimLink.objects.exists() and Question.objects.exists()
    return seed_without_body


def test_every_url_refuses_a_post_without_the_csrf_token(desk, admin_user):
    urls = every_url()
    assert len(urls) > 40  # the desk's own routes and the admin's
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    lenient = Client()  # the test client's default: CSRF checks off
    lenient.force_login(admin_user)
    refused, accepted = [], []
    for url, _ in urls:
        response = strict.post(url, {"note": "no token"})
        if response.status_code == 403 and b"CSRF verification failed" in response.content:
            refused.append(url)
        elif url.startswith("/api/") and _api_refused(response):
            continue
        else:
            accepted.append((url, response.status_code))
    assert not accepted, f"POST without a CSRF token was not refused: {accepted}"
    assert len(refused) == len([url for url, _ in urls if not _api_operation(url)])
    # The 403 is the missing token's doing: with the check off, no URL answers so.
    for url in refused:
        if url.rstrip("/").endswith("logout"):
            continue  # would log the lenient client out of the rest
        response = lenient.post(url, {})
        assert b"CSRF verification failed" not in response.content, url


def _api_operation(url: str) -> bool:
    """An endpoint of the JSON API (django-ninja's view, which checks CSRF itself)."""
    return url.startswith("/api/") and resolve(url).func.__module__.startswith("ninja.operation")


def _api_refused(response) -> bool:
    if response.status_code == 405:
        return True
    return (
        response.status_code == 403
        and response["Content-Type"] == "application/problem+json"
        and "CSRF" in response.json()["detail"]
    )


def test_every_built_url_reaches_its_own_view(desk):
    urls = every_url()
    for url, callback in urls:
        if _api_operation(url):
            # django-ninja names one pattern per operation of a path; the first serves all.
            assert callback.__module__ == resolve(url).func.__module__, url
            continue
        assert resolve(url).func == callback, url
    desk_urls = [url for url, callback in urls if callback.__module__.startswith("claims.")]
    assert len(desk_urls) >= len(claim_urls.urlpatterns)


def test_the_login_form_refuses_a_post_without_the_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "ada", "password": "pw-ada"})
    assert response.status_code == 403


def test_no_view_of_the_desk_is_csrf_exempt():
    for _, callback in walk(get_resolver().url_patterns):
        if callback.__module__.split(".")[0] in ("claims", "accounts", "factdesk"):
            assert not getattr(callback, "csrf_exempt", False), callback
    for app in ("claims", "accounts", "factdesk"):
        for path in (ROOT / app).rglob("*.py"):
            assert "csrf_exempt" not in path.read_text(encoding="utf-8"), path
    import claims.views

    for info in pkgutil.iter_modules(claims.views.__path__):
        module = importlib.import_module(f"claims.views.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            assert not getattr(function, "csrf_exempt", False), f"{module.__name__}.{name}"
