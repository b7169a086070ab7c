"""Measure the desk's pages under load, beside a floor, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factdesk_bench \\
        .venv/bin/python bench/run.py --setup

With --setup it first creates the database if missing, migrates it and, when
the desk is empty, generates 1,000,000 claims (manage.py generate_desk). Then:

1. creates (or resets) the user "bench" with the admin role and a session for
   it, straight in the session store, and an API token for it (the "api" rows send
   it as `Authorization: Bearer`, with the API's rate lifted for the run);
2. starts gunicorn on 127.0.0.1 with the app as deployed (DEBUG off, a fresh
   SECRET_KEY) and bench.settings, which adds the floor view /__floor__/;
3. for each entry of PAGES whose URL name exists in the app, picks real ids
   spread across the tables, checks each URL answers 200, warms it, and drives
   it with wrk (8 connections, a fixed duration) cycling through those URLs;
4. prints p50/p95/p99 latency, requests per second and each median over the
   floor's, and writes bench/results/<time>.json and .md.

gunicorn is stopped at the end, also on failure or Ctrl-C. Nothing is dropped
or deleted; the databases "test" and "test_*" are refused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/factdesk_bench"

# Targets at 1,000,000 claims (issue 6): p95 in ms by kind, and median over the floor's.
TARGET_P95_MS = {
    "page": 100, "fragment": 50, "search": 150, "api": 50, "poll": 20, "floor": None,
}
TARGET_RATIO = 5.0
# A page slower than this alone is reported, not load-tested (8 clients would only queue).
SLOW_MS = 2000
WARM_SECONDS = 15

SEARCH_WORDS = ["Kharkiv", "drones", "Pokrovsk", "refugees", "Bakhmut", "prisoners", "Izium"]
NAME_WORDS = ["Kovalenko", "Melnyk", "Donetsk", "Interfax", "Volkov", "Kharkiv"]
PREFIXES = ["Kov", "Mel", "Don", "Kha", "Ivan", "The"]
DATE_PHRASES = ["Monday", "on Sunday", "since April", "last week", "by Monday afternoon"]
NUMBER_PHRASES = ["more than 400 soldiers", "438", "at least 1,129 civilians", "hundreds"]


@dataclass(frozen=True)
class Entry:
    """One thing to measure: a URL name, how to fill it, and what kind of response it is."""

    label: str
    kind: str  # page, fragment, search, api or floor
    name: str
    ids: str = ""  # which ids fill the URL: claim, question, source, speaker, document, link
    query: str = ""  # a query string; {word}, {prefix}, {claim}, {pair}, {date}, {number}
    htmx: bool = False
    extra_args: tuple = ()
    token: bool = False  # sent with the bench user's API token instead of its session


PAGES = [
    Entry("floor (trivial view)", "floor", "bench-floor"),
    Entry("home", "page", "claims:home"),
    # What an open page asks every few seconds (issue 16): without a stamp, so each answer
    # is the full one (the stamp query, the unread count, the header's count), not a 304.
    Entry("poll of open pages", "poll", "claims:desk-changes"),
    Entry("inbox: suggested pairs", "page", "claims:inbox-section", extra_args=("pairs",)),
    Entry("claim list", "page", "claims:claim-list"),
    # Deep pages: "older than" cursors of claims spread over the table (keyset paging; the
    # "before" table measured ?page=2000, an OFFSET of 50,000, which the list no longer has).
    Entry("claim list, deep pages", "page", "claims:claim-list", query="after={cursor}"),
    Entry("claim list rows (htmx)", "fragment", "claims:claim-list", query="after={cursor}",
          htmx=True),
    Entry("claim search", "search", "claims:claim-list", query="q={word}"),
    Entry("claim search rows (htmx)", "search", "claims:claim-list", query="q={word}", htmx=True),
    Entry("claim page", "page", "claims:claim-detail", ids="claim"),
    Entry("claim links panel (htmx)", "fragment", "claims:claim-links", ids="claim", htmx=True),
    Entry(
        "claim link suggestions (htmx)", "fragment", "claims:claim-suggestions", ids="claim",
        htmx=True,
    ),
    Entry("document list", "page", "claims:document-list"),
    Entry("document page", "page", "claims:document-detail", ids="document"),
    Entry("compare", "page", "claims:compare", query="{pair}"),
    Entry(
        "compare claim picker (htmx)", "search", "claims:claim-picker",
        query="side=b&a={claim}&q={word}", htmx=True,
    ),
    Entry("question list", "page", "claims:question-list"),
    Entry("question page", "page", "claims:question-detail", ids="question"),
    Entry("review queue", "page", "claims:review-queue"),
    Entry("review queue rows (htmx)", "fragment", "claims:review-queue", query="page=2",
          htmx=True),
    Entry("source list", "page", "claims:source-list"),
    Entry("source search (htmx)", "search", "claims:source-list", query="q={name}", htmx=True),
    Entry("source page", "page", "claims:source-detail", ids="speaker"),
    Entry(
        "source picker (htmx)", "fragment", "claims:source-picker", query="q={prefix}",
        htmx=True, extra_args=("speaker",),
    ),
    Entry(
        "date preview (htmx)", "fragment", "claims:preview-when", ids="document",
        query="said_phrase={date}", htmx=True, extra_args=("said",),
    ),
    Entry(
        "number preview (htmx)", "fragment", "claims:preview-quantity", ids="document",
        query="quantity_phrase={number}", htmx=True,
    ),
    # The JSON API (issue 17): its list endpoints, with a token.
    Entry("api claims list", "api", "api:claim_list", token=True),
    Entry("api claims list, deep pages", "api", "api:claim_list", query="after={cursor}",
          token=True),
    Entry("api claims filtered", "api", "api:claim_list", query="status={status}&speaker_q={name}",
          token=True),
    Entry("api claims search", "api", "api:claim_list", query="q={word}", token=True),
    Entry("api sources list", "api", "api:source_list", token=True),
]
STATUSES = ["open", "disputed", "upheld", "refuted"]


@dataclass
class Result:
    label: str
    kind: str
    urls: int
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: dict = field(default_factory=dict)
    ratio: float | None = None
    target_p95_ms: int | None = None
    meets: bool | None = None
    single_ms: float = 0.0  # one request alone, before the load (median over the URLs)
    example: str = ""


# --- Safety and setup -------------------------------------------------------------------


def database_name(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"The benchmark needs PostgreSQL; DATABASE_URL is {url!r}.")
    name = parsed.path.lstrip("/")
    if not name or name == "test" or name.startswith("test_"):
        sys.exit(f"Refusing database {name!r}: use a name of its own such as factdesk_bench.")
    return name


def bench_environment(database_url: str, secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        API_RATE="1000000000",  # the "api" rows are one token under load: no throttle
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                   check=True)


def setup_database(env: dict[str, str], name: str, claims: int) -> None:
    """Create, migrate and fill the benchmark database when it is not ready."""
    parsed = urlparse(env["DATABASE_URL"])
    exists = subprocess.run(
        ["psql", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432),
         "-U", parsed.username or "postgres", "-Atc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'", "postgres"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        print(f"Creating database {name}")
        subprocess.run(
            ["createdb", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432),
             "-U", parsed.username or "postgres", name],
            check=True,
        )
    manage(env, "migrate", "--no-input", "-v", "0")
    import django

    django.setup()
    from claims.synthetic import desk_is_empty

    if desk_is_empty():
        print(f"Generating {claims:,} claims (once; several minutes)")
        started = time.monotonic()
        manage(env, "generate_desk", "--claims", str(claims))
        print(f"Generated in {time.monotonic() - started:.0f} s")


def session_cookie(password: str) -> tuple[str, str]:
    """Create the bench admin and a logged-in session for it: (cookie name, session key)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from accounts.management.commands.create_desk_user import create_desk_user

    user = create_desk_user(username="bench", role="admin", password=password)
    backend = "accounts.backends.DeskBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        backend = settings.AUTHENTICATION_BACKENDS[-1]
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key


