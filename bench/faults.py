"""Run load against FactDesk under gunicorn on PostgreSQL and restart PostgreSQL midway.

Run as root from the project root:

    .venv/bin/python bench/faults.py            # 60 seconds of load
    .venv/bin/python bench/faults.py --short    # about 20 seconds, for CI

It makes a private PostgreSQL cluster in a temporary folder (initdb as the
postgres OS user, port 55432, loopback only; the machine's own cluster is never
touched), migrates the app into it, loads the demo desk, starts gunicorn (two
workers, 127.0.0.1 only, DEBUG off) and logs in as a demo admin (the Django admin
is for admins only). A few threads
then read the desk page and the admin's claim list and add claims through the
admin's add form: each add writes a claim, two relays, a question membership,
history rows and an admin log entry in one transaction. Midway, PostgreSQL is
stopped (pg_ctl stop -m fast), kept down for --outage seconds and started
again. The script prints the requests made, the errors during the outage, the
errors after the database came back (must be 0), the recovery time, and checks
the rows: every claim the load wrote has all its relays, its question and its
history; none that was acknowledged is missing; nothing is orphaned.

Exit status 0 when errors after recovery are 0 and no row is half-written or
lost. The cluster and gunicorn are stopped and the folder removed at the end,
on failure too. docs/faults.md gives the figures of a run.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 55432
USERNAME = "fault-admin"
MARK = "Fault load"
MAX_REQUESTS = 50_000  # a bound, whatever the duration
PAUSE = 0.02  # seconds each thread waits between its requests


class FaultRunError(Exception):
    pass


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The private PostgreSQL cluster -------------------------------------------------------


def pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise FaultRunError("no initdb under /usr/lib/postgresql/*/bin (install postgresql)")
    return Path(found[-1]).parent


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster run by the postgres OS user."""

    def __init__(self, folder: Path, port: int):
        self.bin = pg_bindir()
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.started = False

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = ["runuser", "-u", "postgres", "--", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise FaultRunError(f"{' '.join(args[:2])} failed: {result.stderr or result.stdout}")
        return result

    def init(self) -> None:
        shutil.chown(self.folder, user="postgres")
        # Trust is fine here: a private cluster that listens on 127.0.0.1 and dies with the run.
        self.run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--no-sync",
        )

    def options(self) -> str:
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"

    def start(self) -> None:
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "pg.log"),
            "-o", self.options(), "-w", "-t", "60", "start",
        )
        self.started = True

    def stop(self, mode: str = "fast") -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_ready(self) -> bool:
        result = subprocess.run(
            [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            timeout=10,
        )
        return result.returncode == 0

    def createdb(self, name: str) -> None:
        self.run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name)

    def teardown(self) -> None:
        if self.started:
            self.run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop",
                check=False,
            )
            self.started = False


# --- A small HTTP client with a cookie jar ------------------------------------------------


class FormFields(HTMLParser):
    """The named fields of the first <form> with the given id, with their default values."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.fields[name] = a.get("value") or ""
        elif tag == "select":
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


@dataclass
class Client:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, method: str, path: str, data: dict | None = None, timeout: float = 15):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        with self.lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    with self.lock:
                        self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def login(self, username: str, password: str) -> None:
        status, _, _ = self.request("GET", "/login/")
        data = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            "username": username,
            "password": password,
            "next": "/",
        }
        status, location, _ = self.request("POST", "/login/", data)
        if status != 302 or "sessionid" not in self.cookies:
            raise FaultRunError(f"could not log in as {username}: HTTP {status}")


# --- The load -------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    started: float
    ended: float
    ok: bool
    detail: str = ""


@dataclass
class Load:
    client: Client
    claim_form: dict[str, str]
    deadline: float
    results: list[Result] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def one(self, kind: str) -> None:
        started = time.monotonic()
        statement = ""
        try:
            if kind == "desk":
                status, _, body = self.client.request("GET", "/")
                ok, detail = status == 200 and "The desk" in body, f"HTTP {status}"
            elif kind == "claim list":
                status, _, body = self.client.request("GET", "/admin/claims/claim/")
                ok, detail = status == 200 and "result_list" in body, f"HTTP {status}"
            else:
                statement = f"{MARK} {self.next_number()}: {secrets.token_hex(4)}"
                data = dict(self.claim_form)
                data["statement"] = statement
                data["csrfmiddlewaretoken"] = self.client.cookies.get("csrftoken", "")
                status, location, body = self.client.request(
                    "POST", "/admin/claims/claim/add/", data
                )
                ok = status == 302 and "/add/" not in location
                detail = f"HTTP {status}"
                if status == 200:
                    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
                    detail += " form errors: " + " | ".join(errors)[:300]
        except (OSError, http.client.HTTPException) as error:
            ok, detail = False, f"{type(error).__name__}: {error}"
        ended = time.monotonic()
        with self.lock:
            self.results.append(Result(kind, started, ended, ok, detail))
            if ok and statement:
                self.acknowledged.append(statement)

    def worker(self, number: int) -> None:
        kinds = ["desk", "add claim", "claim list", "add claim"]
        step = number
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            if len(self.results) >= MAX_REQUESTS:
                break
            self.one(kinds[step % len(kinds)])
            step += 1
            time.sleep(PAUSE)


# --- The run ------------------------------------------------------------------------------


def django(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise FaultRunError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def query(env: dict, sql: str) -> list[tuple]:
    """Rows from the private cluster, through psycopg (installed with the app)."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        return connection.execute(sql).fetchall()


