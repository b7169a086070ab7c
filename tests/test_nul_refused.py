"""A NUL character in any text input is refused with a message (factdesk.middleware), never
stored (SQLite kept it in source names) and never a 500 (PostgreSQL refuses it in a query)."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Source
from factdesk.middleware import NUL_REFUSED
from tests.test_permission_matrix import (
    PAYLOADS,
    covered_urls,
    footprint,
    url_kwargs,
)
from tests.test_permission_matrix import desk as matrix_desk

pytestmark = pytest.mark.django_db

desk = matrix_desk
HX = {"HTTP_HX_REQUEST": "true"}
# Every name under which a page reads typed text from the query string.
TYPED = ["q", "speaker_q", "relays_q", "publisher_q", "outlet_q", "question_q", "survivor",
         "said_phrase", "about_phrase", "quantity_phrase", "quote"]


def refused(response) -> bool:
    return response.status_code == 400 and "NUL character" in response.content.decode()


def test_a_source_named_with_a_nul_from_the_picker_is_refused_and_not_kept(client, editor):
    client.force_login(editor)
    data = {"create_source": "speaker", "speaker_q": "Vasily\x00 Malayev", "speaker_kind": "person"}
    for headers in ({}, HX):
        response = client.post(reverse("claims:source-picker-create"), data, **headers)
        assert refused(response)
    assert not Source.objects.exists()


def test_every_page_refuses_a_nul_in_what_is_typed_into_it(admin_user, desk):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)  # every page and every form is open to an admin
    wrong = []
    for name, (route, converters) in covered_urls().items():
        path = reverse(name, kwargs=url_kwargs(route, converters, desk))
        for field in TYPED:
            response = client.get(path, {field: "Interfax\x00"})
            if not refused(response):
                wrong.append(f"GET {path} {field}: {response.status_code}")
        if name in PAYLOADS:
            data = PAYLOADS[name](desk)
            before = footprint()
            for field in [*data, *TYPED]:
                response = client.post(path, {**data, field: "Interfax\x00"})
                if not refused(response):
                    wrong.append(f"POST {path} {field}: {response.status_code}")
            if footprint() != before:
                wrong.append(f"POST {path}: something was saved")
    assert not wrong, "\n".join(wrong)


def test_the_refusal_says_why_and_that_nothing_was_saved(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:claim-list"), {"q": "\x00"})
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


def test_the_login_form_refuses_a_nul_too(client, editor):
    response = client.post(reverse("login"), {"username": "edna\x00", "password": "pw-edna"})
    assert refused(response)
    assert "_auth_user_id" not in client.session
