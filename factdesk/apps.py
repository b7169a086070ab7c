from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """django.contrib.admin with the desk's site (factdesk/admin.py) as admin.site."""

    default_site = "factdesk.admin.DeskAdminSite"
