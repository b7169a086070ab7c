"""Time the three claim readers over the phrases of their test tables.

Run from the project root: ``.venv/bin/python bench/readers.py``. Prints
microseconds per call for 10,000 calls of each reader, cycling through the
phrases (readable and unreadable) the tests use. No assertions on time.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.certainty import suggest_certainty  # noqa: E402
from claims.dates import read_when  # noqa: E402
from claims.quantities import read_quantity  # noqa: E402

CALLS = 10_000


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _time(label: str, call, arguments: list[tuple]) -> None:
    call(*arguments[0])  # warm up (first use may import or compile)
    cycle = itertools.islice(itertools.cycle(arguments), CALLS)
    started = time.perf_counter()
    for args in cycle:
        call(*args)
    elapsed = time.perf_counter() - started
    print(f"{label:<20} {len(arguments):>4} phrases  {elapsed / CALLS * 1e6:9.1f} µs/call")


def main() -> None:
    dates = _load("test_dates")
    quantities = _load("test_quantities")
    certainty = _load("test_certainty")

    date_args = [(row[0], dates.MONDAY) for row in dates.MONDAY_CASES]
    date_args += [(row[1], row[0]) for row in dates.OTHER_DAY_CASES]
    date_args += [(phrase, dates.MONDAY) for phrase in dates.UNREADABLE]
    quantity_args = [(row[0],) for row in quantities.CASES]
    quantity_args += [(phrase,) for phrase in quantities.UNREADABLE]
    certainty_args = [(row[0],) for row in certainty.CASES]

    print(f"{CALLS:,} calls per reader")
    _time("read_when", read_when, date_args)
    regex_only = [args for args in date_args if args[0] != "2014 August 3"]
    _time("read_when (no dp)", read_when, regex_only)
    _time("read_quantity", read_quantity, quantity_args)
    _time("suggest_certainty", suggest_certainty, certainty_args)


if __name__ == "__main__":
    main()
