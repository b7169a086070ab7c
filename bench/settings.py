"""Settings for the benchmark only: the desk's settings plus the floor view's URL.

The benchmark runs the app as deployed (DEBUG off, its own SECRET_KEY, all from
the environment that bench/run.py sets) and adds one path, /__floor__/, that
the app itself does not have.
"""

import os

from factdesk.settings import *  # noqa: F403
from factdesk.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.floor_urls"
# The floor renders through Django's template engine, as it always has: the ratios of
# every page to it stay comparable across rounds.
TEMPLATES[1]["DIRS"] = [*TEMPLATES[1]["DIRS"], BASE_DIR / "bench" / "templates"]
# Collected static files for the run (the manifest storage needs them), outside the tree.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/factdesk-bench-static")
