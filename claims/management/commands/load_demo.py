import secrets
from pathlib import Path

from django.core.management.base import BaseCommand

from accounts.management.commands.create_desk_user import create_desk_user
from accounts.models import Role
from claims.demo import SEED_ARTICLE, demo_load, read_article
from claims.stories import read_story, story_document, story_paths


class Command(BaseCommand):
    help = "Load the seed article's desk (idempotent); optionally create one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=Path,
            default=SEED_ARTICLE,
            help="The seed article's text, to anchor quotes in (default: the shared data file).",
        )
        parser.add_argument(
            "--stories",
            action="store_true",
            help="Also load the test stories (desk-wire-*.txt beside the seed article) as "
            "documents, in their own languages.",
        )
        parser.add_argument(
            "--users",
            action="store_true",
            help="Create or reset demo users editor, reviewer and admin and print passwords.",
        )

    def handle(self, *args, article: Path, users: bool, stories: bool = False, **options):
        body = read_article(article)
        if not body:
            self.stderr.write(
                f"No article text at {article}: the document is loaded without its body."
            )
        claims = demo_load(body=body)
        self.stdout.write(f"Seed desk loaded: {len(claims)} claims.")
        if stories:
            for path in story_paths(article.parent):
                document = story_document(read_story(path.read_text(encoding="utf-8")))
                self.stdout.write(f"Story loaded ({document.language}): {document.title}")
        if users:
            self.stdout.write("Demo users (log in at http://127.0.0.1:8000/login/):")
            for role in Role.values:
                password = secrets.token_urlsafe(9)
                create_desk_user(username=role, role=role, password=password)
                self.stdout.write(f"  {role:<9} password {password}")
