"""How well the link suggestions find the pairs a reviewer would link, on stories they were
never tuned to.

Run from the project root: ``.venv/bin/python bench/suggestions_quality.py`` (a temporary
SQLite database, migrated first) or with ``--database postgres://...`` (a scratch database:
it is migrated, and each story is loaded in a transaction that is rolled back). Each
labelled story of tests/data/suggestion_pairs/ (and the stories it names in "with") is
loaded into the empty desk: its document and its claims only, logged through the claim
form's reading of their phrases, with no question and no link. Then each of its claims'
top five suggestions is computed, and the script prints, per story and in all:

* recall: of each claim's true pairs, the share found in its top five (a claim with more
  than five true pairs counts five);
* precision: of the suggestions shown in the top fives, the share that are true pairs;
* how many pairs that must not be linked were suggested, and how many found pairs were
  proposed with the labelled kind (a "repeats" counts as "supports");
* the time per claim (ms, median and slowest);

then the true pairs still missed, with where each ranked. tests/test_suggestion_quality.py
runs the same measurement and asserts the targets (recall >= 0.9, precision >= 0.6).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "data" / "suggestion_pairs"
TOP = 5
RECALL_TARGET = 0.9
PRECISION_TARGET = 0.6


def load_sets(folder: Path = SETS) -> dict[str, dict]:
    """The labelled stories, by name."""
    sets = {}
    for path in sorted(folder.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        sets[spec["name"]] = spec
    return sets


def missing_stories(sets: dict[str, dict]) -> list[str]:
    """The shared files the sets need that are not there (../shared/data absent)."""
    from claims.demo import SEED_ARTICLE
    from claims.stories import STORY_DIR

    needed = [SEED_ARTICLE] if any(s.get("seed") for s in sets.values()) else []
    needed += [STORY_DIR / s["story"] for s in sets.values() if s.get("story")]
    return [str(path) for path in needed if not path.exists()]


# --- Loading a story into the desk ----------------------------------------------------------


def _load_seed() -> dict:
    """The seed article's document and the claims of claims/demo.py: no question, no link."""
    from claims.anchors import anchor_quote
    from claims.demo import CLAIMS, SEED_ARTICLE, SEED_PUBLISHED, SEED_TITLE, SEED_URL, SOURCES
    from claims.models import Claim, Document, Source

    sources = {
        name: Source.get_or_create_named(name=name, kind=kind)[0]
        for name, (kind, _, _) in SOURCES.items()
    }
    body = SEED_ARTICLE.read_text(encoding="utf-8") if SEED_ARTICLE.exists() else ""
    document = Document.objects.create(
        url=SEED_URL, title=SEED_TITLE, publisher=sources["The Moscow Times"],
        published_at=SEED_PUBLISHED, language="en", body=body,
    )
    claims = {}
    for seed in CLAIMS:
        anchor = anchor_quote(body, seed.quote)
        phrase, low, high, low_inc, high_inc, unit = seed.quantity
        claims[seed.key] = Claim.objects.create(
            document=document, statement=seed.statement, quote=seed.quote,
            speaker=sources[seed.speaker], quote_start=anchor.start if anchor else None,
            said_phrase=seed.said[0], said_start=seed.said[1], said_end=seed.said[2],
            said_precision=seed.said[3], about_phrase=seed.about[0],
            about_start=seed.about[1], about_end=seed.about[2], about_precision=seed.about[3],
            quantity_phrase=phrase, quantity_low=low, quantity_high=high,
            quantity_low_inclusive=low_inc, quantity_high_inclusive=high_inc,
            quantity_unit=unit, certainty=seed.certainty,
        )
    return claims


def _load_story(spec: dict, folder: Path) -> dict:
    """A story's document and its claims, each read by the claim form as an editor logs it."""
    from django.http import QueryDict

    from claims.forms.documents import ClaimForm
    from claims.models import Source
    from claims.services_claims import claim_create
    from claims.stories import STORY_DIR, read_story, story_document

    path = STORY_DIR / spec["story"] if spec.get("story") else folder / spec["file"]
    document = story_document(read_story(path.read_text(encoding="utf-8")))
    claims = {}
    for item in spec["claims"]:
        speaker, _ = Source.get_or_create_named(name=item["speaker"], kind=item["kind"])
        data = {
            "statement": item["statement"], "quote": item["quote"], "speaker": str(speaker.pk),
            "said_phrase": item.get("said", ""), "about_phrase": item.get("about", ""),
            "quantity_phrase": item.get("quantity", ""), "certainty": item.get("certainty", ""),
            "quantity_low_inclusive": "on", "quantity_high_inclusive": "on",
        }
        form = ClaimForm(QueryDict(urlencode(data)), document=document)
        if not form.is_valid():
            raise ValueError(f"{spec['name']}: {item['key']}: {form.errors.as_text()}")
        claims[item["key"]] = claim_create(document=document, data=form.cleaned_data, by=None)
    return claims


