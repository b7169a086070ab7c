"""Hostile ids: every URL and form field that takes an id answers 404 or a form error, never 500.

Each value of HOSTILE goes, as each role, into every id of every URL pattern (the desk's and
the Django admin's, read from the URL configuration), into every query-string id, and into
every form field that takes an id or a number (read from the forms themselves: a new field
without a row in FORM_FIELDS fails test_every_id_field_of_the_forms_is_walked).
"""

from urllib.parse import quote

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims.forms import documents as document_forms
from claims.forms import review as review_forms
from claims.forms import sources as source_forms
from claims.ids import IdConverter, parse_id
from tests.test_permission_matrix import (
    PAYLOADS,
    ROLES,
    STRINGS,
    USER_FIXTURES,
    Refused,
    app_urls,
    footprint,
)
from tests.test_permission_matrix import desk as matrix_desk

pytestmark = pytest.mark.django_db

HOSTILE = ["-1", "0", str(2**63), str(10**20), "abc", "1.5", "\uff11"]  # \uff11: a full-width 1
desk = matrix_desk


@pytest.fixture
def users(request) -> dict:
    return {role: request.getfixturevalue(name) for role, name in USER_FIXTURES.items()}


def clients(users) -> dict[str, Client]:
    """A client per role that answers a server error as a 500 instead of raising it."""
    made = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(users[role])
        made[role] = client
    return made


def rolled_back(send):
    """The answer to one request, whose writes are undone afterwards."""
    answer = {}
    try:
        with transaction.atomic():
            answer["response"] = send()
            raise Refused
    except Refused:
        pass
    return answer["response"]


# --- Ids in URL paths --------------------------------------------------------------------

# The path kwargs that name a row: the desk's <id:pk>, the admin's object and content type,
# a user (the admin's password page).
ID_KWARGS = {"pk", "object_id", "content_type_id", "id"}
# The admin's other kwargs: an app, and a historical version (simple_history).
ADMIN_STRINGS = {"app_label": "claims", "version_id": "1"}
# simple_history's "a past version" page is a regex route: (object id, version id).
REGEX_ID = "([^/]+)"


def id_routes():
    for name, route, converters in app_urls():
        if set(converters) & ID_KWARGS or REGEX_ID in route:
            yield name, route, converters


def hostile_path(route: str, converters: dict, value: str) -> str:
    path = route.replace("^", "").replace("$", "").replace(REGEX_ID, quote(value, safe=""))
    for kwarg in converters:
        token = next(
            part for part in path.split("/") if part.startswith("<") and part.endswith(">")
            and part[1:-1].split(":")[-1] == kwarg
        )
        fill = value if kwarg in ID_KWARGS else STRINGS.get(kwarg) or ADMIN_STRINGS[kwarg]
        path = path.replace(token, quote(fill, safe=""))
    return "/" + path


def test_the_walk_finds_the_ids_of_the_desk_and_of_the_admin():
    names = {name for name, _, _ in id_routes()}
    assert {"claims:claim-detail", "claims:claim-suggestions", "claims:document-edit"} <= names
    assert {"admin:claims_source_change", "admin:claims_document_delete"} <= names
    assert {"admin:view_on_site", "admin:claims_source_simple_history"} <= names


def test_every_url_id_answers_404_or_a_refusal_never_500(users):
    by_role = clients(users)
    wrong = []
    for name, route, converters in id_routes():
        for value in HOSTILE:
            path = hostile_path(route, converters, value)
            for role, client in by_role.items():
                for method in ("GET", "POST"):
                    response = rolled_back(lambda c=client, m=method, p=path: c.generic(m, p))
                    status = response.status_code
                    # The desk refuses a bad id before any view: 404 whoever asks.
                    if name.startswith("claims:") and status != 404:
                        wrong.append(f"{role} {method} {path}: {status}, not 404")
                    elif status >= 500:
                        wrong.append(f"{role} {method} {path}: {status}")
    assert not wrong, "\n".join(wrong)


def test_the_id_converter_takes_ids_up_to_the_largest_64_bit_number():
    converter = IdConverter()
    assert converter.to_python(str(2**63 - 1)) == 2**63 - 1
    for value in ["0", str(2**63), "\uff11"]:
        with pytest.raises(ValueError):
            converter.to_python(value)
    values = ["7", " 7 ", "07", None, "-1", "1.5"]
    assert [parse_id(v) for v in values] == [7, 7, 7, None, None, None]


# --- Ids in query strings and form fields ----------------------------------------------------