def api_token() -> str:
    """A fresh API token of the bench user (session_cookie made the user)."""
    from accounts.models import User
    from accounts.tokens import token_create

    return token_create(user=User.objects.get(username="bench"), name="bench")[1]


# --- Picking real ids ---------------------------------------------------------------------


def spread(model, count: int = 20, queryset=None) -> list[int]:
    """`count` ids spread evenly from the first row to the last, not just the first rows."""
    from django.db.models import Max, Min

    queryset = queryset if queryset is not None else model.objects.all()
    bounds = queryset.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    low, high = bounds["low"], bounds["high"]
    ids = []
    for i in range(count):
        target = low + (high - low) * (i + 0.5) / count
        pk = queryset.filter(pk__gte=target).order_by("pk").values_list("pk", flat=True).first()
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def pick_ids() -> dict[str, list]:
    from django.db.models import Count

    from claims.models import Claim, ClaimLink, Document, Question, Source
    from claims.paging import cursor_of

    speakers = Source.objects.exclude(kind="outlet")
    busiest = list(
        Claim.objects.values("speaker").annotate(n=Count("pk")).order_by("-n")
        .values_list("speaker", flat=True)[:4]
    )
    links = spread(ClaimLink, 20)
    pairs = list(ClaimLink.objects.filter(pk__in=links).values_list("first_id", "second_id"))
    claims = spread(Claim, 30)
    with_body = Document.objects.exclude(body="")
    return {
        "claim": claims,
        "question": spread(Question, 20),
        "speaker": busiest + spread(Source, 16, speakers),
        "document": spread(Document, 10, with_body) + spread(Document, 10),
        "pair": [f"a={a}&b={b}" for a, b in pairs]
        + [f"a={claims[i]}&b={claims[-1 - i]}" for i in range(5)],
        "claims_total": Claim.objects.count(),
        "cursor": [cursor_of(c) for c in Claim.objects.filter(pk__in=claims)],
    }


