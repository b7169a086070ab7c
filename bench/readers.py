"""Time the three claim readers over the phrases of their test tables, per language.

Run from the project root: ``.venv/bin/python bench/readers.py``. Prints
microseconds per call for 10,000 calls of each reader and language, cycling
through the phrases (readable and refused) the tests use: the seed article's
tables (tests/test_dates.py, test_quantities.py, test_certainty.py) and the
tables of tests/readings_<language>.py. The morphology dictionaries are
loaded before timing (once per process, as a server loads them) and every
phrase is read once first: the figures are those of a phrase read again, as
the live preview reads it while an editor types. A first reading of a word
the process has not seen costs the morphology lookup on top (printed as
"cold", once per phrase). No assertions on time.
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
LANGUAGES = ("en", "ru", "uk")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _time(label: str, call, arguments: list[tuple]) -> float:
    started = time.perf_counter()
    for args in arguments:  # first reading of each phrase (morphology lookups, regex caches)
        call(*args)
    cold = (time.perf_counter() - started) / len(arguments)
    cycle = itertools.islice(itertools.cycle(arguments), CALLS)
    started = time.perf_counter()
    for args in cycle:
        call(*args)
    warm = (time.perf_counter() - started) / CALLS
    print(f"{label:<24} {len(arguments):>4} phrases  {warm * 1e6:9.1f} µs/call"
          f"   (cold {cold * 1e6:7.1f} µs)")
    return warm


def _arguments(language: str) -> tuple[list, list, list]:
    table = _load(f"readings_{language}")
    published = table.MONDAY
    dates = [(row[0], published, language) for row in table.DATE_ROWS]
    dates += [(row[0], published, language) for row in table.REFUSED_DATES]
    quantities = [(row[0], language) for row in table.QUANTITY_ROWS]
    quantities += [(row[0], language) for row in table.REFUSED_QUANTITIES]
    certainty = [(row[0], language) for row in table.CERTAINTY_ROWS]
    if language == "en":  # the seed article's tables too
        seed_dates, seed_quantities = _load("test_dates"), _load("test_quantities")
        dates += [(row[0], seed_dates.MONDAY, "en") for row in seed_dates.MONDAY_CASES]
        dates += [(phrase, seed_dates.MONDAY, "en") for phrase in seed_dates.UNREADABLE]
        quantities += [(row[0], "en") for row in seed_quantities.CASES]
        quantities += [(phrase, "en") for phrase in seed_quantities.UNREADABLE]
        certainty += [(row[0], "en") for row in _load("test_certainty").CASES]
    return dates, quantities, certainty


def main() -> None:
    from claims.cyrillic import date_words, numbers, scales

    started = time.perf_counter()
    for language in ("ru", "uk"):
        date_words(language), numbers(language), scales(language)
    print(f"morphology tables loaded in {time.perf_counter() - started:.2f} s (once a process)")
    print(f"{CALLS:,} calls per reader and language")
    worst = 0.0
    for language in LANGUAGES:
        dates, quantities, certainty = _arguments(language)
        worst = max(
            worst,
            _time(f"read_when [{language}]", lambda p, d, lang: read_when(p, d, language=lang),
                  dates),
            _time(f"read_quantity [{language}]", read_quantity, quantities),
            _time(f"suggest_certainty [{language}]", suggest_certainty, certainty),
        )
    print(f"slowest reader: {worst * 1e6:.1f} µs/call")


if __name__ == "__main__":
    main()
