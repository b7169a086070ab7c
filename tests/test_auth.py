import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("claims:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


def test_login_page_renders_without_a_cdn(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert "htmx" in html and "//unpkg" not in html and "cdn" not in html.lower()


def test_a_user_logs_in_and_sees_the_desk(client, editor, seed_without_body):
    response = client.post(
        reverse("login"), {"username": "edna", "password": "pw-edna"}, follow=True
    )
    assert response.status_code == 200
    assert response.context["counts"]["claims"] == 11
    assert response.context["counts"]["open_contradictions"] == 4


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