def entry_paths(entry: Entry, ids: dict[str, list]) -> list[str] | str:
    """The URLs to drive for an entry, or the reason it is skipped."""
    from django.urls import NoReverseMatch, reverse

    def query(i: int) -> str:
        if not entry.query:
            return ""
        values = {
            "word": SEARCH_WORDS[i % len(SEARCH_WORDS)],
            "name": NAME_WORDS[i % len(NAME_WORDS)],
            "prefix": PREFIXES[i % len(PREFIXES)],
            "claim": ids["claim"][i % len(ids["claim"])],
            "cursor": ids["cursor"][i % len(ids["cursor"])],
            "pair": ids["pair"][i % len(ids["pair"])] if ids["pair"] else "",
            "date": DATE_PHRASES[i % len(DATE_PHRASES)],
            "number": NUMBER_PHRASES[i % len(NUMBER_PHRASES)],
            "status": STATUSES[i % len(STATUSES)],
        }
        text = entry.query.format(**values)
        # Keep the given names and separators; encode only the values.
        parts = [p.split("=", 1) for p in text.split("&")]
        return "?" + urlencode([(k, v) for k, v in parts])

    try:
        if entry.ids:
            pool = ids[entry.ids]
            if not pool:
                return f"no {entry.ids} rows"
            args = list(entry.extra_args)
            return [
                reverse(entry.name, args=[pk, *args]) + query(i) for i, pk in enumerate(pool)
            ]
        base = reverse(entry.name, args=list(entry.extra_args))
    except NoReverseMatch:
        return f"no URL named {entry.name!r} (page not built yet?)"
    count = 20 if entry.query else 1
    return [base + query(i) for i in range(count)]


# --- Running gunicorn and wrk -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "factdesk.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--chdir", str(ROOT),
        "--log-level", "warning",
        "--timeout", "60",
    ]
    handle = log.open("w")
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, handle


