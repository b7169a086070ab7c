import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run beside one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SEED_ARTICLE = SHARED_DATA / "hundreds-of-ukrainian-soldiers-defect.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parent.parent / "test-results"


@pytest.fixture(scope="session", autouse=True)
def _jinja2_pages_report_their_context():
    """The test client's response.context and response.templates for Jinja2 pages.

    Django instruments its own template engine for tests; this sends the same
    template_rendered signal from the Jinja2 backend's pages and from the blocks that
    factdesk.jinja2.render renders alone.
    """
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    import factdesk.jinja2 as pages

    page_render, block_render = backend.Template.render, pages.render_fragment

    def render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=context or {})
        return page_render(self, context, request)

    def render_fragment(template, block, context, request):
        template_rendered.send(sender=template, template=template, context=context or {})
        return block_render(template, block, context, request)

    backend.Template.render, pages.render_fragment = render, render_fragment
    backend.Template.name = property(lambda self: self.template.name)  # as Django's templates
    yield
    backend.Template.render, pages.render_fragment = page_render, block_render
    del backend.Template.name


@pytest.fixture(autouse=True)
def _plain_test_settings(settings):
    # Tests speak plain HTTP to the test client and need no hashed static manifest.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_body() -> str:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"the seed article is not at {SEED_ARTICLE} (../shared/data is absent)")
    return SEED_ARTICLE.read_text(encoding="utf-8")


def make_user(username: str, role: str | None):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from accounts.management.commands.create_desk_user import create_desk_user
    from accounts.models import User
    from accounts.roles import sync_role_permissions

    # A transactional test's flush removes the groups the data migration made.
    if not Group.objects.filter(name="editor").exists():
        sync_role_permissions(apps)

    if role is None:
        return User.objects.create_user(username=username, password="pw-" + username)
    return create_desk_user(username=username, role=role, password="pw-" + username)


@pytest.fixture
def editor(db):
    return make_user("edna", "editor")


@pytest.fixture
def reviewer(db):
    return make_user("rex", "reviewer")


@pytest.fixture
def admin_user(db):
    return make_user("ada", "admin")


@pytest.fixture
def outsider(db):
    """Logged in, but holding no role."""
    return make_user("otto", None)


@pytest.fixture
def seed(db, seed_body):
    """The seed desk, with the article's body so quotes are anchored."""
    from claims.demo import demo_load

    return demo_load(body=seed_body)


@pytest.fixture
def seed_without_body(db):
    from claims.demo import demo_load

    return demo_load(body="")


# --- Browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def results_dir(request) -> Path:
    """A folder for this test's screenshots: test-results/<test name>/."""
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def login_as(page):
    """Log a test user in through the login form, as a person would."""

    def login(user) -> None:
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-" + user.username)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)

    return login


# CI runs the suite twice, on PostgreSQL and then on SQLite. The browser tests and the
# hostile-input tests check what the browser is sent, whatever the database: .ci/run's
# second pass sets FACTDESK_CI_SECOND_PASS=1 and they run in its first pass only.
DATABASE_INDEPENDENT = ("test_browser_", "test_hostile_input")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("FACTDESK_CI_SECOND_PASS") != "1":
        return
    skip = pytest.mark.skip(
        reason="does not depend on the database; this CI run ran it in its PostgreSQL pass"
    )
    for item in items:
        if item.path.name.startswith(DATABASE_INDEPENDENT):
            item.add_marker(skip)


# --- API ---------------------------------------------------------------------------

# The schemathesis counts of this run (tests/test_api_schemathesis.py), printed at the end.
SCHEMATHESIS_COUNTS = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, config):
    counts = config.stash.get(SCHEMATHESIS_COUNTS, [])
    if counts:
        terminalreporter.write_sep("-", "schemathesis against /api/openapi.json")
        for line in counts:
            terminalreporter.write_line(line)


@pytest.fixture
def api_as(db):
    """api_as(user) -> a test client that sends a fresh token of `user` as its bearer."""
    from django.test import Client

    from accounts.tokens import token_create

    def client_of(user):
        _, token = token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return client_of