def claim_form(client: Client, env: dict) -> dict[str, str]:
    """The admin's add-claim form with its defaults, filled in for one demo claim."""
    status, _, body = client.request("GET", "/admin/claims/claim/add/")
    if status != 200:
        raise FaultRunError(f"the admin's add-claim form answered HTTP {status}")
    parser = FormFields("claim_form")
    parser.feed(body)
    form = {k: v for k, v in parser.fields.items() if "__prefix__" not in k}
    ids = dict(query(env, "SELECT name, id FROM claims_source"))
    document = query(env, "SELECT id FROM claims_document ORDER BY id LIMIT 1")[0][0]
    question = query(env, "SELECT id FROM claims_question ORDER BY id LIMIT 1")[0][0]
    form.update({
        "document": str(document),
        "speaker": str(ids["Vasily Malayev"]),
        "questions": str(question),
        "quote": "438 Ukrainian soldiers had reached Russia",
        "certainty": "asserted",
        "status": "open",
        "relay_links-TOTAL_FORMS": "2",
        "relay_links-INITIAL_FORMS": "0",
        "relay_links-0-source": str(ids["Interfax"]),
        "relay_links-0-position": "1",
        "relay_links-1-source": str(ids["The Moscow Times"]),
        "relay_links-1-position": "2",
        "_save": "Save",
    })
    return form


def check_rows(env: dict, acknowledged: list[str]) -> tuple[list[str], int]:
    """Half-written, lost, duplicated or orphaned rows; empty when all is whole."""
    problems = []
    rows = query(
        env,
        f"""
        SELECT c.statement,
               (SELECT count(*) FROM claims_claimrelay r WHERE r.claim_id = c.id),
               (SELECT count(*) FROM claims_claim_questions q WHERE q.claim_id = c.id),
               (SELECT count(*) FROM claims_historicalclaim h WHERE h.id = c.id)
        FROM claims_claim c WHERE c.statement LIKE '{MARK} %'
        """,
    )
    for statement, relays, questions, history in rows:
        if (relays, questions) != (2, 1) or history < 1:
            problems.append(
                f"half-written claim {statement!r}: {relays} relays, {questions} questions, "
                f"{history} history rows"
            )
    stored = [row[0] for row in rows]
    if len(stored) != len(set(stored)):
        problems.append("a claim was written twice")
    for statement in sorted(set(acknowledged) - set(stored)):
        problems.append(f"lost: {statement!r} was acknowledged but is not in the database")
    orphans = query(
        env,
        """
        SELECT 'relay', count(*) FROM claims_claimrelay r
            LEFT JOIN claims_claim c ON c.id = r.claim_id WHERE c.id IS NULL
        UNION ALL
        SELECT 'question membership', count(*) FROM claims_claim_questions q
            LEFT JOIN claims_claim c ON c.id = q.claim_id WHERE c.id IS NULL
        """,
    )
    problems += [f"{count} orphaned {what} rows" for what, count in orphans if count]
    return problems, len(stored)


