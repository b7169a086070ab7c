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


class ApiToken(models.Model):
    """A personal token for the JSON API (api/): it acts as its user, with the user's
    permissions and no more. Only the SHA-256 digest of the token is kept, and a short
    prefix to tell tokens apart on the tokens page; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