# (url name, method, field) -> what the request needs: the object its URL names (by the
# desk's attribute) and whether the field holds several ids.
FORM_FIELDS = {
    (document_forms.DocumentForm, "publisher"): [("claims:document-create", None),
                                                 ("claims:document-edit", "document")],
    (document_forms.ClaimForm, "speaker"): [("claims:claim-create", "document"),
                                            ("claims:claim-edit", "claim")],
    (document_forms.ClaimForm, "relays"): [("claims:claim-create", "document"),
                                           ("claims:claim-edit", "claim")],
    (document_forms.ClaimForm, "questions"): [("claims:claim-create", "document"),
                                              ("claims:claim-edit", "claim")],
    (document_forms.ClaimForm, "quote_near"): [("claims:claim-create", "document")],
    (document_forms.ClaimForm, "version"): [("claims:claim-edit", "claim")],
    (document_forms.ClaimFilterForm, "speaker"): [("claims:claim-list", None)],
    (document_forms.ClaimFilterForm, "outlet"): [("claims:claim-list", None)],
    (document_forms.ClaimFilterForm, "question"): [("claims:claim-list", None)],
    (review_forms.LinkForm, "first"): [("claims:link-create", None)],
    (review_forms.LinkForm, "second"): [("claims:link-create", None)],
    (review_forms.ResolveForm, "version"): [("claims:link-resolve", "link")],
    (review_forms.ReopenForm, "version"): [("claims:link-reopen", "link")],
    (review_forms.AssignForm, "claim"): [("claims:question-assign", "question"),
                                         ("claims:question-unassign", "question")],
    (review_forms.QueueFilterForm, "question"): [("claims:review-queue", None)],
    (source_forms.CredibilityForm, "version"): [("claims:claim-credibility", "claim")],
}
# Ids read from the query string by a view itself.
QUERY_IDS = [
    ("claims:compare", "a"),
    ("claims:compare", "b"),
    ("claims:claim-picker", "a"),
    ("claims:claim-picker", "b"),
    ("claims:source-picker", "choose"),
]
GET_VIEWS = {"claims:claim-list", "claims:review-queue", "claims:compare", "claims:claim-picker",
             "claims:source-picker"}


def id_fields() -> set[tuple[type, str]]:
    """Every field of the desk's forms that takes an id or a whole number."""
    found = set()
    for module in (document_forms, review_forms, source_forms):
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                for name, field in form.base_fields.items():
                    whole = isinstance(field, forms.IntegerField) and not isinstance(
                        field, forms.DecimalField | forms.FloatField
                    )
                    if whole or isinstance(field, forms.ModelChoiceField):
                        found.add((form, name))
    return found


def test_every_id_field_of_the_forms_is_walked():
    fields = id_fields()
    # A subclass's field is its parent's (DocumentEditForm is a DocumentForm).
    walked = {(form, name) for form, name in fields if (form, name) in FORM_FIELDS}
    inherited = {
        (form, name) for form, name in fields - walked
        if any(issubclass(form, parent) and name == field for parent, field in FORM_FIELDS)
    }
    assert fields - walked - inherited == set(), "add these to FORM_FIELDS"
    assert set(FORM_FIELDS) <= fields, "no longer a field of that form"


def field_requests(desk):
    """(url name, path, method, data, whether the field is a row's id) for every case."""
    for (form, field), uses in FORM_FIELDS.items():
        is_id = isinstance(form.base_fields[field], forms.ModelChoiceField)
        many = isinstance(form.base_fields[field], forms.ModelMultipleChoiceField)
        for name, target in uses:
            args = [getattr(desk, target).pk] if target else []
            path = reverse(name, args=args)
            method = "GET" if name in GET_VIEWS else "POST"
            base = PAYLOADS[name](desk) if method == "POST" else {}
            for value in HOSTILE:
                yield name, path, method, {**base, field: [value] if many else value}, is_id
    for name, param in QUERY_IDS:
        path = reverse(name, args=["speaker"] if name == "claims:source-picker" else [])
        for value in HOSTILE:
            yield name, path, "GET", {param: value}, True


def test_every_form_and_query_id_answers_a_form_error_never_500(users, desk):
    by_role = clients(users)
    wrong = []
    for _name, path, method, data, is_id in field_requests(desk):
        for role, client in by_role.items():
            send = client.get if method == "GET" else client.post
            answer = {}

            def ask(send=send, answer=answer, path=path, data=data):
                before = footprint()
                response = send(path, data)
                answer["saved"] = footprint() != before
                return response

            response = rolled_back(ask)
            where = f"{role} {method} {path} {data}"
            if response.status_code >= 500:
                wrong.append(f"{where}: {response.status_code}")
            elif is_id and method == "POST" and answer["saved"]:
                wrong.append(f"{where}: a hostile id was saved")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("value", [str(2**63), str(10**20)])
def test_a_huge_speaker_relay_or_question_is_refused_beside_its_field(client, editor, desk, value):
    client.force_login(editor)
    url = reverse("claims:claim-create", args=[desk.document.pk])
    data = PAYLOADS["claims:claim-create"](desk)
    for field in ("speaker", "relays", "questions"):
        response = client.post(url, {**data, field: value})
        assert response.status_code == 200, field
        assert "Select a valid choice" in str(response.context["form"].errors[field]), field


def test_a_huge_id_in_compare_picks_nothing(client, reviewer, desk):
    client.force_login(reviewer)
    response = client.get(reverse("claims:compare"), {"a": str(2**64), "b": desk.claim.pk})
    assert response.status_code == 200
    assert response.context["a_pk"] is None and response.context["b_pk"] == desk.claim.pk
