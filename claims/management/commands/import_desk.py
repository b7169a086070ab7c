from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.backup import BackupError, desk_import


class Command(BaseCommand):
    help = (
        "Load a backup written by export_desk into an empty desk (a freshly migrated "
        "database), in one transaction, keeping ids; refuses a desk that holds rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to read")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        try:
            manifest = desk_import(path=path)
        except BackupError as error:
            raise CommandError(f"Import refused: {error}.") from error
        rows = sum(table["count"] for table in manifest.values())
        self.stdout.write(
            f"Imported {rows} rows into {len(manifest)} tables from {path}; "
            "every table's count and checksum match the backup."
        )
