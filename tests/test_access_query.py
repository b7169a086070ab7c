"""accounts.backends.DeskBackend: a user's groups and permissions in one query,
deciding exactly what Django's ModelBackend decides."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_the_same_permissions_as_django_decides(role, request):
    user = request.getfixturevalue({"admin": "admin_user"}.get(role, role))
    ours = fresh(user).get_all_permissions()
    django_s = ModelBackend().get_all_permissions(fresh(user))
    assert ours == django_s
    assert ours >= set(ROLE_PERMISSIONS[role])


def test_one_query_gives_permissions_and_role(reviewer):
    user = fresh(reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("claims.resolve_claimlink")
        assert not user.has_perm("claims.grade_source")
        assert user.role == "reviewer"
        assert user.has_role("editor") is False
        assert user.has_role("reviewer") is True
    assert len(queries) == 1


def test_a_permission_given_to_the_user_alone_counts(outsider):
    perm = Permission.objects.get(codename="grade_source")
    outsider.user_permissions.add(perm)
    user = fresh(outsider)
    assert user.has_perm("claims.grade_source")
    assert not user.has_perm("claims.add_claim")
    assert user.get_user_permissions() == {"claims.grade_source"}
    assert user.get_group_permissions() == set()
    assert user.role == ""


def test_inactive_users_have_no_permissions(editor):
    editor.is_active = False
    editor.save()
    assert fresh(editor).get_all_permissions() == set()
    assert not fresh(editor).has_perm("claims.add_claim")


def test_a_superuser_has_every_permission(db):
    boss = User.objects.create_superuser("boss", password="pw-boss")
    user = fresh(boss)
    assert user.has_perm("claims.merge_source")
    assert user.role == "admin"
    assert len(user.get_all_permissions()) == Permission.objects.count()


def test_a_role_taken_away_is_gone_on_the_next_request(client, editor):
    client.force_login(editor)
    assert client.get("/claims/").status_code == 200
    editor.groups.clear()
    assert client.get("/claims/").status_code == 403
