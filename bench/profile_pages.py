"""CPU per request of each page the benchmark drives, in-process, one request at a time.

Run from the project root against the benchmark database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factdesk_bench \\
        .venv/bin/python bench/profile_pages.py [--repeat 50] [--only text] [--profile N]

Settings as bench/run.py starts gunicorn (DEBUG off, so the cached template
loader; bench.settings for the floor), a django.test.Client logged in as the
`bench` user (force_login), the same URLs as bench/run.py's PAGES. For each
row it asks every URL once (each must answer 200), then cycles through them
`--repeat` times and prints the mean wall and CPU (process time) milliseconds
per request (and the median CPU, steadier on a shared machine) and the mean
number of SQL queries. `--profile N` adds cProfile's
top N functions by cumulative time for each row; `--queries N` the N queries
that took longest (mean milliseconds per request, each by its place in the request
and its first words, timed to the microsecond). No assertions on time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="Requests per row.")
    parser.add_argument("--only", default="", help="Rows whose label contains this.")
    parser.add_argument("--profile", type=int, default=0, help="Show the top N functions.")
    parser.add_argument(
        "--queries", type=int, default=0,
        help="Show the N slowest queries of each row (mean ms per request, first words).",
    )
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factdesk_bench")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="0", SECRET_KEY="profile-" + "x" * 50,
        ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
    )
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from run import PAGES, database_name, entry_paths, pick_ids, session_cookie

    database_name(os.environ["DATABASE_URL"])  # refuses test databases
    ids = pick_ids()
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(username="bench").exists():
        # Made once; not reset on every run, which would log out other runs beside this one.
        session_cookie("profile-only-" + os.urandom(8).hex())

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    print(f"{'row':<32} {'urls':>4} {'wall ms':>8} {'cpu ms':>7} {'cpu p50':>7} {'queries':>7}")
    for entry in PAGES:
        if args.only and args.only not in entry.label:
            continue
        paths = entry_paths(entry, ids)
        if isinstance(paths, str):
            print(f"{entry.label:<32} skipped: {paths}")
            continue
        headers = {"HTTP_HX_REQUEST": "true"} if entry.htmx else {}
        for path in paths:
            response = client.get(path, **headers)
            if response.status_code != 200:
                print(f"{entry.label}: {path} -> {response.status_code}")
                return 1
        profiler = cProfile.Profile() if args.profile else None
        queries, walls, cpus = 0, [], []
        sql_ms: dict[str, float] = {}
        for i in range(args.repeat):
            timed: list[tuple[str, float]] = []

            def timing(execute, sql, params, many, context, timed=timed):
                # Each query timed to the microsecond (Django's own log keeps milliseconds).
                start = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    timed.append((sql, (time.perf_counter() - start) * 1000))

            # Counted by the wrapper, not by CaptureQueriesContext: its debug cursor renders
            # each statement with its parameters (psycopg's mogrify, about 0.1 ms a query
            # with server-side binding), which the deployed app never does.
            with connection.execute_wrapper(timing):
                if profiler:
                    profiler.enable()
                wall0, cpu0 = time.perf_counter(), time.process_time()
                client.get(paths[i % len(paths)], **headers)
                cpus.append((time.process_time() - cpu0) * 1000)
                walls.append((time.perf_counter() - wall0) * 1000)
                if profiler:
                    profiler.disable()
            queries += len(timed)
            for n, (sql, ms) in enumerate(timed, start=1):
                # Keyed by its place in the request too: two lists of one page read alike.
                key = f"#{n:<2} " + " ".join(sql.split())[:104]
                sql_ms[key] = sql_ms.get(key, 0.0) + ms
        reset_queries()
        print(f"{entry.label:<32} {len(paths):>4} {statistics.mean(walls):8.1f} "
              f"{statistics.mean(cpus):7.1f} {statistics.median(cpus):7.1f} "
              f"{queries / args.repeat:7.1f}", flush=True)
        slowest = sorted(sql_ms.items(), key=lambda item: -item[1])[: args.queries]
        for sql, total in slowest:
            print(f"    {total / args.repeat:6.2f} ms  {sql}")
        if profiler:
            out = io.StringIO()
            order = os.environ.get("PROFILE_SORT", "cumulative")
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.profile)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
