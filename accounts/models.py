from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    """The desk's user. Roles are Django groups named after `Role` values."""

    def has_role(self, role: str) -> bool:
        if self.is_superuser:
            return True
        return any(group.name == role for group in self.groups.all())

    @property
    def role(self) -> str:
        """The highest role the user holds, or an empty string."""
        if self.is_superuser:
            return Role.ADMIN
        names = {group.name for group in self.groups.all()}
        for role in (Role.ADMIN, Role.REVIEWER, Role.EDITOR):
            if role in names:
                return role
        return ""
