"""Home (the inbox), its lists, assignment, notifications and the poll of open pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from factdesk.jinja2 import render

from .. import inbox, notices, services_inbox
from ..claim_rows import PER_PAGE
from ..ids import parse_id
from ..models import ClaimLink, Question, SuggestedPair
from ..paging import KeysetPage, desk_counts
from ..paths import url

CHANGED_EVENT = "deskChanged"
ASSIGNED_EVENT = "reviewAssigned"
SECTIONS = {
    "new": "Claims logged since your last visit",
    "unquestioned": "Claims on no question",
    "pairs": "Suggested pairs nobody has linked or dismissed",
    "decided": "Your proposals resolved or dismissed",
}


def _next(request: HttpRequest, fallback: str) -> str:
    where = request.POST.get("next", "")
    if where and url_has_allowed_host_and_scheme(
        where, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return where
    return fallback


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The inbox refreshing itself (htmx, aimed at #inbox) is not a visit: "since" stays.
    refresh = bool(request.htmx) and request.htmx.target == "inbox"
    since = services_inbox.desk_visit(request.user, refresh=refresh)
    context = {"inbox": inbox.inbox_of(request.user, since), "reviewers": _reviewers(request.user)}
    if refresh:
        return render(request, "claims/home.html", context, block="inbox")
    context["counts"] = desk_counts()
    return render(request, "claims/home.html", context)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def inbox_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404("No such list.")
    context = {"section": section, "title": SECTIONS[section], "query": ""}
    if section in ("new", "unquestioned"):
        since = inbox.read_since(request.GET.get("since", "")) if section == "new" else None
        claims = inbox.claims_of_section(section, since).list_rows()
        context["page"] = KeysetPage(
            claims, PER_PAGE, after=request.GET.get("after", ""),
            before=request.GET.get("before", ""), build=inbox.claim_section_rows,
        )
        if since is not None:
            context["query"] = f"since={inbox.since_param(since)}"
    elif section == "pairs":
        assignee = request.GET.get("assignee", "")
        assignee = assignee if assignee in ("me", "none") else ""
        context["pairs"] = inbox.pair_page(
            request.user.pk, assignee=assignee, after=request.GET.get("after", "")
        )
        context["assignee"] = assignee
        context["may_take"] = services_inbox.may_take(request.user)
        context["reviewers"] = _reviewers(request.user)
    else:
        context["links"] = inbox.decided_lines(request.user.pk)
    block = "list" if request.htmx and request.htmx.target == "inbox-list" else None
    return render(request, "claims/inbox_section.html", context, block=block)


def _reviewers(user):
    if not services_inbox.may_assign(user):
        return []
    return inbox.reviewer_choices()


def _assignee(request: HttpRequest):
    """Whom the form gives the item to: "me", "" (nobody) or a user's id (admins)."""
    raw = request.POST.get("to", "")
    if raw == "me":
        return request.user
    if raw == "":
        return None
    pk = parse_id(raw)
    found = get_user_model().objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise Http404("No such user.")
    return found


def _assigned(request: HttpRequest, fallback: str, done: str) -> HttpResponse:
    if request.htmx:
        return trigger_client_event(HttpResponse(status=204), ASSIGNED_EVENT, {})
    messages.success(request, done)
    return redirect(_next(request, fallback))


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def link_assign(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ClaimLink.objects.only("pk", "assignee_id", "kind", "status"), pk=pk)
    to = _assignee(request)
    try:
        services_inbox.link_assign(link=link, to=to, by=request.user)
    except services_inbox.AssignError as exc:
        raise PermissionDenied(str(exc)) from None
    done = f"Assigned to {to.get_username()}." if to else "Unassigned."
    return _assigned(request, url("claims:link-detail", pk), done)


@login_required
@permission_required("claims.resolve_claimlink", raise_exception=True)
@require_POST
def pair_assign(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_object_or_404(SuggestedPair, pk=pk)
    to = _assignee(request)
    try:
        services_inbox.pair_assign(pair=pair, to=to, by=request.user)
    except services_inbox.AssignError as exc:
        raise PermissionDenied(str(exc)) from None
    done = f"Assigned to {to.get_username()}." if to else "Unassigned."
    return _assigned(request, url("claims:inbox-section", "pairs"), done)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("page", "")
    number = min(int(raw), 4000) if raw.isdecimal() and raw != "0" else 1
    rows, more = notices.notice_page(request.user.pk, number)
    context = {"rows": rows, "more": more, "number": number}
    block = "list" if request.htmx and request.htmx.target == "notifications" else None
    return render(request, "claims/notifications.html", context, block=block)


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    pk = parse_id(request.POST.get("notification"))
    notices.mark_read(request.user.pk, pk)
    if request.htmx:
        return trigger_client_event(HttpResponse(status=204), "notificationsRead", {})
    return redirect(_next(request, url("claims:notification-list")))


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def desk_changes(request: HttpRequest) -> HttpResponse:
    """The poll of an open page: 304 when nothing changed since the stamp the page holds
    (If-None-Match), else the header's count with the new stamp and, when the page held an
    older one, the deskChanged event its lists refresh on."""
    stamp = inbox.desk_stamp(request.user.pk)
    etag = f'"{stamp}"'
    held = request.headers.get("If-None-Match", "")
    if held == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    context = {"stamp": etag, "unread": notices.unread_count(request.user.pk),
               "every": settings.DESK_POLL_SECONDS}
    response = render(request, "claims/desk_poll.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    if held:
        trigger_client_event(response, CHANGED_EVENT, {})
    return response


@login_required
@permission_required("claims.view_question", raise_exception=True)
@require_POST
def question_watch(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.only("pk"), pk=pk)
    on = request.POST.get("watch") == "on"
    services_inbox.question_watch(question=question, user=request.user, on=on)
    where = url("claims:question-detail", pk)
    if request.htmx:
        return render(request, "claims/question_watch.html", {"question_pk": pk, "watching": on})
    messages.success(request, "Watching this question." if on else "No longer watching.")
    return redirect(where)
