"""Export every claim of a database as CSV, as the claim list's download writes it, and
say how many rows, how long and the peak memory (resident set size).

    DATABASE_URL=postgres://... python bench/csv_export.py [--out FILE]

The rows are written to FILE (default: thrown away) through the same generator the
download streams (claims.csv_export.claim_csv_rows): memory should stay flat whatever
the number of claims. Peak RSS is the process's maximum, from resource.getrusage.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.devnull, help="where the CSV goes")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdesk.settings")
    import django

    django.setup()
    from claims.csv_export import CLAIM_HEADER, claim_csv_rows, csv_lines
    from claims.models import Claim

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = 0
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        for line in csv_lines(CLAIM_HEADER, claim_csv_rows(Claim.objects.all())):
            out.write(line)
            rows += 1
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"rows {rows - 1}")
    print(f"seconds {seconds:.1f}")
    print(f"peak RSS {peak / 1024:.1f} MiB (after Django's setup {before / 1024:.1f} MiB)")


if __name__ == "__main__":
    main()
