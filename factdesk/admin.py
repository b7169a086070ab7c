"""The Django admin, for the desk's admins only.

Editors and reviewers work on the desk's own pages, which apply the desk's rules
(who may edit what, grades only with a recorded reason); the admin is where an
admin manages users and corrects rows. Anyone else who is logged in is refused
(403); someone not logged in is sent to the admin's login page.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from accounts.models import Role


class DeskAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.has_role(Role.ADMIN)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def only_admins(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("The Django admin is for the desk's admins.")
            return inner(request, *args, **kwargs)

        return only_admins