def run(duration: float, outage: float, threads: int, pg_port: int) -> int:
    if os.geteuid() != 0:
        raise FaultRunError("run as root: the private cluster runs as the postgres OS user")
    if not port_is_free(pg_port):
        raise FaultRunError(f"port {pg_port} is in use: pass --pg-port")
    folder = Path(tempfile.mkdtemp(prefix="factdesk-faults-"))
    cluster = Cluster(folder, pg_port)
    gunicorn = None
    try:
        log(f"private PostgreSQL in {folder} on 127.0.0.1:{pg_port} ({cluster.bin})")
        cluster.init()
        cluster.start()
        cluster.createdb("factdesk")

        # Production settings (DEBUG off), with static files collected into the run's folder.
        (folder / "fault_settings.py").write_text(
            "from factdesk.settings import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(folder / 'static')!r}\n"
        )
        env = {
            **os.environ,
            "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "fault_settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/factdesk",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
        }
        log("migrate, collectstatic, load the demo desk")
        django(env, "migrate", "--no-input", "-v", "0")
        django(env, "collectstatic", "--no-input", "-v", "0")
        django(env, "load_demo")
        password = secrets.token_urlsafe(16)
        django(env, "create_desk_user", USERNAME, "--role", "admin", "--password", password)

        port = free_port()
        binary = str(Path(sys.executable).parent / "gunicorn")
        command = [
            binary, "factdesk.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
            "--timeout", "30", "--graceful-timeout", "5", "--chdir", str(ROOT),
            "--error-logfile", str(folder / "gunicorn.log"),
        ]
        helptext = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
        if "--no-control-socket" in helptext:  # gunicorn 24+: no socket left in ~/.gunicorn
            command.append("--no-control-socket")
        gunicorn = subprocess.Popen(
            command,
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = Client(port)
        for _ in range(100):
            try:
                if client.request("GET", "/login/", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if gunicorn.poll() is not None:
                raise FaultRunError("gunicorn exited at start: see its log")
            time.sleep(0.2)
        client.login(USERNAME, password)
        form = claim_form(client, env)
        log(f"gunicorn on 127.0.0.1:{port}, 2 workers; logged in as {USERNAME}")

        started = time.monotonic()
        load = Load(client, form, deadline=started + duration)
        workers = [
            threading.Thread(target=load.worker, args=(n,), daemon=True) for n in range(threads)
        ]
        for worker in workers:
            worker.start()
        log(f"load: {threads} threads for {duration:.0f} s; PostgreSQL stops at "
            f"{duration * 0.4:.0f} s for {outage:.0f} s")
        time.sleep(duration * 0.4)
        down_at = time.monotonic()
        cluster.stop("fast")
        log("PostgreSQL stopped (pg_ctl stop -m fast)")
        time.sleep(outage)
        cluster.start()
        while not cluster.is_ready():
            time.sleep(0.05)
        back_at = time.monotonic()
        log(f"PostgreSQL back after {back_at - down_at:.1f} s")
        for worker in workers:
            worker.join(timeout=duration + 60)
        load.stop.set()

        results = sorted(load.results, key=lambda r: r.started)
        # A request in flight when PostgreSQL stopped belongs to the outage.
        before = [r for r in results if r.ended < down_at]
        during = [r for r in results if r.ended >= down_at and r.started < back_at]
        after = [r for r in results if r.started >= back_at]
        first_success = next((r for r in after if r.ok), None)
        recovery = first_success.ended - back_at if first_success else None
        errors_before = [r for r in before if not r.ok]
        errors_during = [r for r in during if not r.ok]
        errors_after = [r for r in after if not r.ok]
        problems, written = check_rows(env, load.acknowledged)

        print()
        print(f"requests total: {len(results)}")
        for kind in ("desk", "claim list", "add claim"):
            count = sum(r.kind == kind for r in results)
            print(f"  {kind}: {count}")
        print(f"requests before the outage: {len(before)}, errors: {len(errors_before)}")
        print(f"database down for: {back_at - down_at:.1f} s")
        print(f"requests during the outage: {len(during)}")
        print(f"errors during outage: {len(errors_during)}")
        print(f"requests after recovery: {len(after)}")
        print(f"errors after recovery: {len(errors_after)}")
        if recovery is None:
            print("recovery time: never (no success after the database came back)")
        else:
            print(f"recovery time: {recovery:.2f} s")
        print(f"claims acknowledged: {len(load.acknowledged)}, claims in the database: {written}")
        print(f"half-written or lost rows: {len(problems)}")
        for problem in problems[:20]:
            print(f"  {problem}")
        for r in (errors_before + errors_after)[:10]:
            print(f"  error: {r.kind} at {r.started - started:.1f} s: {r.detail}")
        failed = bool(errors_after or errors_before or problems or recovery is None)
        print("result: " + ("FAIL" if failed else "ok"))
        return 1 if failed else 0
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        cluster.teardown()
        log_file = folder / "gunicorn.log"
        if log_file.exists() and os.environ.get("FAULTS_SHOW_LOG"):
            print(log_file.read_text()[-5000:])
        shutil.rmtree(folder, ignore_errors=True)


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--short", action="store_true", help="about 20 seconds, for CI")
    parser.add_argument("--outage", type=float, default=3, help="seconds PostgreSQL stays down")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--pg-port", type=int, default=PG_PORT, help="the private cluster's port")
    args = parser.parse_args()
    duration = 12 if args.short else args.duration
    if not 5 <= duration <= 3600 or not 0 <= args.outage <= 60 or not 1 <= args.threads <= 32:
        parser.error("--duration 5..3600 s, --outage 0..60 s, --threads 1..32")

    # SIGTERM (a CI timeout) ends the run through the same clean-up as Ctrl-C.
    signal.signal(signal.SIGTERM, interrupted)
    try:
        return run(duration, args.outage, args.threads, args.pg_port)
    except FaultRunError as error:
        print(f"faults: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("faults: interrupted; cluster and gunicorn stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