def load(name: str, sets: dict[str, dict], folder: Path = SETS) -> dict[str, object]:
    """The story and those it names in "with", as key -> Claim (another story's keys as
    "story:key")."""
    claims = {}
    spec = sets[name]
    for other in spec.get("with", []):
        claims.update({f"{other}:{k}": c for k, c in load(other, sets, folder).items()})
    own = _load_seed() if spec.get("seed") else _load_story(spec, folder)
    claims.update(own)
    return claims


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    wanted: int = 0  # true pairs that could be found in the top fives
    found: int = 0
    shown: int = 0
    forbidden: int = 0  # not-pairs shown
    kind_fits: int = 0
    times: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.wanted if self.wanted else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.shown if self.shown else 1.0

    def add(self, other: Result) -> None:
        for name in ("wanted", "found", "shown", "forbidden", "kind_fits"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.times += other.times
        self.missed += other.missed
        self.wrong += other.wrong


def _pairs(spec: dict, key: str) -> list[tuple[str, str, str]]:
    return [tuple(pair) for pair in spec.get(key, [])]


def measure(name: str, sets: dict[str, dict], folder: Path = SETS) -> Result:
    """Load the story into the (empty) desk and measure its claims' top fives."""
    from claims.suggestions import claim_to_suggest_or_404, suggest_competitors

    spec = sets[name]
    claims = load(name, sets, folder)
    key_of = {claim.pk: key for key, claim in claims.items()}
    true: dict[str, dict[str, str]] = {}
    for a, b, kind in _pairs(spec, "pairs"):
        true.setdefault(a, {})[b] = kind
        true.setdefault(b, {})[a] = kind
    forbidden = {frozenset(pair) for pair in _pairs(spec, "not_pairs")}
    result = Result(name)
    own = [key for key in claims if ":" not in key]
    for key in own:
        started = time.perf_counter()
        suggestions = suggest_competitors(claim_to_suggest_or_404(claims[key].pk), limit=TOP)
        result.times.append((time.perf_counter() - started) * 1000)
        partners = true.get(key, {})
        shown = {key_of[s.claim.pk]: s for s in suggestions}
        result.wanted += min(TOP, len(partners))
        result.shown += len(shown)
        for other, suggestion in shown.items():
            if other in partners:
                result.found += 1
                labelled = partners[other]
                proposed = suggestion.verdict.suggested_kind
                if proposed == labelled or (labelled == "repeats" and proposed in ("supports", "")):
                    result.kind_fits += 1
            else:
                result.wrong.append(f"{name}: {key} -> {other} ({suggestion.verdict.label})")
            if frozenset((key, other)) in forbidden:
                result.forbidden += 1
        for other in partners:
            if other not in shown and key in own and (other not in own or key < other):
                result.missed.append(f"{name}: {key} - {other} ({partners[other]})")
    return result


def measure_all(sets: dict[str, dict], folder: Path = SETS) -> list[Result]:
    """Each story measured in an empty desk: loaded in a transaction rolled back after."""
    from django.db import transaction

    results = []
    for name in sets:
        with transaction.atomic():
            results.append(measure(name, sets, folder))
            transaction.set_rollback(True)
    return results


def total(results: list[Result]) -> Result:
    overall = Result("all")
    for result in results:
        overall.add(result)
    return overall


def _row(result: Result) -> str:
    times = result.times or [0.0]
    return (
        f"| {result.name} | {result.recall:.2f} | {result.precision:.2f} | {result.found}/"
        f"{result.wanted} | {result.shown} | {result.forbidden} | {result.kind_fits}/"
        f"{result.found} | {statistics.median(times):.1f} | {max(times):.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a scratch database URL (default: temporary SQLite)")
    parser.add_argument("--verbose", action="store_true", help="also list the wrong suggestions")
    args = parser.parse_args()
    scratch = None
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    else:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factdesk.settings")
    os.environ.setdefault("SECRET_KEY", "suggestions-quality")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    sets = load_sets()
    missing = missing_stories(sets)
    if missing:
        print("The shared stories are not there:", ", ".join(missing))
        return 2
    results = measure_all(sets)
    overall = total(results)
    print(f"Database: {connection.vendor}; top {TOP} suggestions of each claim.\n")
    print("| story | recall | precision | found | shown | must-not shown | kind fits "
          "| ms median | ms max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in [*results, overall]:
        print(_row(result))
    print("\nTrue pairs missed:" if overall.missed else "\nNo true pair missed.")
    for line in overall.missed:
        print(f"- {line}")
    if args.verbose:
        print("\nSuggested, not a true pair:")
        for line in overall.wrong:
            print(f"- {line}")
    if scratch is not None:
        os.unlink(scratch.name)
    met = overall.recall >= RECALL_TARGET and overall.precision >= PRECISION_TARGET
    print(f"\nTargets (recall >= {RECALL_TARGET}, precision >= {PRECISION_TARGET}):",
          "met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
