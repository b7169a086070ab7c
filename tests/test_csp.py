"""Every page carries a strict Content-Security-Policy: no inline script or style, no framing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in parts}


def assert_strict(response) -> None:
    policy = directives(response)
    assert policy == EXPECTED
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_login_page_has_the_strict_policy(client):
    assert_strict(client.get(reverse("login")))


def test_the_desk_page_has_the_strict_policy(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:home"))
    assert response.status_code == 200
    assert_strict(response)


def test_an_htmx_fragment_request_has_the_strict_policy_too(client, editor):
    client.force_login(editor)
    assert_strict(client.get(reverse("claims:home"), HTTP_HX_REQUEST="true"))


def test_redirects_and_refusals_carry_the_policy(client, outsider):
    assert_strict(client.get(reverse("claims:home")))  # 302 to the login page
    client.force_login(outsider)
    assert_strict(client.get(reverse("admin:index")))  # not staff: sent to the admin login


@pytest.mark.parametrize(
    "url_name", ["admin:index", "admin:claims_claim_changelist", "admin:claims_claim_add"]
)
def test_the_django_admin_runs_under_the_same_policy(client, admin_user, url_name):
    client.force_login(admin_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_strict(response)


def test_the_lockout_page_has_the_strict_policy(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 1
    response = client.post(reverse("login"), {"username": "edna", "password": "x"})
    assert response.status_code == 429
    assert_strict(response)


def test_pages_hold_no_inline_script_or_style(client, editor, seed_without_body):
    client.force_login(editor)
    for url in [reverse("login"), reverse("claims:home")]:
        html = client.get(url).content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening, f"inline <script> on {url}: {opening}"
        assert "<style" not in html
        assert ' style="' not in html
        assert "javascript:" not in html


def test_htmx_is_configured_for_the_policy(client):
    html = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
