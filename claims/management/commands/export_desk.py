from pathlib import Path

from django.core.management.base import BaseCommand

from claims.backup import desk_export


class Command(BaseCommand):
    help = (
        "Write the whole desk (users and their roles, sources, documents, claims, questions, "
        "links, grades and history) to one file: gzip JSON lines when PATH ends in .gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to write, e.g. desk.jsonl.gz")

    def handle(self, *args, path: Path, **options):
        manifest = desk_export(path=path)
        rows = sum(table["count"] for table in manifest.values())
        self.stdout.write(f"Exported {rows} rows from {len(manifest)} tables to {path}.")
        for label, table in manifest.items():
            self.stdout.write(f"  {label:<32} {table['count']:>7}  sha256 {table['sha256'][:16]}")
