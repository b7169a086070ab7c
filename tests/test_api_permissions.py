"""Who may do what through the API, for every operation of its OpenAPI document, as
DOMAIN.md's role table says and the pages answer (tests/test_permission_matrix.py).

The operations come from the API's own schema: one added without a row in EXPECTED fails
test_every_operation_of_the_api_is_in_the_matrix. Each cell is the exact status the
role gets with a token of its own, a write carrying a valid minimal payload; a refused
role's request leaves the database as it was, an allowed write changes it.
"""

import json
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client

from api.main import api
from claims import services
from claims.models import Claim, ClaimLink, Document, GradeChange, Source

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "editor", "reviewer", "admin")
USER_FIXTURES = {
    "outsider": "outsider", "editor": "editor", "reviewer": "reviewer", "admin": "admin_user",
}
REFUSED = {"anonymous": 401, "outsider": 403}
READ = {**REFUSED, "editor": 200, "reviewer": 200, "admin": 200}
MADE = {**REFUSED, "editor": 201, "reviewer": 201, "admin": 201}
# The seed's claims and document were not logged by the editor: editors correct their own.
CORRECTED = {**REFUSED, "editor": 403, "reviewer": 200, "admin": 200}
REVIEWED = CORRECTED
GRADED = {**REFUSED, "editor": 403, "reviewer": 403, "admin": 200}

EXPECTED = {
    ("GET", "/api/claims"): READ,
    ("POST", "/api/claims"): MADE,
    ("GET", "/api/claims/{pk}"): READ,
    ("PATCH", "/api/claims/{pk}"): CORRECTED,
    ("GET", "/api/documents"): READ,
    ("POST", "/api/documents"): MADE,
    ("GET", "/api/documents/{pk}"): READ,
    ("PATCH", "/api/documents/{pk}"): CORRECTED,
    ("GET", "/api/questions"): READ,
    ("GET", "/api/questions/{pk}"): READ,
    ("GET", "/api/links"): READ,
    ("POST", "/api/links"): MADE,
    ("GET", "/api/links/{pk}"): READ,
    ("POST", "/api/links/{pk}/resolve"): REVIEWED,
    ("POST", "/api/links/{pk}/reopen"): REVIEWED,
    ("GET", "/api/sources"): READ,
    ("GET", "/api/sources/{pk}"): READ,
    ("POST", "/api/sources/{pk}/grade"): GRADED,
}


@pytest.fixture
def desk(seed_without_body):
    claims = seed_without_body
    return SimpleNamespace(
        claims=claims,
        claim=claims["438"],
        document=claims["438"].document,
        link=ClaimLink.between(claims["438"], claims["too-early"]),
        question=claims["438"].questions.get(),
        source=Source.objects.get(name="Interfax"),
    )


OBJECT_BY_SEGMENT = {
    "claims": "claim", "documents": "document", "links": "link", "questions": "question",
    "sources": "source",
}


def path_of(template: str, desk) -> str:
    segment = template.split("/")[2]
    return template.replace("{pk}", str(getattr(desk, OBJECT_BY_SEGMENT[segment]).pk))


def resolved(desk) -> None:
    desk.link = services.contradiction_resolve(
        link=desk.link, outcome=ClaimLink.Outcome.SECOND_UPHELD,
        rationale="Too early was right.", by=None, expected_version=desk.link.version,
    )


PREPARE = {("POST", "/api/links/{pk}/reopen"): resolved}

