"""A synthetic desk at newsroom scale, for measuring the pages.

`generate_desk(claims=N)` writes a desk shaped like a year of war reporting:
sources (people, organizations, outlets, with affiliations and graded
A-F with each grade change kept), documents published by outlets over two
years (a quarter with their body text, in which every claim's quote is found),
questions, claims built from templates (speaker, number, unit, place, verb,
dates, a quantity interval and a certainty), relays (0-2 per claim), question
membership and links between claims (kinds and natures mixed, some resolved).

Every count scales with N: a million claims give about 50,000 sources, 20,000
documents, 5,000 questions and 200,000 links; 2,000 claims give a small desk
for tests. The same seed gives the same desk.

Rows are written with explicit ids, table by table, in batches: through
PostgreSQL's COPY (psycopg 3) when the database is PostgreSQL, else through
plain multi-row INSERTs (`executemany`), which is fine for a small N. The
INSERT path is used instead of `bulk_create` so that the generated
`created_at` times survive (`auto_now_add` would overwrite them).

No django-simple-history rows are written: the history of a synthetic desk
would be invented, and the history tables are not read by the desk's lists.
"""

from __future__ import annotations

import random
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models

from accounts.models import User

from .anchors import CONTEXT, quote_key
from .models import (
    Claim,
    ClaimLink,
    ClaimRelay,
    Document,
    GradeChange,
    Question,
    Source,
    SuggestedPair,
)

# --- Proportions ---------------------------------------------------------------

PER_MILLION = {"sources": 50_000, "documents": 20_000, "questions": 5_000, "links": 200_000}
MINIMUM = {"sources": 40, "documents": 8, "questions": 4, "links": 1}

KIND_SHARES = (("person", 0.62), ("organization", 0.28), ("outlet", 0.10))
GRADE_SHARES = (("A", 0.05), ("B", 0.20), ("C", 0.34), ("D", 0.16), ("E", 0.05), ("F", 0.20))
BODY_SHARE = 0.25  # documents that carry their body text
MEMBER_SHARE = 0.35  # claims that belong to a question
RELAY_COUNTS = ((0, 0.30), (1, 0.45), (2, 0.25))
LINK_KINDS = (("contradicts", 0.45), ("supports", 0.25), ("qualifies", 0.15), ("repeats", 0.15))
NATURES = ("numeric", "certainty", "causal", "temporal", "attribution", "other")
LINK_STATUSES = (("open", 0.55), ("resolved", 0.35), ("dismissed", 0.10))
OUTCOMES = ("first_upheld", "second_upheld", "both_partly", "neither", "undecidable")
SPAN_DAYS = 730  # documents are published over two years

# --- Vocabulary ----------------------------------------------------------------------