def stop_gunicorn(process) -> None:
    """Stop gunicorn and its workers (its own process group), whatever happened before."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not orphan it
    try:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def fetch(url: str, headers: dict[str, str]) -> tuple[int, int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, len(response.read()), ""
    except urllib.error.HTTPError as exc:
        return exc.code, 0, exc.headers.get("Location", "")


def wait_until_up(base: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start; see its log")
        try:
            fetch(base + "/login/", {})
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def run_wrk(base: str, paths_file: Path, headers: dict[str, str], args) -> dict:
    command = [
        "wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
        "--timeout", "10s", "-s", str(BENCH / "paths.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(base)
    env = {**os.environ, "BENCH_PATHS": str(paths_file)}
    output = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=args.duration + 60
    )
    for line in output.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk printed no figures:\n{output.stdout}\n{output.stderr}")


# --- Reporting ------------------------------------------------------------------------------


def markdown(results: list[Result], skipped: list[tuple[str, str]], meta: dict) -> str:
    lines = [
        f"### {meta['label']}: {meta['claims']:,} claims, {meta['started']}",
        "",
        f"{meta['cores']} cores, {meta['workers']} gunicorn workers, wrk {meta['connections']} "
        f"connections, {meta['duration']} s per row.",
        "",
        "| page | kind | p50 ms | p95 ms | p99 ms | req/s | p50 / floor | p95 target | meets |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else ""
        target = f"< {r.target_p95_ms}" if r.target_p95_ms else ""
        meets = {True: "yes", False: "**no**", None: ""}[r.meets]
        if r.errors.get("failed"):
            alone = f"{r.single_ms:.0f} alone" if r.single_ms else ""
            lines.append(f"| {r.label} | {r.kind} | {alone} | | | | | {target} | **no**: "
                         f"{r.errors['failed']} |")
            continue
        lines.append(
            f"| {r.label} | {r.kind} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.rps:.0f} | {ratio} | {target} | {meets} |"
        )
    if skipped:
        lines += ["", "Not measured:", ""]
        lines += [f"- {label}: {reason}" for label, reason in skipped]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true",
                        help="Create, migrate and fill the database first when needed.")
    parser.add_argument("--claims", type=int, default=1_000_000,
                        help="Claims to generate with --setup on an empty desk.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per row.")
    parser.add_argument("--connections", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn sync workers (default 2 x cores + 1).")
    parser.add_argument("--only", default="", help="Measure only rows whose label contains this.")
    parser.add_argument("--label", default="before", help="A name for this run (before, after).")
    parser.add_argument("--port", type=int, default=0, help="Port on 127.0.0.1 (default: free).")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: install it with `apt-get install -y wrk` (Debian) and rerun.")
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = database_name(database_url)
    env = bench_environment(database_url, secrets.token_urlsafe(50))
    os.environ.update({k: env[k] for k in (
        "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
    )})
    sys.path.insert(0, str(ROOT))
    if args.setup:
        setup_database(env, name, args.claims)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL.")
    ids = pick_ids()
    if not ids["claims_total"]:
        sys.exit(f"The desk in {name} is empty: rerun with --setup to generate it.")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    cookie_name, session_key = session_cookie(secrets.token_urlsafe(16))
    token = api_token()
    connection.close()

    plans: list[tuple[Entry, list[str]]] = []
    skipped: list[tuple[str, str]] = []
    for entry in PAGES:
        if args.only and args.only not in entry.label and entry.kind != "floor":
            continue
        paths = entry_paths(entry, ids)
        if isinstance(paths, str):
            print(f"skip  {entry.label}: {paths}")
            skipped.append((entry.label, paths))
        else:
            plans.append((entry, paths))
    from django.urls import get_resolver

    named = sorted(
        f"claims:{n}" for n in get_resolver().namespace_dict["claims"][1].reverse_dict
        if isinstance(n, str)
    )
    uncovered = sorted(set(named) - {e.name for e in PAGES})
    if uncovered:
        print("URL names not in the table (mostly POST actions):", ", ".join(uncovered))

    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    results_dir = BENCH / "results"
    results_dir.mkdir(exist_ok=True)
    log = results_dir / f"{started}-gunicorn.log"
    process, log_handle = start_gunicorn(env, port, args.workers, log)
    results: list[Result] = []
    try:
        wait_until_up(base, process)
        cookie = {"Cookie": f"{cookie_name}={session_key}"}
        for entry, paths in plans:
            headers = {"Authorization": f"Bearer {token}"} if entry.token else dict(cookie)
            if entry.htmx:
                headers["HX-Request"] = "true"
            result = Result(entry.label, entry.kind, urls=len(paths), example=paths[0],
                            target_p95_ms=TARGET_P95_MS.get(entry.kind))
            bad, single = [], []
            for path in paths:  # every URL once, alone: it must answer 200
                began = time.perf_counter()
                status, _, location = fetch(base + path, headers)
                single.append((time.perf_counter() - began) * 1000)
                if status != 200:
                    bad.append(f"{path} -> {status} {location}".strip())
                if single[-1] > SLOW_MS:
                    break
            result.single_ms = round(sorted(single)[len(single) // 2], 1)
            if not bad and result.single_ms > SLOW_MS:
                bad.append(f"one request alone takes {result.single_ms:.0f} ms; not load-tested")
            if bad:
                result.errors["failed"] = "; ".join(bad[:3])
                print(f"fail  {entry.label}: {result.errors['failed']}")
                results.append(result)
                continue
            deadline = time.monotonic() + WARM_SECONDS
            for path in paths * 2:  # warm each worker and PostgreSQL's buffers, bounded
                if time.monotonic() > deadline:
                    break
                fetch(base + path, headers)
            with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as handle:
                handle.write("\n".join(paths) + "\n")
            try:
                figures = run_wrk(base, Path(handle.name), headers, args)
            finally:
                os.unlink(handle.name)
            seconds = figures["duration_us"] / 1e6
            result.requests = figures["requests"]
            result.rps = figures["requests"] / seconds if seconds else 0.0
            result.p50_ms = figures["p50_us"] / 1000
            result.p95_ms = figures["p95_us"] / 1000
            result.p99_ms = figures["p99_us"] / 1000
            result.max_ms = figures["max_us"] / 1000
            result.errors = {k: v for k, v in figures["errors"].items() if v}
            if not result.requests:
                result.errors["failed"] = f"no request finished in {args.duration} s"
            results.append(result)
            print(
                f"{entry.label:<32} p50 {result.p50_ms:7.1f}  p95 {result.p95_ms:7.1f}  "
                f"p99 {result.p99_ms:7.1f} ms  {result.rps:7.0f} req/s"
                + (f"  errors {result.errors}" if result.errors else "")
            )
    finally:
        stop_gunicorn(process)
        log_handle.close()

    floor = next((r for r in results if r.kind == "floor" and r.p50_ms), None)
    for r in results:
        if floor and r.p50_ms and r is not floor:
            r.ratio = r.p50_ms / floor.p50_ms
        if r.errors.get("failed"):
            r.meets = False if r.target_p95_ms else None
        elif r.target_p95_ms and r.p50_ms:
            r.meets = r.p95_ms < r.target_p95_ms and (r.ratio or 0) <= TARGET_RATIO
        elif r.target_p95_ms:
            r.meets = False
    meta = {
        "label": args.label,
        "started": started,
        "claims": ids["claims_total"],
        "database": name,
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "workers": args.workers,
        "connections": args.connections,
        "threads": args.threads,
        "duration": args.duration,
        "targets_p95_ms": TARGET_P95_MS,
        "target_ratio": TARGET_RATIO,
    }
    table = markdown(results, skipped, meta)
    (results_dir / f"{started}.json").write_text(json.dumps(
        {"meta": meta, "results": [asdict(r) for r in results],
         "skipped": [{"label": label, "reason": reason} for label, reason in skipped]},
        indent=2,
    ))
    (results_dir / f"{started}.md").write_text(table)
    print()
    print(table)
    print(f"Written: bench/results/{started}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