PAYLOADS = {
    ("POST", "/api/claims"): lambda d: {
        "document": d.document.pk, "statement": "The crossing was orderly.",
        "speaker": Source.objects.get(name="Vasily Malayev").pk,
    },
    ("PATCH", "/api/claims/{pk}"): lambda d: {
        "version": d.claim.version, "statement": "438 soldiers reached Russia on Monday.",
    },
    ("POST", "/api/documents"): lambda d: {
        "title": "Border guards count the crossings", "published_at": "2014-08-05T09:00:00Z",
    },
    ("PATCH", "/api/documents/{pk}"): lambda d: {
        "updated_at": d.document.updated_at.isoformat(),
        "title": "Hundreds of Ukrainian soldiers cross into Russia",
    },
    ("POST", "/api/links"): lambda d: {
        "first": d.claims["drills"].pk, "second": d.claims["casualties"].pk, "kind": "supports",
    },
    ("POST", "/api/links/{pk}/resolve"): lambda d: {
        "outcome": "first_upheld", "rationale": "The count was confirmed.",
        "version": d.link.version,
    },
    ("POST", "/api/links/{pk}/reopen"): lambda d: {"version": d.link.version},
    ("POST", "/api/sources/{pk}/grade"): lambda d: {"grade": "C", "reason": "Two errors."},
}


def footprint() -> dict:
    return {
        "claims": sorted(Claim.objects.values_list("pk", "version", "statement")),
        "documents": sorted(Document.objects.values_list("pk", "updated_at")),
        "links": sorted(ClaimLink.objects.values_list("pk", "version", "status")),
        "grades": sorted(Source.objects.values_list("pk", "reliability")),
        "grade_changes": GradeChange.objects.count(),
    }


class RolledBack(Exception):
    pass


def test_every_operation_of_the_api_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path)
        for path, methods in schema["paths"].items() for method in methods
    }
    assert operations == set(EXPECTED)
    for key, answers in EXPECTED.items():
        assert set(answers) == set(ROLES), key
        if key[0] != "GET":
            assert key in PAYLOADS, key


@pytest.mark.parametrize(("method", "template"), list(EXPECTED), ids="{0[0]} {0[1]}".format)
def test_each_role_gets_the_answer_domain_md_gives(request, api_as, desk, method, template):
    if (method, template) in PREPARE:
        PREPARE[(method, template)](desk)
    clients = {"anonymous": Client()}
    for role, fixture in USER_FIXTURES.items():
        clients[role] = api_as(request.getfixturevalue(fixture))
    wrong = []
    for role in ROLES:
        try:
            with transaction.atomic():
                before = footprint()
                path = path_of(template, desk)
                if method == "GET":
                    response = clients[role].get(path)
                else:
                    body = PAYLOADS[(method, template)](desk)
                    response = clients[role].generic(
                        method, path, data=json.dumps(body),
                        content_type="application/json",
                    )
                expected = EXPECTED[(method, template)][role]
                where = f"{role} {method} {path}"
                if response.status_code != expected:
                    wrong.append(f"{where}: {response.status_code}, the matrix says {expected}: "
                                 f"{response.content[:300]!r}")
                elif expected >= 400:
                    if response["Content-Type"] != "application/problem+json":
                        wrong.append(f"{where}: answered {response['Content-Type']}")
                    if footprint() != before:
                        wrong.append(f"{where}: refused, yet the database changed")
                elif method != "GET" and footprint() == before:
                    wrong.append(f"{where}: allowed, yet nothing was saved")
                raise RolledBack
        except RolledBack:
            pass
    assert not wrong, "\n".join(wrong)


def test_the_session_of_the_docs_page_may_read_but_must_send_csrf_to_write(editor, desk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.get("/api/claims").status_code == 200
    body = PAYLOADS[("POST", "/api/links")](desk)
    response = browser.post("/api/links", body, content_type="application/json")
    assert response.status_code == 403
    assert ClaimLink.objects.filter(first=body["first"], second=body["second"]).count() == 0
    browser.get("/api/docs")  # the page sets the CSRF cookie its "try it out" sends
    token = browser.cookies["csrftoken"].value
    response = browser.post("/api/links", body, content_type="application/json",
                            headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_a_token_acts_with_its_users_role_as_it_is_now(api_as, editor, desk):
    from django.contrib.auth.models import Group

    client = api_as(editor)
    assert client.get("/api/claims").status_code == 200
    editor.groups.remove(Group.objects.get(name="editor"))
    assert client.get("/api/claims").status_code == 403
