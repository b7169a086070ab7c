from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("claims:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


class LoadedResources(HTMLParser):
    """The src or href of every script, link and img element of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "img"):
            for name, value in attrs:
                if name in ("src", "href") and value is not None:
                    self.urls.append((tag, value))


def test_login_page_renders_without_a_cdn(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    parser = LoadedResources()
    parser.feed(html)
    # Every script, stylesheet, icon and image is a path on this host: no scheme, no
    # host, not protocol-relative ("//cdn.example/...").
    assert parser.urls
    for tag, url in parser.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, (tag, url)
        assert url.startswith("/"), (tag, url)
    # htmx is one of them, served from the app's static files.
    scripts = [url for tag, url in parser.urls if tag == "script"]
    htmx = [url for url in scripts if "htmx" in url.rsplit("/", 1)[-1]]
    assert len(htmx) == 1, scripts
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    assert htmx[0].startswith(static_url), htmx
    assert finders.find(urlsplit(htmx[0]).path.removeprefix(static_url)), htmx


def test_a_user_logs_in_and_sees_the_desk(client, editor, seed_without_body):
    response = client.post(
        reverse("login"), {"username": "edna", "password": "pw-edna"}, follow=True
    )
    assert response.status_code == 200
    # The inbox of a first visit: the seed's claims were all logged within the last day.
    assert response.context["inbox"].new.count == "11"
    assert response.context["inbox"].open.count == "4"


def test_a_wrong_password_is_refused_in_place(client, editor):
    response = client.post(reverse("login"), {"username": "edna", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "enter a correct username and password" in html
    assert 'value="edna"' in html


def test_logout_needs_a_post(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("claims:home")).status_code == 302


def test_an_admin_can_use_the_django_admin(client, admin_user, seed_without_body):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
    assert client.get(reverse("admin:claims_claimlink_changelist")).status_code == 200


@pytest.mark.parametrize("role_fixture", ["editor", "reviewer"])
def test_editors_and_reviewers_are_refused_by_the_django_admin(
    client, request, role_fixture, seed_without_body
):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = True  # even a user made staff by hand: the role decides
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403


def test_only_admins_manage_users_in_the_admin(client, editor, admin_user):
    client.force_login(editor)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_admin_autocomplete_finds_sources(client, admin_user, seed_without_body):
    client.force_login(admin_user)
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Inter", "app_label": "claims", "model_name": "claim", "field_name": "speaker"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Interfax"]
