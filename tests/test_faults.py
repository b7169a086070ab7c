"""bench/faults.py --short: load under gunicorn on a private PostgreSQL that restarts midway."""

import glob
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _skip_reason() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # The script brings its own PostgreSQL whatever the suite runs on, so CI
        # runs it once, in the PostgreSQL pass, rather than twice.
        return "runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)"
    if os.geteuid() != 0:
        return "the fault script runs its private PostgreSQL as the postgres OS user: needs root"
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "no initdb under /usr/lib/postgresql/*/bin: PostgreSQL server is not installed"
    return None


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_the_app_answers_normally_after_postgresql_restarts_and_loses_nothing():
    dropped = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    # A free port rather than the default 55432, so that two test runs at once do not clash.
    result = subprocess.run(
        [sys.executable, "bench/faults.py", "--short", "--pg-port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "errors after recovery: 0" in output
    assert "half-written or lost rows: 0" in output
    lines = [line for line in result.stdout.splitlines() if ": " in line and "[" not in line]
    figures = dict(line.split(": ", 1) for line in lines)
    assert int(figures["requests total"]) > 50
    # The outage was real: requests failed while the database was down...
    assert int(figures["errors during outage"]) > 0
    # ...and the app answered again within seconds of the database's return.
    assert float(figures["recovery time"].removesuffix(" s")) < 5
    print(output)
