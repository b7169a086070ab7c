"""Django's ModelBackend, with a user's groups and permissions read in one query.

Every desk page checks a permission, and the page header shows the user's role.
ModelBackend reads the user's own permissions and their groups' permissions in
two queries, and the role (a group name) took one more each time it was shown.
Here one UNION reads all three the first time a request needs any of them, and
keeps them on the user object for the rest of the request, as ModelBackend
keeps its own caches. What a user may do is decided exactly as before: the
same rows of the same tables, and a superuser still has every permission.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

_SQL: str | None = None


def _access_sql() -> str:
    global _SQL
    if _SQL is None:
        user_model = get_user_model()
        q = connection.ops.quote_name
        user_groups = user_model.groups.through._meta.db_table
        user_perms = user_model.user_permissions.through._meta.db_table
        group_perms = Group.permissions.through._meta.db_table
        perm, ctype, group = (
            Permission._meta.db_table,
            ContentType._meta.db_table,
            Group._meta.db_table,
        )
        _SQL = (
            f"SELECT 'g', g.{q('name')}, '' FROM {q(group)} g"
            f" JOIN {q(user_groups)} ug ON ug.{q('group_id')} = g.{q('id')}"
            f" WHERE ug.{q('user_id')} = %s"
            f" UNION ALL SELECT 'G', ct.{q('app_label')}, p.{q('codename')} FROM {q(perm)} p"
            f" JOIN {q(ctype)} ct ON ct.{q('id')} = p.{q('content_type_id')}"
            f" JOIN {q(group_perms)} gp ON gp.{q('permission_id')} = p.{q('id')}"
            f" JOIN {q(user_groups)} ug ON ug.{q('group_id')} = gp.{q('group_id')}"
            f" WHERE ug.{q('user_id')} = %s"
            f" UNION ALL SELECT 'U', ct.{q('app_label')}, p.{q('codename')} FROM {q(perm)} p"
            f" JOIN {q(ctype)} ct ON ct.{q('id')} = p.{q('content_type_id')}"
            f" JOIN {q(user_perms)} up ON up.{q('permission_id')} = p.{q('id')}"
            f" WHERE up.{q('user_id')} = %s"
        )
    return _SQL


def load_access(user) -> None:
    """Read the user's group names and permissions in one query and keep them on it."""
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk] * 3)
        rows = cursor.fetchall()
    user._group_names = frozenset(name for kind, name, _ in rows if kind == "g")
    if user.is_superuser:
        # ModelBackend answers "every permission" for a superuser; leave that to it.
        return
    user._user_perm_cache = {f"{app}.{code}" for kind, app, code in rows if kind == "U"}
    user._group_perm_cache = {f"{app}.{code}" for kind, app, code in rows if kind == "G"}
    user._perm_cache = user._user_perm_cache | user._group_perm_cache


class DeskBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            if not hasattr(user_obj, "_group_names"):
                load_access(user_obj)
        return super().get_all_permissions(user_obj, obj)
