"""FactDesk settings: one file, driven by environment variables.

Every setting a deployment may change is read from the environment here; the
README has the table. SQLite is the default so that a fresh checkout runs with
no server; DATABASE_URL=postgres://... switches to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django.forms
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Read KEY=value lines from a local .env file without overriding the environment.

    `make` writes one with DEBUG=1 and a random SECRET_KEY for development; a
    deployment sets real environment variables instead and has no such file.
    """
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            os.environ.setdefault(key.strip(), value.strip())


load_env_file(BASE_DIR / ".env")


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: DEBUG is on, so this key never signs a production cookie.
    SECRET_KEY = "dev-only-insecure-key-" + "x" * 40  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "factdesk.apps.DeskAdminConfig",  # django.contrib.admin, for admins only (factdesk/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "ninja",  # the API's docs page: its templates and the Swagger UI as static files
    "accounts",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "factdesk.middleware.NulRefusedMiddleware",
    "factdesk.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factdesk.urls"
WSGI_APPLICATION = "factdesk.wsgi.application"

TEMPLATES = [
    {
        # The app's pages (factdesk/jinja2.py): Jinja2 renders their rows and cards
        # several times faster than Django templates (docs/performance.md).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # Then Django's own Jinja2 widget templates, for every form field.
        "DIRS": [BASE_DIR / "templates", Path(django.forms.__file__).parent / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "factdesk.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The Django admin's own templates.
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# One form renderer for every form: the engines above, so a field renders through
# Django's Jinja2 widget templates, and the admin's own widgets through its templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'factdesk.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A long-lived SQLite connection is cheap; no pooling or health checks needed.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
else:
    # PostgreSQL planner settings for the desk's many small concurrent queries
    # (docs/performance.md): the working set is in memory, so an index probe costs about
    # what a sequential read does (the default 4 makes a seq scan of 200,000 links look
    # cheaper than 2,500 probes), and on a few cores a parallel scan only takes CPU from
    # the other requests; JIT compiling spent more (about 10 ms) than the inbox's anti-joins
    # it was compiled for take to run. DATABASE_PLANNER_OPTIONS replaces them ("" for the
    # server's own).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "DATABASE_PLANNER_OPTIONS",
        "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0 -c jit=off",
    )
    # Parameters bound by the server, and a statement prepared once a connection has run
    # it this many times (factdesk/db.py): PostgreSQL then skips parsing and planning it
    # again. "off" for a pooler that cannot keep prepared statements (PgBouncer before
    # 1.21 in transaction mode).
    from factdesk.db import DeskCursor

    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "").strip().lower()
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True,
        cursor_factory=DeskCursor,
        prepare_threshold=None if _prepare == "off" else int(_prepare or 5),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Limits on what one request may carry: a pasted article is large, but not this large.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

# Security. Production (DEBUG off) is secure by default; each can be relaxed by
# its variable, for example behind a proxy that terminates TLS elsewhere.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if envbool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS")

# Content-Security-Policy (django-csp): everything from this origin only, no inline
# script or style, no eval, no framing. htmx is told not to inject its indicator
# <style> and not to eval (the htmx-config meta in base.html). The Django admin
# ships no inline scripts or style attributes, so it runs under the same policy.
SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES; after
# AXES_ADDRESS_FAILURE_LIMIT failed logins from one address under any usernames (password
# spraying), that address is (accounts/lockout.py). Both see templates/registration/locked.html
# (HTTP 429). A success resets that username's count at that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.DeskBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 20)
# The pair first, then the address: accounts.lockout.DeskLockoutHandler reads them so.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.DeskLockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Behind a proxy, set AXES_IPWARE_META_PRECEDENCE_ORDER so the client's address is used.
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist(
    "AXES_IPWARE_META_PRECEDENCE_ORDER", "REMOTE_ADDR"
)

# The JSON API (api/): at most API_RATE requests a token in each API_RATE_WINDOW seconds,
# counted in Django's cache (per process with the default local-memory cache).
API_RATE = envint("API_RATE", 600)
API_RATE_WINDOW = envint("API_RATE_WINDOW", 60)

# History is kept, never rewritten: the admin's "revert to this version" would set a grade
# or an owner without the desk's rules (claims/admin.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Data in and out (issue 17). ClaimReview names the newsroom as its author.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "FactDesk")
# A document from a URL (claims/fetch.py): seconds, bytes and redirects at most; private,
# loopback, link-local and reserved addresses are refused, except in the networks of
# FETCH_ALLOWED_NETWORKS (comma-separated, such as 127.0.0.0/8: the tests serve their
# pages on 127.0.0.1).
FETCH_TIMEOUT = envint("FETCH_TIMEOUT", 10)
FETCH_MAX_BYTES = envint("FETCH_MAX_BYTES", 5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = envint("FETCH_MAX_REDIRECTS", 5)
FETCH_ALLOWED_NETWORKS = envlist("FETCH_ALLOWED_NETWORKS")
# The largest CSV file an import takes. The preview carries it back to confirm in a hidden
# field (base64, a third larger), which must fit in DATA_UPLOAD_MAX_MEMORY_SIZE.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 1024 * 1024)
# The inbox: how often an open page asks whether anything changed (claims/inbox.py), and
# notification mail (claims/notices.py): off unless DESK_NOTIFY_EMAIL; the console backend
# unless EMAIL_BACKEND names another (SMTP: EMAIL_HOST, EMAIL_PORT, ...).
DESK_POLL_SECONDS = envint("DESK_POLL_SECONDS", 15)
DESK_NOTIFY_EMAIL = envbool("DESK_NOTIFY_EMAIL", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factdesk@localhost")
