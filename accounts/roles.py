"""What each role may do, as Django permissions.

DOMAIN.md's table: an editor logs documents and claims and proposes links; a
reviewer also resolves contradictions and grades claim credibility; an admin
does everything, including grading sources, merging them and managing users.
The data migration `0002_roles` writes these into the groups; later
migrations that add permissions call `sync_role_permissions` again (a permission
not made yet is skipped until then).
"""

EDITOR = [
    "claims.view_source",
    "claims.add_source",
    "claims.view_sourcealias",
    "claims.view_gradechange",
    "claims.view_document",
    "claims.add_document",
    "claims.change_document",
    "claims.view_claim",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_claimrelay",
    "claims.add_claimrelay",
    "claims.change_claimrelay",
    "claims.delete_claimrelay",
    "claims.view_question",
    "claims.add_question",
    "claims.view_claimlink",
    "claims.add_claimlink",
]

REVIEWER = EDITOR + [
    "claims.change_question",
    "claims.change_claimlink",
    "claims.delete_claimlink",
    "claims.resolve_claimlink",
    "claims.grade_claim",
    "claims.change_any_claim",
    "claims.describe_source",
]

ADMIN_EXTRA = [
    "claims.change_source",
    "claims.delete_source",
    "claims.grade_source",
    "claims.merge_source",
    "claims.assign_claimlink",
    "claims.add_sourcealias",
    "claims.change_sourcealias",
    "claims.delete_sourcealias",
    "claims.delete_document",
    "claims.delete_claim",
    "claims.delete_question",
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "auth.view_group",
]

ROLE_PERMISSIONS = {
    "editor": EDITOR,
    "reviewer": REVIEWER,
    "admin": REVIEWER + ADMIN_EXTRA,
}


def sync_role_permissions(apps) -> None:
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after migrate; in a migration they must be
    # made first. A migration's app configs have no models module, so lend one.
    for app_config in apps.get_app_configs():
        lent = getattr(app_config, "models_module", None) is None
        if lent:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if lent:
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            # A permission a later migration makes is not there yet when an earlier one
            # syncs: that migration syncs again (claims 0016 for describe_source).
            perms.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
