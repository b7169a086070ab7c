"""Settings come from the environment; production values pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-like-secret-for-the-check-only" + "z" * 10,
    "ALLOWED_HOSTS": "desk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://desk.example.org",
}


def clean_environ() -> dict[str, str]:
    """This process's environment without what the test run itself sets."""
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environ = clean_environ()
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )


def settings_value(expression: str, **env) -> str:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='factdesk.settings';"
        f"from django.conf import settings; print({expression})"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_environ(), **PRODUCTION},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_secret_key_is_required_when_debug_is_off():
    # A local .env never overrides the environment, so an empty key stays empty.
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='factdesk.settings';"
        "from django.conf import settings; settings.DEBUG",
        DEBUG="0",
        SECRET_KEY="",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts():
    values = settings_value(
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS > 0, settings.SECURE_SSL_REDIRECT, settings.DEBUG",
        **PRODUCTION,
    )
    assert values == "True True True True False"


def test_debug_is_off_unless_set():
    assert settings_value("settings.DEBUG", SECRET_KEY="x" * 50, DEBUG="") == "False"


def test_sqlite_is_the_default_database():
    engine = settings_value("settings.DATABASES['default']['ENGINE']", DATABASE_URL="", DEBUG="1")
    assert engine == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql_with_reuse_and_health_checks():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        "settings.DATABASES['default']['CONN_MAX_AGE'],"
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS']",
        DATABASE_URL="postgres://desk:pw@db:5432/factdesk",
        CONN_MAX_AGE="120",
        DEBUG="1",
    )
    assert value == "django.db.backends.postgresql factdesk 120 True"


def test_hosts_and_origins_are_lists_from_the_environment():
    value = settings_value(
        "settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS",
        ALLOWED_HOSTS="a.example, b.example",
        CSRF_TRUSTED_ORIGINS="https://a.example",
        DEBUG="1",
    )
    assert value == "['a.example', 'b.example'] ['https://a.example']"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner settings are PostgreSQL's")
@pytest.mark.django_db
def test_postgresql_connections_carry_the_desks_planner_settings():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
