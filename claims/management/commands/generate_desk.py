import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.synthetic import Plan, Progress, desk_is_empty, generate_desk

# Above this, the row-by-row INSERT path (any database but PostgreSQL) is too slow to wait for.
INSERT_PATH_LIMIT = 200_000


class Command(BaseCommand):
    help = (
        "Generate a synthetic desk of N claims with proportional sources, documents, "
        "questions and links (COPY on PostgreSQL), for measuring the pages at scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--claims", type=int, default=1_000_000, help="How many claims (default 1,000,000)."
        )
        parser.add_argument("--seed", type=int, default=2014, help="Random seed (default 2014).")
        parser.add_argument(
            "--batch-documents",
            type=int,
            default=500,
            help="Documents (with their claims) written per batch (default 500).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Add to a desk that already holds rows."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, claims, seed, batch_documents, force, quiet, **options):
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        if connection.vendor != "postgresql" and claims > INSERT_PATH_LIMIT:
            raise CommandError(
                f"{claims:,} claims need PostgreSQL (COPY); on {connection.vendor} "
                f"use at most {INSERT_PATH_LIMIT:,}."
            )
        if not force and not desk_is_empty():
            raise CommandError(
                "The desk already holds sources, documents, claims or questions; "
                "use --force to add a synthetic desk beside them."
            )
        plan = Plan.for_claims(claims)
        self.stdout.write(
            f"Generating {plan.claims:,} claims, {plan.sources:,} sources, "
            f"{plan.documents:,} documents, {plan.questions:,} questions, "
            f"{plan.links:,} links on {connection.vendor}."
        )
        started = time.monotonic()
        generate_desk(
            claims=claims,
            seed=seed,
            batch_documents=batch_documents,
            progress=Progress(self.stderr._out, enabled=not quiet),
        )
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
