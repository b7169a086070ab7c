"""Personal API tokens: made and revoked on the user's own page, shown once, kept hashed;
a revoked token, or one of an inactive user, is refused; requests are throttled per token."""

import hashlib
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.tokens import token_create

pytestmark = pytest.mark.django_db

TOKEN_IN_PAGE = re.compile(r'<code class="token" id="new-token">([^<]+)</code>')


def make_token(client, name="CMS import") -> str:
    response = client.post(reverse("accounts:tokens"), {"name": name})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = TOKEN_IN_PAGE.search(response.content.decode())
    assert found, "the new token is on the page"
    return found.group(1)


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def test_the_header_links_to_the_tokens_page(logged_in):
    page = logged_in.get(reverse("claims:home")).content.decode()
    assert f'href="{reverse("accounts:tokens")}"' in page


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_token_is_shown_once_and_kept_only_as_its_digest(logged_in, editor):
    token = make_token(logged_in)
    row = ApiToken.objects.get(user=editor)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.name, row.prefix, row.digest}
    assert token.startswith(row.prefix) and len(row.prefix) < len(token) // 3
    again = logged_in.get(reverse("accounts:tokens")).content.decode()
    assert token not in again
    assert row.prefix in again and "CMS import" in again


def test_the_token_opens_the_api_as_its_user(logged_in, seed_without_body):
    token = make_token(logged_in)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/claims").status_code == 200
    wrong = Client(headers={"Authorization": f"Bearer {token}x"})
    assert wrong.get("/api/claims").status_code == 401


def test_a_revoked_token_is_refused(logged_in, editor, seed_without_body):
    token = make_token(logged_in)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/claims").status_code == 200
    row = ApiToken.objects.get(user=editor)
    response = logged_in.post(reverse("accounts:token-revoke"), {"token": row.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    refused = api.get("/api/claims")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert "Revoked" in logged_in.get(reverse("accounts:tokens")).content.decode()


def test_no_one_revokes_anothers_token(logged_in, reviewer, seed_without_body):
    row, token = token_create(user=reviewer, name="theirs")
    logged_in.post(reverse("accounts:token-revoke"), {"token": row.pk})
    row.refresh_from_db()
    assert row.revoked_at is None
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/claims").status_code == 200


def test_a_token_without_a_name_is_refused_in_place(logged_in):
    response = logged_in.post(reverse("accounts:tokens"), {"name": "   "})
    assert response.status_code == 400
    assert not TOKEN_IN_PAGE.search(response.content.decode())
    assert "errorlist" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_of_an_inactive_user_is_refused(editor, seed_without_body):
    _, token = token_create(user=editor, name="script")
    editor.is_active = False
    editor.save()
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/claims").status_code == 401


def test_requests_past_the_rate_answer_429_with_retry_after(settings, editor, reviewer,
                                                             seed_without_body):
    cache.clear()
    settings.API_RATE = 3
    settings.API_RATE_WINDOW = 3600
    _, token = token_create(user=editor, name="script")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert [api.get("/api/sources").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/sources")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert refused.json()["status"] == 429
    # The rate is the token's: another token has its own.
    _, other = token_create(user=reviewer, name="other")
    assert Client(headers={"Authorization": f"Bearer {other}"}).get(
        "/api/sources"
    ).status_code == 200
    cache.clear()
