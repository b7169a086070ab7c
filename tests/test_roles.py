import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, sync_role_permissions

pytestmark = pytest.mark.django_db


def group_perms(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_data_migration_created_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {"editor", "reviewer", "admin"}
    for role, names in ROLE_PERMISSIONS.items():
        assert group_perms(role) == set(names)


def test_syncing_again_restores_exact_permissions():
    Group.objects.get(name="editor").permissions.clear()
    Group.objects.get(name="admin").delete()
    sync_role_permissions(apps)
    assert group_perms("editor") == set(ROLE_PERMISSIONS["editor"])
    assert group_perms("admin") == set(ROLE_PERMISSIONS["admin"])


def test_editor_logs_claims_but_cannot_resolve_or_grade(editor):
    assert editor.has_perm("claims.add_claim")
    assert editor.has_perm("claims.add_document")
    assert editor.has_perm("claims.add_claimlink")
    assert not editor.has_perm("claims.resolve_claimlink")
    assert not editor.has_perm("claims.grade_claim")
    assert not editor.has_perm("claims.grade_source")
    assert not editor.has_perm("claims.change_any_claim")


def test_reviewer_resolves_and_grades_claims_but_not_sources(reviewer):
    assert reviewer.has_perm("claims.add_claim")
    assert reviewer.has_perm("claims.resolve_claimlink")
    assert reviewer.has_perm("claims.grade_claim")
    assert not reviewer.has_perm("claims.grade_source")
    assert not reviewer.has_perm("claims.merge_source")
    assert not reviewer.has_perm("accounts.change_user")


def test_admin_does_everything(admin_user):
    for name in [
        "claims.grade_source",
        "claims.merge_source",
        "claims.resolve_claimlink",
        "claims.grade_claim",
        "accounts.change_user",
    ]:
        assert admin_user.has_perm(name), name


def test_a_user_without_role_has_no_desk_permission(outsider):
    assert not outsider.has_perm("claims.view_claim")
    assert outsider.role == ""


def test_role_property_names_the_highest_role(editor, reviewer, admin_user):
    assert (editor.role, reviewer.role, admin_user.role) == ("editor", "reviewer", "admin")


def test_create_desk_user_command_sets_one_role(capsys):
    call_command("create_desk_user", "nina", "--role", "reviewer", "--password", "s3cret-pass")
    user = User.objects.get(username="nina")
    assert [g.name for g in user.groups.all()] == ["reviewer"]
    assert user.check_password("s3cret-pass")
    assert not user.is_staff  # the Django admin is for admins only
    assert "nina (reviewer)" in capsys.readouterr().out

    call_command("create_desk_user", "nina", "--role", "admin", "--password", "other-pass")
    user.refresh_from_db()
    assert [g.name for g in user.groups.all()] == ["admin"]
    assert user.is_staff
    assert User.objects.filter(username="nina").count() == 1


def test_create_desk_user_rejects_unknown_role():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_desk_user", "x", "--role", "boss")
