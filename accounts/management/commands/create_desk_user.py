import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User


class Command(BaseCommand):
    help = "Create a desk user with a role (editor, reviewer or admin), or update one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="The password to set; a random one is made and printed if omitted."
        )

    def handle(self, *args, username, role, email, password, **options):
        password = password or secrets.token_urlsafe(12)
        user = create_desk_user(username=username, role=role, email=email, password=password)
        self.stdout.write(f"{user.username} ({role}): {password}")


@transaction.atomic
def create_desk_user(*, username: str, role: str, password: str, email: str = "") -> User:
    """Create or update a user so that they hold exactly one role."""
    try:
        group = Group.objects.get(name=role)
    except Group.DoesNotExist as exc:
        raise CommandError(f"No group {role!r}: run migrate first.") from exc
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    if email:
        user.email = email
    user.set_password(password)
    # Only admins use the Django admin (factdesk/admin.py); the others work on the desk.
    user.is_staff = role == Role.ADMIN
    user.save()
    user.groups.set([group])
    return user