FIRST_NAMES = (
    "Oleksiy Vasily Igor Natalia Olena Andriy Sergei Dmitry Iryna Yulia Mykola Taras "
    "Anna Maria Pavel Viktor Oksana Roman Svitlana Yevhen Kateryna Bohdan Galina Artem "
    "Lyudmila Maksym Tetiana Denys Ivan Petro Hanna Vladimir Nadia Stepan Larysa Kostyantyn "
    "James Sarah Michael Emma Thomas Claire David Laura Daniel Helen Peter Ruth Markus Ingrid "
    "Jan Agnieszka Tomas Elif Mehmet Giorgi Nino Arman Leyla Farid"
).split()
LAST_NAMES = (
    "Malayev Dmitrashkovsky Klimov Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko "
    "Oliynyk Melnyk Boyko Lysenko Petrenko Marchenko Savchenko Rudenko Moroz Hrytsenko "
    "Ivanov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov Orlov "
    "Zaitsev Pavlov Semenov Golubev Vinogradov Bogdanov Fedorov Mikhailov Belov Tarasov "
    "Hughes Walker Bennett Fischer Novak Kowalski Horvath Dvorak Jensen Lindqvist Moretti "
    "Aydin Beridze Kapanadze Sargsyan Aliyev Grant Porter Sinclair Whitaker"
).split()
PLACES = (
    "Donetsk Luhansk Kharkiv Mariupol Sloviansk Kramatorsk Izium Kupiansk Bakhmut "
    "Avdiivka Horlivka Debaltseve Volnovakha Sievierodonetsk Lysychansk Zaporizhzhia "
    "Kherson Mykolaiv Odesa Dnipro Sumy Chernihiv Kyiv Lviv Rostov Belgorod Kursk "
    "Bryansk Voronezh Taganrog Novoazovsk Ilovaisk Amvrosiivka Snizhne Torez Shakhtarsk "
    "Lyman Siversk Toretsk Vuhledar Marinka Pokrovsk Kostiantynivka Druzhkivka "
    "Melitopol Berdiansk Enerhodar Nikopol Pavlohrad Poltava Vinnytsia Zhytomyr"
).split()
REGIONS = (
    "Donetsk region", "Luhansk region", "Kharkiv region", "Rostov region", "Belgorod region",
    "Zaporizhzhia region", "Kherson region", "Kursk region", "Sumy region", "Odesa region",
)
UNITS = (
    # unit, typical size, (simple past, past perfect) verb phrases before a place
    ("soldiers", 400, (("crossed into", "had crossed into"),
                       ("withdrew from", "had withdrawn from"),
                       ("were captured near", "had been captured near"),
                       ("arrived in", "had arrived in"))),
    ("civilians", 1200, (("were evacuated from", "had been evacuated from"),
                         ("were killed in", "had been killed in"),
                         ("fled", "had fled"), ("were wounded in", "had been wounded in"))),
    ("refugees", 9000, (("crossed into", "had crossed into"), ("arrived in", "had arrived in"),
                        ("registered in", "had registered in"))),
    ("tanks", 60, (("were destroyed near", "had been destroyed near"), ("entered", "had entered"),
                   ("moved toward", "had moved toward"))),
    ("drones", 80, (("were shot down over", "had been shot down over"),
                    ("struck", "had struck"), ("were launched at", "had been launched at"))),
    ("artillery shells", 3000, (("hit", "had hit"), ("landed in", "had landed in"),
                                ("were fired at", "had been fired at"))),
    ("homes", 500, (("were damaged in", "had been damaged in"),
                    ("lost power in", "had lost power in"))),
    ("prisoners", 150, (("were exchanged near", "had been exchanged near"),
                        ("were released in", "had been released in"))),
    ("trucks of aid", 250, (("reached", "had reached"), ("were stopped outside",
                                                         "had been stopped outside"))),
)
ORG_KINDS = (
    "Border Service", "Regional Police", "Emergency Service", "Ministry of Defense",
    "Ministry of Health", "Military Command", "City Council", "Red Cross Branch",
    "Monitoring Mission", "Prosecutor's Office", "Separatist Council", "Human Rights Group",
    "Railway Authority", "Energy Company", "Veterans' Union", "Governor's Office",
)
OUTLET_WORDS = (
    "Courier", "Herald", "Post", "Times", "Gazette", "Observer", "Daily", "Review",
    "Radio", "Television", "Wire", "Monitor", "Tribune", "Bulletin", "Chronicle",
)
ROLES = (
    "spokesman for", "spokeswoman for", "head of", "deputy head of", "press officer of",
    "commander in", "an adviser to", "a senior official of", "a lawyer for", "a doctor with",
)
SAID_VERBS = ("said", "told reporters", "told Interfax", "wrote on social media", "said in a "
              "statement", "told a news conference", "said in a televised address")
CAUSES = ("rebel fire", "heavy shelling", "a lack of ammunition", "orders from command",
          "encirclement", "a breakdown in supply lines")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
FILLER = (
    "The situation along the front line remained tense.",
    "Independent confirmation could not immediately be obtained.",
    "Reporters were not allowed into the area.",
    "Local residents described hearing explosions through the night.",
    "The figures could not be independently verified.",
    "Officials on the other side gave a different account.",
    "The statement came hours after talks in Minsk stalled.",
    "Monitors said access to the area had been restricted for days.",
    "Earlier reports had put the number considerably lower.",
)
LINK_NOTES = {
    "contradicts": ("The figures cannot both be right.", "One side gives a number, the other "
                    "refuses to.", "The reasons given are incompatible.", "The dates disagree.",
                    "Each side attributes it to the other."),
    "supports": ("The figure lies within the other's range.", "Same account from another "
                 "speaker.", "Independent confirmation."),
    "qualifies": ("Narrows the other claim to one district.", "Adds a time frame.",
                  "Gives the number only for civilians."),
    "repeats": ("Relayed word for word by another outlet.", "The agency's report, carried again."),
}
RATIONALES = (
    "Satellite images published later match the first account.",
    "The monitoring mission's report supports the second claim.",
    "Both overstated; the final count fell between them.",
    "Neither figure was borne out by the casualty lists.",
    "No independent evidence either way.",
)
GRADE_REASONS = (
    "Starting grade from the desk's outlet review.",
    "Two corrections in a month.",
    "Consistently confirmed by monitors.",
    "Anonymous sourcing in most reports.",
    "No track record yet.",
)


