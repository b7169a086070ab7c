from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    """The desk's user. Roles are Django groups named after `Role` values."""

    def group_names(self) -> frozenset[str]:
        """The names of the user's groups, read with their permissions by
        accounts.backends.DeskBackend once a request and kept on the object."""
        if not hasattr(self, "_group_names"):
            from .backends import load_access

            load_access(self)
        return self._group_names

    def has_role(self, role: str) -> bool:
        if self.is_superuser:
            return True
        return role in self.group_names()

    @property
    def role(self) -> str:
        """The highest role the user holds, or an empty string."""
        if self.is_superuser:
            return Role.ADMIN
        names = self.group_names()
        for role in (Role.ADMIN, Role.REVIEWER, Role.EDITOR):
            if role in names:
                return role
        return ""
