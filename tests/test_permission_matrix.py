"""Who may do what, for every URL of the app, as DOMAIN.md's role table says.

The URLs come from the URL configuration itself: a view added to claims/urls.py
without a row in EXPECTED fails test_every_url_of_the_app_is_in_the_matrix, and
a row whose answers do not match the view fails its cell below.

The Django admin ("admin:" names) has its own matrix at the end: only admins use it.

Left out, with the reason:
- "login" and "logout": Django's own auth views, public by design (anyone may
  see the login form and post to log out); test_auth.py covers them.
- the JSON API ("api:" names): a token, not a session, says who calls it, and it
  answers problem details, not redirects; its own matrix is tests/test_api_permissions.py.
- a user's own API tokens page ("accounts:" names): open to anyone logged in, a
  user without a role too (their tokens may do nothing); tests/test_api_tokens.py.

Each cell is the exact status the role gets. A GET is sent as it is; a POST
carries a valid minimal payload (PAYLOADS), so an allowed role's answer is the
success answer (a redirect after the action, or the page), and a refused
role's answer is 403 with nothing written to the database (400 where a page answers
in place with nothing written).
"""

import base64
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import services
from claims.forms.documents import DocumentEditForm, initial_from_claim
from claims.models import Claim, ClaimLink, Document, Notification, Source, SuggestedPair

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "editor", "reviewer", "admin")
USER_FIXTURES = {
    "outsider": "outsider",
    "editor": "editor",
    "reviewer": "reviewer",
    "admin": "admin_user",
}
# The Django admin site (its own matrix, at the end), the API and the tokens page (see the
# module's docstring).
EXCLUDED_NAMESPACES = {"admin", "api", "accounts"}
EXCLUDED_NAMES = {"login", "logout"}  # Django's auth views: see the module's docstring

# Anyone not logged in is sent to the login page; a logged-in user with no role is refused.
DESK = {"anonymous": 302, "outsider": 403}
EVERY_ROLE = {**DESK, "editor": 200, "reviewer": 200, "admin": 200}

REVIEWERS = {**DESK, "editor": 403, "reviewer": 302, "admin": 302}
EVERY_ROLE_POSTS = {**DESK, "editor": 302, "reviewer": 302, "admin": 302}

EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "claims:home": {"GET": EVERY_ROLE},
    # the inbox: its lists, assignment (reviewers take, admins give), notifications, the poll
    "claims:inbox-section": {"GET": EVERY_ROLE},
    "claims:pair-assign": {"POST": REVIEWERS},
    "claims:link-assign": {"POST": REVIEWERS},
    "claims:notification-list": {"GET": EVERY_ROLE},
    "claims:notification-read": {"POST": EVERY_ROLE_POSTS},
    "claims:desk-changes": {"GET": EVERY_ROLE},
    "claims:question-watch": {"POST": EVERY_ROLE_POSTS},
    # documents and claims
    "claims:document-list": {"GET": EVERY_ROLE},
    "claims:document-create": {
        "GET": EVERY_ROLE,
        "POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302},
    },
    # Reading a page from a URL fills the form to confirm: nothing is saved (the payload
    # names a URL already on the desk, so that no request leaves the test).
    "claims:document-fetch": {"POST": {**DESK, "editor": 400, "reviewer": 400, "admin": 400}},
    "claims:document-detail": {"GET": EVERY_ROLE},
    # The seed document is not the editor's own: editors edit only their own documents.
    "claims:document-edit": {
        "GET": {**DESK, "editor": 403, "reviewer": 200, "admin": 200},
        "POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302},
    },
    "claims:claim-create": {"POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}},
    "claims:preview-when": {"GET": EVERY_ROLE},
    "claims:preview-quantity": {"GET": EVERY_ROLE},
    "claims:preview-certainty": {"GET": EVERY_ROLE},
    "claims:claim-list": {"GET": EVERY_ROLE},
    "claims:claim-list-csv": {"GET": EVERY_ROLE},
    "claims:claim-import": {
        "GET": EVERY_ROLE,
        "POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302},
    },
    "claims:claim-detail": {"GET": EVERY_ROLE},
    # The seed claim is not the editor's own: editors edit only their own claims.
    "claims:claim-edit": {
        "GET": {**DESK, "editor": 403, "reviewer": 200, "admin": 200},
        "POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302},
    },
    "claims:source-picker-create": {
        "POST": {**DESK, "editor": 200, "reviewer": 200, "admin": 200}
    },
    "claims:source-picker": {"GET": EVERY_ROLE},
    "claims:filter-names": {"GET": EVERY_ROLE},
    # compare, links, questions, review queue
    "claims:compare": {"GET": EVERY_ROLE},
    "claims:claim-picker": {"GET": EVERY_ROLE},
    "claims:claim-links": {"GET": EVERY_ROLE},
    "claims:claim-suggestions": {"GET": EVERY_ROLE},
    "claims:suggestion-dismiss": {"POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}},
    "claims:suggestion-restore": {"POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}},
    "claims:link-create": {"POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}},
    "claims:link-detail": {"GET": EVERY_ROLE},
    # The seed link was not proposed by the editor: an editor removes only their own.
    "claims:link-remove": {"POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}},
    "claims:link-resolve": {"POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}},
    "claims:link-reopen": {"POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}},
    "claims:question-list": {"GET": EVERY_ROLE},
    "claims:question-list-csv": {"GET": EVERY_ROLE},
    "claims:claimreview-desk": {"GET": EVERY_ROLE},
    "claims:claimreview-question": {"GET": EVERY_ROLE},
    "claims:question-create": {
        "GET": EVERY_ROLE,
        "POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302},
    },
    "claims:question-detail": {"GET": EVERY_ROLE},
    "claims:question-assign": {
        "POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}
    },
    "claims:question-unassign": {
        "POST": {**DESK, "editor": 302, "reviewer": 302, "admin": 302}
    },
    "claims:review-queue": {"GET": EVERY_ROLE},
    "claims:review-queue-csv": {"GET": EVERY_ROLE},
    # sources: only admins grade and merge; reviewers grade a claim's credibility
    "claims:source-list": {"GET": EVERY_ROLE},
    "claims:source-list-csv": {"GET": EVERY_ROLE},
    # A file with grades: only admins import those.
    "claims:source-import": {
        "GET": EVERY_ROLE,
        "POST": {**DESK, "editor": 400, "reviewer": 400, "admin": 302},
    },
    "claims:source-detail": {"GET": EVERY_ROLE},
    "claims:source-grade": {"POST": {**DESK, "editor": 403, "reviewer": 403, "admin": 302}},
    # reviewers and admins add a source's other names and say what it belongs to
    "claims:source-alias": {"POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}},
    "claims:source-affiliation": {
        "POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}
    },
    "claims:source-merge": {
        "GET": {**DESK, "editor": 403, "reviewer": 403, "admin": 200},
        "POST": {**DESK, "editor": 403, "reviewer": 403, "admin": 302},
    },
    "claims:claim-credibility": {
        "POST": {**DESK, "editor": 403, "reviewer": 302, "admin": 302}
    },
}


# --- The URL configuration ------------------------------------------------------------------


def app_urls(patterns=None, namespaces=(), prefix=""):
    """(name, route, converters) for every URL, recursing into includes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from app_urls(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name or "",))
            yield name, prefix + str(entry.pattern), getattr(entry.pattern, "converters", {})


def covered_urls() -> dict[str, tuple[str, dict]]:
    return {
        name: (route, converters)
        for name, route, converters in app_urls()
        if name.split(":")[0] not in EXCLUDED_NAMESPACES and name not in EXCLUDED_NAMES
    }


# --- The seed desk, and what each URL needs from it ------------------------------------------


@pytest.fixture
def desk(seed_without_body):
    claims = seed_without_body
    link = ClaimLink.between(claims["438"], claims["too-early"])
    return SimpleNamespace(
        claims=claims,
        claim=claims["438"],
        document=claims["438"].document,
        link=link,
        question=claims["438"].questions.get(),
        source=Source.objects.get(name="Interfax"),
        pair=SuggestedPair.objects.order_by("pk").first(),
    )


# The object an int kwarg names, by the route's first segment ("links/<int:pk>/..." -> link).
OBJECT_BY_SEGMENT = {
    "documents": "document",
    "claims": "claim",
    "links": "link",
    "questions": "question",
    "sources": "source",
    "pairs": "pair",
}
# Values for str kwargs, by the kwarg's name.
STRINGS = {"which": "said", "field": "speaker", "what": "speaker", "section": "new"}


def url_kwargs(route: str, converters: dict, desk) -> dict:
    kwargs = {}
    for name, converter in converters.items():
        if converter.regex == "[0-9]+":
            segment = route.split("/")[0]
            assert segment in OBJECT_BY_SEGMENT, (
                f"{route}: add which seed object <{name}> names to OBJECT_BY_SEGMENT"
            )
            kwargs[name] = getattr(desk, OBJECT_BY_SEGMENT[segment]).pk
        else:
            assert name in STRINGS, f"{route}: add a value for <{name}> to STRINGS"
            kwargs[name] = STRINGS[name]
    return kwargs


def form_data(initial: dict) -> dict:
    """A form's initial values as the browser would post them."""
    data = {}
    for key, value in initial.items():
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list):
            data[key] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def resolved(desk) -> None:
    """The seed contradiction resolved, so that it can be reopened."""
    desk.link = services.contradiction_resolve(
        link=desk.link,
        outcome=ClaimLink.Outcome.SECOND_UPHELD,
        rationale="Too early was right.",
        by=None,
        expected_version=desk.link.version,
    )


def unread(desk) -> None:
    """A notification for every user, unread, so that one can be marked read."""
    Notification.objects.bulk_create(
        Notification(user=user, event=Notification.Event.PROPOSED, link=desk.link)
        for user in get_user_model().objects.all()
    )



def dismissed(desk) -> None:
    """The pair of the seed's 438 and the drills dismissed, so that it can be restored."""
    services.suggestion_dismiss(claim=desk.claim, other=desk.claims["drills"], by=None)

# POSTs that write nothing by design: a picker's "Create" only chooses the new name, which
# the form's save makes (claims.pickers), so that an abandoned form leaves nothing behind.
WRITES_NOTHING = {"claims:source-picker-create"}


# What must hold before a URL is asked (by URL name).
PREPARE = {
    "claims:link-reopen": resolved, "claims:suggestion-restore": dismissed,
    "claims:notification-read": unread,
}

PAYLOADS = {
    "claims:document-create": lambda d: {
        "title": "Border guards count the crossings",
        "published_at": "2014-08-05 09:00",
        "language": "en",
    },
    "claims:document-edit": lambda d: {
        **form_data(DocumentEditForm(instance=d.document).initial),
        "title": "Hundreds of Ukrainian soldiers cross into Russia",
    },
    "claims:document-fetch": lambda d: {"fetch_url": d.document.url},
    "claims:claim-import": lambda d: {"confirm": "1", "content": b64(
        "statement,speaker,speaker_kind,document_url\n"
        f"The crossing was orderly.,Vasily Malayev,person,{d.document.url}\n"
    )},
    "claims:source-import": lambda d: {"confirm": "1", "content": b64(
        "name,kind,reliability\nHarbour Gazette,outlet,B\n"
    )},
    "claims:claim-create": lambda d: {
        "statement": "The crossing was orderly.",
        "speaker": Source.objects.get(name="Vasily Malayev").pk,
    },
    "claims:claim-edit": lambda d: {
        **form_data(initial_from_claim(d.claim)),
        "statement": "438 Ukrainian soldiers reached Russia on Monday.",
    },
    "claims:source-picker-create": lambda d: {
        "create_source": "speaker",
        "speaker_q": "A new spokesman",
        "speaker_kind": "person",
    },
    "claims:link-create": lambda d: {
        "first": d.claims["drills"].pk,
        "second": d.claims["casualties"].pk,
        "kind": "supports",
    },
    "claims:link-remove": lambda d: {},
    "claims:suggestion-dismiss": lambda d: {"other": d.claims["drills"].pk},
    "claims:suggestion-restore": lambda d: {"other": d.claims["drills"].pk},
    "claims:link-resolve": lambda d: {
        "outcome": ClaimLink.Outcome.FIRST_UPHELD,
        "rationale": "The border service's count was confirmed.",
        "version": d.link.version,
    },
    "claims:link-reopen": lambda d: {"version": d.link.version},
    "claims:question-create": lambda d: {"text": "Who fired on the soldiers?"},
    "claims:question-assign": lambda d: {"claim": d.claims["drills"].pk},
    "claims:question-unassign": lambda d: {"claim": d.claim.pk},
    "claims:source-grade": lambda d: {"grade": "C", "reason": "Two uncorrected errors."},
    "claims:source-alias": lambda d: {"alias": "Интерфакс"},
    "claims:source-affiliation": lambda d: {"affiliation": "Ukrainian military", "loaded": ""},
    "claims:source-merge": lambda d: {"survivor": "RIA Novosti", "confirm": "on"},
    "claims:claim-credibility": lambda d: {"credibility": "2", "version": d.claim.version},
    "claims:pair-assign": lambda d: {"to": "me"},
    "claims:link-assign": lambda d: {"to": "me"},
    "claims:notification-read": lambda d: {},
    "claims:question-watch": lambda d: {"watch": "on"},
}


def b64(text: str) -> str:
    """A CSV file as the import's confirm button carries it."""
    return base64.b64encode(text.encode()).decode()


def footprint() -> dict:
    """Every table's row count, and the fields an action changes in place."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("claims", "accounts", "auth")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }
    return {
        **counts,
        "grades": sorted(Source.objects.values_list("pk", "reliability")),
        "documents": sorted(Document.objects.values_list("pk", "updated_at")),
        "claims": sorted(Claim.objects.values_list("pk", "version", "credibility", "status")),
        "links": sorted(ClaimLink.objects.values_list("pk", "version", "status", "assignee")),
        "unread": Notification.objects.filter(read_at__isnull=True).count(),
    }


class Refused(Exception):
    """Raised to roll back one role's request once its answer is recorded."""


def rows():
    for name, methods in EXPECTED.items():
        for method in methods:
            yield pytest.param(name, method, id=f"{name}-{method}")


def ask(client, request, desk, name: str, method: str, role: str) -> str | None:
    """One cell: what went wrong, or None when the role got the matrix's answer."""
    route, converters = covered_urls()[name]
    path = reverse(name, kwargs=url_kwargs(route, converters, desk))
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(USER_FIXTURES[role]))
    expected = EXPECTED[name][method][role]
    before = footprint()
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, PAYLOADS[name](desk))
    where = f"{role} {method} {path}"
    if response.status_code != expected:
        return f"{where}: {response.status_code}, the matrix says {expected}"
    if role == "anonymous":
        if response["Location"] != f"{reverse('login')}?next={quote(path, safe='/')}":
            return f"{where}: sent to {response['Location']}, not to log in"
    elif expected == 302 and response["Location"].startswith(reverse("login")):
        return f"{where}: sent to log in again"
    # 400: answered in place with nothing saved (a page read from a URL to confirm first;
    # a file of grades from a role that may not grade).
    if role == "anonymous" or expected in (400, 403):
        if footprint() != before:
            return f"{where}: refused, yet the database changed"
    elif method == "POST" and name in WRITES_NOTHING:
        if footprint() != before:
            return f"{where}: it writes nothing by design, yet the database changed"
    elif method == "POST" and footprint() == before:
        return f"{where}: allowed, yet nothing was saved"
    return None


# --- The tests ----------------------------------------------------------------------------------


def test_every_url_of_the_app_is_in_the_matrix():
    names = [name for name, _, _ in app_urls()]
    urls = covered_urls()
    unnamed = [route for name, (route, _) in urls.items() if name.endswith(":") or not name]
    assert not unnamed, f"every URL needs a name to be in the permission matrix: {unnamed}"
    missing = sorted(set(urls) - set(EXPECTED))
    assert not missing, f"add it to the matrix in tests/test_permission_matrix.py: {missing}"
    stale = sorted(set(EXPECTED) - set(urls))
    assert not stale, f"no longer in the URL configuration, take it out of the matrix: {stale}"
    # Every desk URL is covered: nothing of the "claims" namespace is left out.
    claims_urls = {name for name in names if name.startswith("claims:")}
    assert claims_urls and claims_urls <= set(EXPECTED)


def test_every_row_of_the_matrix_answers_for_every_role_and_has_its_payload():
    for name, methods in EXPECTED.items():
        assert methods and set(methods) <= {"GET", "POST"}, name
        for method, answers in methods.items():
            assert set(answers) == set(ROLES), (name, method)
            assert answers["anonymous"] == 302 and answers["outsider"] == 403, (name, method)
            if method == "POST":
                assert name in PAYLOADS, f"{name}: add a valid minimal payload to PAYLOADS"


@pytest.mark.parametrize(("name", "method"), list(rows()))
def test_each_role_gets_the_answer_domain_md_gives(client, request, desk, name, method):
    for role in USER_FIXTURES.values():
        request.getfixturevalue(role)  # the users exist before any request is rolled back
    if name in PREPARE:
        PREPARE[name](desk)
    wrong = []
    for role in ROLES:
        # Each role starts from the same desk: its request is rolled back afterwards.
        try:
            with transaction.atomic():
                wrong.append(ask(client, request, desk, name, method, role))
                raise Refused
        except Refused:
            pass
    wrong = [line for line in wrong if line]
    assert not wrong, "\n".join(wrong)


def test_a_method_a_url_does_not_take_is_refused(client, admin_user, desk):
    client.force_login(admin_user)
    for name, (route, converters) in covered_urls().items():
        path = reverse(name, kwargs=url_kwargs(route, converters, desk))
        for method in {"GET", "POST"} - set(EXPECTED[name]):
            response = client.generic(method, path)
            assert response.status_code == 405, f"{method} {path}: {response.status_code}"


def test_an_anonymous_visitor_is_sent_to_log_in_whatever_the_method(client, desk):
    for name, (route, converters) in covered_urls().items():
        path = reverse(name, kwargs=url_kwargs(route, converters, desk))
        for method in ("GET", "POST"):
            response = client.generic(method, path)
            assert response.status_code == 302, f"{method} {path}"
            assert response["Location"] == f"{reverse('login')}?next={quote(path, safe='/')}"


def test_an_editor_may_edit_their_own_claim_and_remove_their_own_open_link(
    client, editor, desk
):
    claim = desk.claim
    Claim.objects.filter(pk=claim.pk).update(created_by=editor)
    claim.refresh_from_db()
    client.force_login(editor)
    edit = reverse("claims:claim-edit", args=[claim.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {**form_data(initial_from_claim(claim)), "statement": "438 reached Russia."}
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "438 reached Russia."

    link = desk.link
    ClaimLink.objects.filter(pk=link.pk).update(proposed_by=editor)
    assert client.post(reverse("claims:link-remove", args=[link.pk])).status_code == 302
    assert not ClaimLink.objects.filter(pk=link.pk).exists()


# --- The Django admin -----------------------------------------------------------------------
#
# Only the desk's admins use the admin (factdesk/admin.py): anyone not logged in is sent to
# the admin's login page and any other logged-in user is refused, on every admin URL. What
# an admin is answered follows from the model's admin (claims/admin.py) and the admin role's
# permissions (accounts/roles.py).

ADMIN_FOR_OTHERS = {"anonymous": "login", "outsider": 403, "editor": 403, "reviewer": 403}
# What an admin is answered, where it is not 200.
ADMIN_ANSWERS = {
    "admin:login": 302,  # already logged in: on to the index
    "admin:logout": 405,  # a POST only
    "admin:autocomplete": 403,  # asked without its parameters
    "admin:view_on_site": 302,  # to the desk's page of the row
    "admin:password_change_done": 200,
    # The grade history is written by the grading page alone: read, never added or deleted.
    "admin:claims_gradechange_add": 403,
    "admin:claims_gradechange_delete": 403,
    # Groups are made by the roles' migration: an admin reads them.
    "admin:auth_group_add": 403,
    "admin:auth_group_delete": 403,
    # django-axes' records, which the admin role holds no permission on.
    **{f"admin:axes_{model}_{view}": 403
       for model in ("accessattempt", "accesslog", "accessfailurelog")
       for view in ("changelist", "add", "history", "delete", "change")},
    "admin:": 302,  # a row's bare URL: on to its change page
    "admin:catch_all": 404,
}
# The row each admin URL names, by its model's label.
ADMIN_MODELS = ("auth_group", "accounts_user", "claims_source", "claims_gradechange",
                "claims_sourcealias", "claims_document", "claims_claim", "claims_question",
                "claims_claimlink", "axes_accessattempt", "axes_accesslog",
                "axes_accessfailurelog")


def admin_rows(desk, users) -> dict[str, object]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from claims.models import GradeChange, Question, SourceAlias

    source = desk.source
    source.set_reliability("B", reason="Two corrections in a year.", by=users["admin"])
    alias = SourceAlias.objects.create(source=source, name="Interfax news agency")
    when = {"ip_address": "10.0.0.1", "user_agent": "test", "username": "edna"}
    return {
        "auth_group": Group.objects.get(name="editor"),
        "accounts_user": users["editor"],
        "claims_source": source,
        "claims_gradechange": GradeChange.objects.filter(source=source).first(),
        "claims_sourcealias": alias,
        "claims_document": desk.document,
        "claims_claim": desk.claim,
        "claims_question": Question.objects.first(),
        "claims_claimlink": desk.link,
        "axes_accessattempt": AccessAttempt.objects.create(failures_since_start=1, **when),
        "axes_accesslog": AccessLog.objects.create(**when),
        "axes_accessfailurelog": AccessFailureLog.objects.create(**when),
    }


def admin_paths(desk, users) -> list[tuple[str, str]]:
    """(name, path) of every admin URL, each naming a row of the desk where it takes one."""
    from django.contrib.contenttypes.models import ContentType

    rows = admin_rows(desk, users)
    paths = []
    for name, route, _ in app_urls():
        if not name.startswith("admin:"):
            continue
        model = next(
            (m for m in ADMIN_MODELS if route.startswith(f"admin/{m.replace('_', '/', 1)}/")),
            None,
        )
        row = rows[model] if model else None
        if "(?P<app_label>" in route:
            paths.append((name, reverse(name, kwargs={"app_label": "claims"})))
        elif route == "admin/(?P<url>.*)$":
            paths.append(("admin:catch_all", "/admin/no/such/page/"))
        elif name == "admin:view_on_site":
            kind = ContentType.objects.get_for_model(desk.claim)
            paths.append((name, reverse(name, args=[kind.pk, desk.claim.pk])))
        elif name.endswith("_simple_history"):
            version = row.history.earliest("history_date").history_id
            paths.append((name, reverse(name, args=[row.pk, version])))
        elif name == "admin:auth_user_password_change":
            paths.append((name, reverse(name, kwargs={"id": users["editor"].pk})))
        elif "<path:object_id>" in route:
            path = "/" + route.replace("<path:object_id>", str(row.pk))
            paths.append((name, path))
        else:
            paths.append((name, reverse(name)))
    return paths


def admin_answer(name: str, role: str) -> int | str:
    if name == "admin:login":
        return 302 if role == "admin" else 200  # the login form; a non-admin is told why
    if role == "admin":
        return ADMIN_ANSWERS.get(name, 200)
    return ADMIN_FOR_OTHERS[role]


def test_every_admin_url_is_in_the_matrix(request, desk):
    users = {role: request.getfixturevalue(f) for role, f in USER_FIXTURES.items()}
    names = {name for name, _ in admin_paths(desk, users)}
    assert "admin:claims_document_change" in names and "admin:claims_source_add" in names
    # Every model the admin shows names its row, and the matrix names nothing stale.
    assert set(ADMIN_ANSWERS) <= names, sorted(set(ADMIN_ANSWERS) - names)
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def test_every_admin_url_answers_each_role_as_the_matrix_says(client, request, desk):
    users = {role: request.getfixturevalue(f) for role, f in USER_FIXTURES.items()}
    wrong = []
    for name, path in admin_paths(desk, users):
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            response = client.get(path)
            expected = admin_answer(name, role)
            if expected == "login":
                sent_to = response.get("Location", "")
                if response.status_code != 302 or not sent_to.startswith(
                    (reverse("admin:login"), reverse("admin:index"))
                ):
                    wrong.append(f"{role} GET {path}: {response.status_code} {sent_to}")
            elif response.status_code != expected:
                wrong.append(f"{role} GET {path}: {response.status_code}, the matrix says "
                             f"{expected}")
    assert not wrong, "\n".join(wrong)


def test_no_one_but_an_admin_writes_through_the_admin(client, request, desk):
    users = {role: request.getfixturevalue(f) for role, f in USER_FIXTURES.items()}
    paths = [(n, p) for n, p in admin_paths(desk, users) if n not in ("admin:login",)]
    before = footprint()
    wrong = []
    for role in ("outsider", "editor", "reviewer"):
        client.force_login(users[role])
        for _name, path in paths:
            response = client.post(path, {"post": "yes", "title": "Mine", "name": "Mine"})
            if response.status_code != 403:
                wrong.append(f"{role} POST {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert footprint() == before
