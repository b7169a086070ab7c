"""Errors as RFC 9457 problem details: `application/problem+json` with type, title,
status and detail, and for refused input the errors beside each field.

Endpoints raise the exceptions here (or Django's Http404 and PermissionDenied, as the
pages do); `install` makes every error of the API answer as a problem.
"""

from __future__ import annotations

import json
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

PROBLEM_JSON = "application/problem+json"
# The problems of our own; any other status is "about:blank", titled by its status.
INVALID = "/api/problems/invalid"
STALE = "/api/problems/stale-write"
DUPLICATE = "/api/problems/duplicate"
THROTTLED = "/api/problems/throttled"


class FieldError(Schema):
    field: str  # the input's name ("statement", "relays.1"), or "" for the whole request
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class Refused(Exception):
    """A request the desk refuses (422 unless told), with a message per field."""

    def __init__(self, detail: str, errors: list[dict] | None = None, status: int = 422):
        super().__init__(detail)
        self.detail, self.errors, self.status = detail, errors or [], status


class Conflict(Exception):
    """A write that met a newer row (409): `stored` is that row, as the API shows it."""

    def __init__(self, detail: str, stored, kind: str = STALE):
        super().__init__(detail)
        self.detail, self.stored, self.kind = detail, stored, kind


def form_errors(form) -> list[dict]:
    """A Django form's errors as FieldErrors ("" for the errors of the whole form)."""
    return [
        {"field": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def refuse_form(form, detail: str = "The request was refused; nothing was saved."):
    raise Refused(detail, form_errors(form))


def problem(status: int, detail: str, *, type: str = "about:blank", title: str = "",
            headers: dict | None = None, **extra) -> HttpResponse:
    body = {
        "type": type, "title": title or HTTPStatus(status).phrase, "status": status,
        "detail": detail, **extra,
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(location: list) -> str:
    # ninja's locations: ("body", "payload", "statement"), ("query", "after"), ("path", "pk").
    names = [str(part) for part in location[1:] if part not in ("payload", "filters")]
    return ".".join(names) or str(location[0] if location else "")


def install(api) -> None:
    """Answer every error of `api` as a problem."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError):
        errors = [
            {"field": _field(list(error.get("loc", []))), "message": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        return problem(422, "The request does not match the API's schema; nothing was saved.",
                       type=INVALID, title="Invalid request", errors=errors)

    @api.exception_handler(Refused)
    def refused(request: HttpRequest, exc: Refused):
        return problem(exc.status, exc.detail, type=INVALID, title="Refused",
                       errors=exc.errors)

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict):
        title = "Stale write" if exc.kind == STALE else "Already exists"
        return problem(409, exc.detail, type=exc.kind, title=title,
                       stored=exc.stored.model_dump(mode="json"))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        return problem(429, f"Too many requests with this token; try again in {wait} s.",
                       type=THROTTLED, title="Too many requests",
                       headers={"Retry-After": str(wait)})

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        return problem(401, "Send a token of yours as `Authorization: Bearer <token>`.",
                       headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return problem(404, "No such row on the desk.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        return problem(403, str(exc) or "Your role may not do this.")


# What each endpoint may answer besides its success, for the OpenAPI document.
READ = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
LIST = {401: Problem, 403: Problem, 422: Problem, 429: Problem}
WRITE = {**READ, 409: Problem}