# --- The plan: how many of each ----------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    claims: int
    sources: int
    documents: int
    questions: int
    links: int

    @classmethod
    def for_claims(cls, claims: int) -> Plan:
        if claims < 1:
            raise ValueError("The desk needs at least one claim.")
        scale = claims / 1_000_000
        counts = {
            name: max(MINIMUM[name], round(per_million * scale))
            for name, per_million in PER_MILLION.items()
        }
        # A link joins two different claims; a small desk cannot hold more pairs than that.
        counts["links"] = min(counts["links"], claims * (claims - 1) // 4)
        counts["documents"] = min(counts["documents"], claims)
        return cls(claims=claims, **counts)


# --- Writing rows ---------------------------------------------------------------------


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


class Writer:
    """Writes rows of one model with explicit ids: COPY on PostgreSQL, INSERT elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def write(self, model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]):
        fields = _columns(model, names)
        # Fields this generator does not know (added later) take their model default.
        extra = [
            f for f in model._meta.concrete_fields
            if f.name not in names and f.attname not in names and f.has_default()
        ]
        if extra:
            fields += extra
            defaults = tuple(f.get_default() for f in extra)
            rows = (tuple(row) + defaults for row in rows)
        table = model._meta.db_table
        columns = [f.column for f in fields]
        with connection.cursor() as cursor:
            if self.postgres:
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"
                prepared = [
                    [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
                    for row in rows
                ]
                if prepared:
                    cursor.executemany(sql, prepared)


class Progress:
    """A plain-text progress line on stderr: what, how far, how long."""

    def __init__(self, stream=None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.started = time.monotonic()

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:>9,}/{total:,} {elapsed:7.1f} s"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


# --- Generation --------------------------------------------------------------------------


def _weighted(rng: random.Random, shares: Sequence[tuple[object, float]], k: int) -> list:
    values = [v for v, _ in shares]
    weights = [w for _, w in shares]
    return rng.choices(values, weights=weights, k=k)


def _skewed(rng: random.Random, items: Sequence, power: float = 2.5):
    """An item from `items`, the first ones much more often (a few speak a lot)."""
    return items[int(len(items) * rng.random() ** power)]


def _next_id(model: type[models.Model]) -> int:
    last = model.objects.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


@dataclass
class Topic:
    """What a question asks and what the claims about it talk about."""

    place: str
    unit: str
    size: int
    verb: tuple[str, str]
    day: date


@dataclass
class Desk:
    """What the generator keeps in memory between tables: ids and a little context."""

    users: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    outlets: list[int] = field(default_factory=list)
    agencies: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)
    source_names: dict[int, str] = field(default_factory=dict)
    question_ids: list[int] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


SYNTHETIC_USERS = (
    ("desk-editor-1", "editor"), ("desk-editor-2", "editor"), ("desk-editor-3", "editor"),
    ("desk-editor-4", "editor"), ("desk-reviewer-1", "reviewer"), ("desk-reviewer-2", "reviewer"),
    ("desk-admin-1", "admin"),
)


def _users(desk: Desk) -> None:
    """The desk's staff: a few users with unusable passwords who 'logged' the rows."""
    for username, role in SYNTHETIC_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            group = Group.objects.filter(name=role).first()
            if group:
                user.groups.add(group)
        desk.users.append(user.pk)
        if role != "editor":
            desk.admins.append(user.pk)


def _unique_name(name: str, kind: str, taken: set[tuple[str, str]]) -> str:
    """`name`, or "<name> (2)", "(3)"... when a source of this kind already has it."""
    unique, number = name, 1
    while (kind, unique.lower()) in taken:
        number += 1
        unique = f"{name} ({number})"
    taken.add((kind, unique.lower()))
    return unique


def _sources(rng, plan: Plan, desk: Desk, writer: Writer, end: datetime, progress) -> None:
    first_id = _next_id(Source)
    kinds = _weighted(rng, KIND_SHARES, plan.sources)
    # Make sure each kind exists however small the desk.
    kinds[0], kinds[1], kinds[2] = "outlet", "organization", "person"
    grades = _weighted(rng, GRADE_SHARES, plan.sources)
    ids = range(first_id, first_id + plan.sources)
    organizations = [i for i, k in zip(ids, kinds, strict=True) if k == "organization"]
    agency_quota = max(1, plan.sources // 1000)
    places = [rng.choice(PLACES) for _ in ids]
    # One source per kind and name (source_name_kind_unique), the desk's own included.
    taken = {(kind, name.lower()) for kind, name in Source.objects.values_list("kind", "name")}
    # Names first, so that a person's description can name their organization.
    for pk, kind, place in zip(ids, kinds, places, strict=True):
        if kind == "person":
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            desk.speakers.append(pk)
        elif kind == "organization":
            name = f"{place} {rng.choice(ORG_KINDS)}"
            desk.speakers.append(pk)
        elif len(desk.agencies) < agency_quota:
            name = f"{place} News Agency"
            desk.agencies.append(pk)
            desk.outlets.append(pk)
        else:
            name = f"The {place} {rng.choice(OUTLET_WORDS)}"
            desk.outlets.append(pk)
        desk.source_names[pk] = _unique_name(name, kind, taken)
    rows, changes = [], []
    start = end - timedelta(days=SPAN_DAYS + 60)
    admins = desk.admins or [None]
    for pk, kind, grade, place in zip(ids, kinds, grades, places, strict=True):
        affiliation = None
        if kind == "person":
            if rng.random() < 0.6:
                affiliation = rng.choice(organizations)
                description = f"{rng.choice(ROLES)} the {desk.source_names[affiliation]}"
            else:
                description = f"resident of {place}"
        elif kind == "organization":
            if rng.random() < 0.15:
                affiliation = rng.choice(organizations)
                if affiliation == pk:
                    affiliation = None
            description = f"based in {place}"
        else:
            description = "news agency" if pk in desk.agencies[:agency_quota] else "outlet"
        created = start + timedelta(seconds=rng.randrange(60 * 86400))
        rows.append([pk, desk.source_names[pk], kind, description, affiliation, grade, created,
                     created])
        if grade != "F":
            when = created + timedelta(days=rng.randrange(1, SPAN_DAYS))
            changes.append((pk, "F", grade, rng.choice(GRADE_REASONS), rng.choice(admins), when))
            if rng.random() < 0.1:
                later = when + timedelta(days=rng.randrange(1, 60))
                to = rng.choice([g for g, _ in GRADE_SHARES if g != grade])
                changes.append((pk, grade, to, rng.choice(GRADE_REASONS[1:]), rng.choice(admins),
                                later))
                rows[-1][5] = to
    if not desk.agencies:
        desk.agencies = desk.outlets[:1]
    writer.write(
        Source,
        ["id", "name", "kind", "description", "affiliation", "reliability", "created_at",
         "updated_at"],
        (tuple(r) for r in rows),
    )
    progress("sources", plan.sources, plan.sources)
    change_id = _next_id(GradeChange)
    writer.write(
        GradeChange,
        ["id", "source", "from_grade", "to_grade", "reason", "changed_by", "changed_at"],
        ((change_id + i, *row) for i, row in enumerate(changes)),
    )
    progress("grades", len(changes), len(changes))


def _questions(rng, plan: Plan, desk: Desk, writer: Writer, end: datetime, progress) -> None:
    first_id = _next_id(Question)
    rows = []
    for offset in range(plan.questions):
        unit, size, verbs = rng.choice(UNITS)
        verb = rng.choice(verbs)
        place = rng.choice(PLACES)
        day = (end - timedelta(days=rng.randrange(SPAN_DAYS))).date()
        topic = Topic(place=place, unit=unit, size=max(3, int(size * rng.uniform(0.3, 2))),
                      verb=verb, day=day)
        desk.topics.append(topic)
        when = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        match rng.random():
            case r if r < 0.6:
                text = f"How many {unit} {verb[0]} {place} on {when}?"
            case r if r < 0.85:
                text = f"What drove the {unit} in {place} on {when}?"
            case _:
                text = f"Who is responsible for what happened in {place} on {when}?"
        created = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=20)
        pk = first_id + offset
        desk.question_ids.append(pk)
        rows.append((pk, text[:300], f"Claims about {unit} in {place}.", "",
                     rng.choice(desk.users), created, created))
    writer.write(
        Question,
        ["id", "text", "description", "best_answer", "created_by", "created_at", "updated_at"],
        rows,
    )
    progress("questions", plan.questions, plan.questions)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` spread over `parts`, each at least one, unevenly as in real coverage."""
    weights = [rng.paretovariate(2.0) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


@dataclass
class LinkPlan:
    pairs: list[tuple[int, int, str, str, str, str]]  # first, second, kind, nature, status, out
    statuses: dict[int, str]


def _plan_links(rng, plan: Plan, claim_start: int, doc_ranges, topic_docs) -> LinkPlan:
    """Pairs of claims and their links, decided before the claims are written.

    Most links join claims of one document or one topic, as a reviewer would;
    a claim's status follows from the links it is in.
    """
    seen: set[tuple[int, int]] = set()
    pairs = []
    statuses: dict[int, str] = {}
    n = plan.claims
    kinds = _weighted(rng, LINK_KINDS, plan.links)
    link_statuses = _weighted(rng, LINK_STATUSES, plan.links)
    attempts = 0
    while len(pairs) < plan.links and attempts < plan.links * 20:
        attempts += 1
        a = claim_start + rng.randrange(n)
        doc = _doc_of(doc_ranges, a)
        r = rng.random()
        if r < 0.5:
            start, count, _topic = doc_ranges[doc]
            b = start + rng.randrange(count)
        elif r < 0.8:
            docs = topic_docs[doc_ranges[doc][2]]
            start, count, _topic = doc_ranges[rng.choice(docs)]
            b = start + rng.randrange(count)
        else:
            b = claim_start + rng.randrange(n)
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        i = len(pairs)
        kind, status = kinds[i], link_statuses[i]
        nature = rng.choice(NATURES) if kind == "contradicts" and rng.random() < 0.9 else ""
        outcome = rng.choice(OUTCOMES) if status == "resolved" else ""
        pairs.append((a, b, kind, nature, status, outcome))
        if kind == "contradicts" and status == "resolved":
            first, second = {
                "first_upheld": ("upheld", "refuted"),
                "second_upheld": ("refuted", "upheld"),
                "neither": ("refuted", "refuted"),
            }.get(outcome, ("disputed", "disputed"))
            statuses[a], statuses[b] = first, second
        elif kind == "contradicts" and status == "open":
            statuses.setdefault(a, "disputed")
            statuses.setdefault(b, "disputed")
    return LinkPlan(pairs=pairs, statuses=statuses)


def _doc_of(doc_ranges, claim_id: int) -> int:
    """The index of the document holding `claim_id` (ranges are sorted and contiguous)."""
    lo, hi = 0, len(doc_ranges) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc_ranges[mid][0] <= claim_id:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _number_phrase(rng, size: int) -> tuple[str, Decimal | None, Decimal | None, bool, bool]:
    """A quantity phrase and its interval: exact, more than, at least, up to, about, ranges."""
    n = max(2, int(size * rng.uniform(0.5, 1.6)))
    rounded = max(10, round(n, -1) if n < 1000 else round(n, -2))
    match rng.random():
        case r if r < 0.35:
            return f"{n:,}", Decimal(n), Decimal(n), True, True
        case r if r < 0.55:
            return f"more than {rounded:,}", Decimal(rounded), None, False, True
        case r if r < 0.68:
            return f"at least {n:,}", Decimal(n), None, True, True
        case r if r < 0.76:
            return f"up to {rounded:,}", None, Decimal(rounded), True, True
        case r if r < 0.86:
            low = max(1, round(n * 0.8))
            return f"between {low:,} and {n:,}", Decimal(low), Decimal(n), True, True
        case r if r < 0.93:
            return f"about {rounded:,}", Decimal(round(rounded * 0.9)), \
                Decimal(round(rounded * 1.1)), True, True
        case _:
            if size >= 200:
                return "hundreds of", Decimal(200), Decimal(999), True, True
            return "dozens of", Decimal(24), Decimal(99), True, True


def _said(rng, published: datetime):
    """When it was said, as a phrase relative to the document's publication day."""
    day = published.date()
    match rng.random():
        case r if r < 0.55:
            return WEEKDAYS[day.weekday()], day, day, "day"
        case r if r < 0.75:
            before = day - timedelta(days=1)
            return f"on {WEEKDAYS[before.weekday()]}", before, before, "day"
        case r if r < 0.85:
            first = day.replace(day=1)
            return "earlier this month", first, day, "month"
        case _:
            return "", None, None, ""


def _about(rng, topic: Topic):
    day = topic.day
    match rng.random():
        case r if r < 0.5:
            return f"on {WEEKDAYS[day.weekday()]}", day, day, "day"
        case r if r < 0.65:
            first = day.replace(day=1)
            return f"since {MONTHS[day.month - 1]}", first, None, "month"
        case r if r < 0.8:
            later = day + timedelta(days=4)
            return (f"from {WEEKDAYS[day.weekday()]} through {WEEKDAYS[later.weekday()]}",
                    day, later, "day")
        case r if r < 0.85:
            return f"in {day.year}", date(day.year, 1, 1), date(day.year, 12, 31), "year"
        case _:
            return "", None, None, ""


CLAIM_FIELDS = [
    "id", "document", "statement", "quote", "quote_prefix", "quote_suffix", "quote_start",
    "speaker", "said_phrase", "said_start", "said_end", "said_precision", "about_phrase",
    "about_start", "about_end", "about_precision", "quantity_phrase", "quantity_low",
    "quantity_high", "quantity_low_inclusive", "quantity_high_inclusive", "quantity_unit",
    "certainty", "credibility", "status", "created_by", "created_at", "updated_at", "version",
    "quote_key",
]
DOCUMENT_FIELDS = [
    "id", "url", "title", "publisher", "published_at", "language", "body", "created_by",
    "created_at", "updated_at",
]


def _claim_text(rng, topic: Topic, speaker_name: str):
    """Statement, quote, quantity and certainty of one claim about a topic."""
    unit, place = topic.unit, topic.place
    simple, perfect = topic.verb
    about = _about(rng, topic)
    about_text = f" {about[0]}" if about[0] else ""
    quantity = ("", None, None, True, True, "")
    r = rng.random()
    if r < 0.62:
        phrase, low, high, low_inc, high_inc = _number_phrase(rng, topic.size)
        statement = f"{phrase[0].upper()}{phrase[1:]} {unit} {simple} {place}{about_text}."
        quote = f"{phrase} {unit} {perfect} {place}"
        quantity = (f"{phrase} {unit}", low, high, low_inc, high_inc, unit)
        certainty = "asserted"
    elif r < 0.74:
        phrase, low, high, low_inc, high_inc = _number_phrase(rng, topic.size)
        statement = f"Most likely {phrase} {unit} {simple} {place}{about_text}."
        quote = f"most likely {phrase} {unit} {perfect} {place}"
        quantity = (f"{phrase} {unit}", low, high, low_inc, high_inc, unit)
        certainty = "hedged"
    elif r < 0.84:
        refusal = rng.choice(("it was too early to confirm how many",
                              "they would not say how many", "no one could yet say how many"))
        statement = f"It is too early to confirm how many {unit} {simple} {place}."
        quote = f"{refusal} {unit} {perfect} {place}"
        certainty = "withheld"
    elif r < 0.94:
        cause = rng.choice(CAUSES)
        statement = f"The {unit} in {place} were driven by {cause}."
        quote = f"the {unit} {perfect} {place} because of {cause}"
        certainty = "asserted"
    else:
        statement = f"{speaker_name} could not be reached for comment about {place}."
        quote = f"could not be reached for comment about the situation in {place}"
        certainty = "withheld"
    return statement[:500], quote, about, quantity, certainty


def _claims(rng, plan: Plan, desk: Desk, writer: Writer, end: datetime, progress,
            batch_documents: int) -> None:
    doc_start = _next_id(Document)
    claim_start = _next_id(Claim)
    relay_start = _next_id(ClaimRelay)
    member_start = _next_id(Claim.questions.through)
    link_start = _next_id(ClaimLink)

    counts = _split(rng, plan.claims, plan.documents)
    topics_of_docs = [rng.randrange(len(desk.topics)) for _ in range(plan.documents)]
    doc_ranges = []
    topic_docs: dict[int, list[int]] = {}
    position = claim_start
    for index, (count, topic) in enumerate(zip(counts, topics_of_docs, strict=True)):
        doc_ranges.append((position, count, topic))
        topic_docs.setdefault(topic, []).append(index)
        position += count
    links = _plan_links(rng, plan, claim_start, doc_ranges, topic_docs)
    statuses = links.statuses

    # Publication times: spread over two years, in id order, so that ids and
    # times grow together as on a real desk.
    span = SPAN_DAYS * 86400
    first_day = end - timedelta(days=SPAN_DAYS)
    offsets = sorted(rng.randrange(span) for _ in range(plan.documents))
    claim_times = array("d", bytes(8 * plan.claims))
    claim_speakers = array("q", bytes(8 * plan.claims))  # for the links' speaker columns

    relay_id, member_id = relay_start, member_start
    done = 0
    doc_rows, claim_rows, relay_rows, member_rows = [], [], [], []

    def flush() -> None:
        writer.write(Document, DOCUMENT_FIELDS, doc_rows)
        writer.write(Claim, CLAIM_FIELDS, claim_rows)
        writer.write(ClaimRelay, ["id", "claim", "source", "position"], relay_rows)
        writer.write(Claim.questions.through, ["id", "claim", "question"], member_rows)
        for rows in (doc_rows, claim_rows, relay_rows, member_rows):
            rows.clear()

    speakers, outlets, agencies = desk.speakers, desk.outlets, desk.agencies
    relay_choice = _weighted(rng, RELAY_COUNTS, 4096)
    for index, (claim_id0, count, topic_index) in enumerate(doc_ranges):
        doc_id = doc_start + index
        topic = desk.topics[topic_index]
        question_id = desk.question_ids[topic_index]
        published = first_day + timedelta(seconds=offsets[index])
        publisher = _skewed(rng, outlets, 1.8) if rng.random() < 0.95 else None
        has_body = rng.random() < BODY_SHARE
        verb = topic.verb[0]
        title = rng.choice((
            f"{topic.unit.capitalize()} {verb} {topic.place}, officials say",
            f"Conflicting accounts of {topic.unit} in {topic.place}",
            f"Fighting near {topic.place}: the {topic.unit} and the figures",
            f"What we know about the {topic.unit} in {topic.place}",
        ))
        slug = "-".join(title.lower().replace(",", "").replace(":", "").split())[:80]
        url = None
        if rng.random() < 0.9:
            site = f"news{(publisher or 0) % 997}.example"
            url = f"https://{site}/{published:%Y/%m/%d}/{slug}-{doc_id}"
        creator = rng.choice(desk.users)
        body_parts: list[str] = []
        anchors: list[tuple[int, int, int]] = []
        body_length = 0
        if has_body:
            lead = (f"{title}. {published:%A} {published.day} {MONTHS[published.month - 1]} "
                    f"{published.year}.\n\n")
            body_parts.append(lead)
            body_length = len(lead)
        for offset in range(count):
            claim_id = claim_id0 + offset
            speaker = _skewed(rng, speakers)
            speaker_name = desk.source_names[speaker]
            statement, quote, about, quantity, certainty = _claim_text(rng, topic, speaker_name)
            said = _said(rng, published)
            quote_start = None
            if has_body:
                sentence_start = f"{speaker_name} {rng.choice(SAID_VERBS)} that "
                sentence_end = f". {rng.choice(FILLER)}\n\n" if rng.random() < 0.5 else ". "
                quote_start = body_length + len(sentence_start)
                body_parts.append(sentence_start + quote + sentence_end)
                body_length += len(sentence_start) + len(quote) + len(sentence_end)
                anchors.append((len(claim_rows), quote_start, quote_start + len(quote)))
            created = published + timedelta(seconds=rng.randrange(3 * 86400))
            claim_times[claim_id - claim_start] = created.timestamp()
            claim_speakers[claim_id - claim_start] = speaker
            version = 1 if rng.random() < 0.8 else rng.randint(2, 4)
            updated = created + timedelta(hours=rng.randrange(48)) if version > 1 else created
            credibility = rng.randint(1, 6) if rng.random() < 0.4 else None
            status = statuses.get(claim_id)
            if status is None:
                status = "open" if rng.random() < 0.97 else rng.choice(("retracted", "superseded"))
            kept_quote = quote if rng.random() < 0.95 or has_body else ""
            claim_rows.append([
                claim_id, doc_id, statement, kept_quote,
                "", "", quote_start, speaker, *said, *about, *quantity, certainty,
                credibility, status, creator, created, updated, version, quote_key(kept_quote),
            ])
            relays = relay_choice[claim_id % 4096]
            chain: list[int] = []
            if relays == 2:
                chain.append(rng.choice(agencies))
            if relays >= 1:
                last = publisher or rng.choice(outlets)
                if last not in chain:
                    chain.append(last)
            for position, source in enumerate(chain, start=1):
                if source != speaker:
                    relay_rows.append((relay_id, claim_id, source, position))
                    relay_id += 1
            if rng.random() < MEMBER_SHARE:
                member_rows.append((member_id, claim_id, question_id))
                member_id += 1
                if rng.random() < 0.1:
                    other = rng.choice(desk.question_ids)
                    if other != question_id:
                        member_rows.append((member_id, claim_id, other))
                        member_id += 1
        body = "".join(body_parts).rstrip() if has_body else ""
        # The anchor's context is the text around the quote in the finished body.
        for row, start, stop in anchors:
            claim_rows[row][4] = body[max(0, start - CONTEXT) : start]
            claim_rows[row][5] = body[stop : stop + CONTEXT]
        doc_rows.append((doc_id, url, title[:500], publisher, published, "en", body, creator,
                         published, published))
        done += count
        if len(doc_rows) >= batch_documents or index == len(doc_ranges) - 1:
            flush()
            progress("claims", done, plan.claims)

    _links(rng, desk, writer, links, link_start, claim_start, claim_times, claim_speakers,
           progress)
    _suggested_pairs(rng, plan, desk, writer, links, claim_start, claim_times, progress)


# The inbox's stored suggestions (models.SuggestedPair): one pair per this many claims, each
# a claim and the next one logged (mostly of the same document), never a linked pair; a few
# taken by a reviewer.
CLAIMS_PER_PAIR = 20
PAIR_REASONS = ("same document; about the same day", "same question; shared words",
                "figures of the same thing differ", "one asserts what the other withholds")


def _suggested_pairs(rng, plan: Plan, desk: Desk, writer: Writer, links: LinkPlan,
                     claim_start: int, claim_times, progress) -> None:
    count = min(plan.claims // CLAIMS_PER_PAIR, max(plan.claims - 1, 0))
    if not count:
        return
    linked = {(min(a, b), max(a, b)) for a, b, *_ in links.pairs}
    pair_start = _next_id(SuggestedPair)
    reviewers = desk.admins or desk.users

    def rows():
        firsts = sorted(rng.sample(range(claim_start, claim_start + plan.claims - 1), count))
        for i, first in enumerate(firsts):
            second = first + 1
            if (first, second) in linked:
                continue
            computed = datetime.fromtimestamp(claim_times[second - claim_start], UTC)
            kind = "contradicts" if rng.random() < 0.7 else "supports"
            assignee = rng.choice(reviewers) if rng.random() < 0.05 else None
            yield (pair_start + i, first, second, kind, "", rng.choice(PAIR_REASONS),
                   round(0.5 + rng.random(), 3), computed, assignee)
            if i % 50_000 == 0:
                progress("pairs", i, count)

    writer.write(
        SuggestedPair,
        ["id", "first", "second", "kind", "nature", "reason", "score", "computed_at",
         "assignee"],
        rows(),
    )
    progress("pairs", count, count)


def _links(rng, desk: Desk, writer: Writer, links: LinkPlan, link_start: int,
           claim_start: int, claim_times, claim_speakers, progress) -> None:
    total = len(links.pairs)

    def rows():
        for i, (a, b, kind, nature, status, outcome) in enumerate(links.pairs):
            created = datetime.fromtimestamp(
                max(claim_times[a - claim_start], claim_times[b - claim_start]), UTC
            ) + timedelta(hours=rng.randrange(1, 96))
            resolved_by = resolved_at = None
            rationale = ""
            if status == "resolved":
                resolved_by = rng.choice(desk.admins or desk.users)
                resolved_at = created + timedelta(days=rng.randrange(1, 30))
                rationale = rng.choice(RATIONALES)
            updated = resolved_at or created
            yield (link_start + i, a, b, kind, nature, rng.choice(LINK_NOTES[kind]), status,
                   outcome, rationale, rng.choice(desk.users), created, resolved_by,
                   resolved_at, updated, 1 if status == "open" else 2,
                   claim_speakers[a - claim_start], claim_speakers[b - claim_start])
            if i % 50_000 == 0:
                progress("links", i, total)

    writer.write(
        ClaimLink,
        ["id", "first", "second", "kind", "nature", "note", "status", "outcome", "rationale",
         "proposed_by", "created_at", "resolved_by", "resolved_at", "updated_at", "version",
         "first_speaker", "second_speaker"],
        rows(),
    )
    progress("links", total, total)


GENERATED = (Source, GradeChange, Question, Document, Claim, ClaimRelay, ClaimLink,
             SuggestedPair)


def _refresh_track_records() -> None:
    """Stored track records (when the model keeps them) follow the resolved links."""
    try:
        Source._meta.get_field("track_resolved")
        from .reliability import recompute_all
    except (LookupError, ImportError, models.FieldDoesNotExist):
        return
    recompute_all()


def desk_is_empty() -> bool:
    return not any(model.objects.exists() for model in (Source, Document, Claim, Question))


def generate_desk(
    *,
    claims: int = 1_000_000,
    seed: int = 2014,
    batch_documents: int = 500,
    progress: Callable[[str, int, int], None] | None = None,
    end: datetime | None = None,
) -> Plan:
    """Write a synthetic desk of `claims` claims; returns the plan of counts.

    On PostgreSQL each batch is its own COPY (committed one by one when not
    inside a transaction), then the id sequences are moved past the new rows
    and the tables vacuumed and analysed (only ANALYZEd inside a transaction), as
    autovacuum would leave a desk in use.
    """
    plan = Plan.for_claims(claims)
    rng = random.Random(seed)
    progress = progress or (lambda label, done, total: None)
    end = end or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    writer = Writer()
    desk = Desk()
    _users(desk)
    _sources(rng, plan, desk, writer, end, progress)
    _questions(rng, plan, desk, writer, end, progress)
    _claims(rng, plan, desk, writer, end, progress, batch_documents)
    _refresh_track_records()
    models_with_ids = [*GENERATED, Claim.questions.through]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_with_ids):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # VACUUM as well where it can run (not inside a transaction, as in tests): a
            # desk in use is vacuumed by autovacuum, and without the visibility map it
            # sets, PostgreSQL cannot answer a count from an index alone.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in models_with_ids:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")
    return plan
