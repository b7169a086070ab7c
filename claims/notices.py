"""Notifications: who hears about an action, made by the service that does it, and the
list a user reads them in.

Each action writes its notifications in one query (``bulk_create``). E-mail is optional
(``settings.DESK_NOTIFY_EMAIL``): the messages are handed over after the transaction
commits (``transaction.on_commit``), so a rolled-back action sends nothing, and with a
backend that talks to a server (SMTP) they are sent from a daemon thread, so that no page
waits for a mail server. The console and in-memory backends send at once: they cost
nothing. A mail that fails is logged, never raised into a page.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.utils import timezone

from .claim_rows import cut
from .models import Claim, ClaimLink, Notification, QuestionWatch
from .paths import url
from .when import shown_time

Event = Notification.Event
log = logging.getLogger(__name__)
PER_PAGE = 25
# Backends that deliver in-process at no cost: sent at once after the commit.
INSTANT_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


# --- Writing -------------------------------------------------------------------------------


def notify(notices: list[Notification]) -> None:
    """Write these notifications (one query) and, if the desk mails them, queue the mail
    for after the commit. Nobody is told about their own action."""
    notices = [n for n in notices if n.user_id is not None and n.user_id != n.actor_id]
    if not notices:
        return
    Notification.objects.bulk_create(notices)
    if getattr(settings, "DESK_NOTIFY_EMAIL", False):
        ids = [n.pk for n in notices]
        transaction.on_commit(lambda: _mail(ids))


def link_proposed(link: ClaimLink, by) -> None:
    """A link was proposed: the editors who logged either claim hear of it; for a
    contradiction, so do the users watching a question either claim is on."""
    loggers = set(
        Claim.objects.filter(pk__in=[link.first_id, link.second_id], created_by__isnull=False)
        .values_list("created_by_id", flat=True)
    )
    notices = [_notice(user, Event.PROPOSED, link, by) for user in sorted(loggers)]
    if link.kind == ClaimLink.Kind.CONTRADICTS:
        notices += [
            _notice(user, Event.DISPUTED, link, by)
            for user in sorted(_watchers([link.first_id, link.second_id]) - loggers)
        ]
    notify(notices)


def link_decided(link: ClaimLink, by) -> None:
    """The proposer hears that their link was resolved or dismissed."""
    event = Event.RESOLVED if link.status == ClaimLink.Status.RESOLVED else Event.DISMISSED
    notify([_notice(link.proposed_by_id, event, link, by)])


def assigned(*, to_id: int | None, by, link: ClaimLink | None = None, first_id=None,
             second_id=None) -> None:
    """Something was given to a reviewer (taking it oneself tells nobody)."""
    if to_id is None:
        return
    if link is not None:
        notify([_notice(to_id, Event.ASSIGNED, link, by)])
    else:
        notify([Notification(user_id=to_id, event=Event.ASSIGNED, claim_id=first_id,
                             other_id=second_id, actor=by)])


def _notice(user_id, event: str, link: ClaimLink, by) -> Notification:
    return Notification(user_id=user_id, event=event, link=link, claim_id=link.first_id,
                        other_id=link.second_id, actor=by)


def _watchers(claim_ids: list[int]) -> set[int]:
    on = Claim.questions.through.objects.filter(claim_id__in=claim_ids).values("question_id")
    return set(QuestionWatch.objects.filter(question__in=on).values_list("user_id", flat=True))


# --- Mail ----------------------------------------------------------------------------------


def _mail(ids: list[int]) -> None:
    rows = list(_rows(Notification.objects.filter(pk__in=ids))) if ids else []
    users = dict(
        get_user_model().objects.filter(pk__in={r.user_id for r in rows}, email__gt="")
        .values_list("pk", "email")
    )
    messages = [
        (f"FactDesk: {row.title}", f"{row.text}\n\n{row.url}", None, [users[row.user_id]])
        for row in rows if row.user_id in users
    ]
    if not messages:
        return
    if settings.EMAIL_BACKEND in INSTANT_BACKENDS:
        _send(messages)
    else:
        threading.Thread(target=_send, args=(messages,), daemon=True).start()


def _send(messages) -> None:
    try:
        send_mass_mail(messages, fail_silently=False, connection=get_connection())
    except Exception:  # a mail server's trouble never reaches a page
        log.exception("notification mail not sent")


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeRow:
    pk: int
    user_id: int
    title: str  # the event in words
    text: str  # what it is about: the two claims' statements
    url: str  # the link's page, or the pair compared
    actor: str
    when: str
    when_iso: str
    unread: bool


def _rows(notices):
    rows = notices.values_list(
        "pk", "user_id", "event", "link_id", "claim_id", "other_id", "actor__username",
        "created_at", "read_at", "claim__statement", "other__statement", named=True,
    )
    labels = dict(Event.choices)
    for row in rows:
        if row.link_id is not None:
            where = url("claims:link-detail", row.link_id)
        else:
            where = url("claims:compare") + f"?a={row.claim_id}&b={row.other_id}"
        text = " / ".join(cut(s or "", 90) for s in (row.claim__statement, row.other__statement))
        when = shown_time(row.created_at)
        yield NoticeRow(
            pk=row.pk, user_id=row.user_id, title=str(labels[row.event]), text=text, url=where,
            actor=row.actor__username or "someone", when=when.text, when_iso=when.iso,
            unread=row.read_at is None,
        )


def notice_page(user_id: int, number: int):
    """(rows of one page of a user's notifications, newest first, whether there are more)."""
    start = (max(number, 1) - 1) * PER_PAGE
    rows = list(_rows(Notification.objects.of_user(user_id)[start : start + PER_PAGE + 1]))
    return rows[:PER_PAGE], len(rows) > PER_PAGE


UNREAD_SHOWN = 99


def unread_count(user_id: int) -> int:
    """Unread notifications, counted up to UNREAD_SHOWN + 1 (shown as "99+")."""
    return Notification.objects.unread(user_id)[: UNREAD_SHOWN + 1].count()


def mark_read(user_id: int, pk: int | None = None) -> int:
    """Mark one notification (or all) of this user read; how many were unread."""
    notices = Notification.objects.unread(user_id)
    if pk is not None:
        notices = notices.filter(pk=pk)
    return notices.update(read_at=timezone.now())

