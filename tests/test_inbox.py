"""The morning inbox: what each list holds, who sees what, assignment and its history,
notifications, and the poll that answers 304 when nothing changed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import inbox, services, services_inbox
from claims.demo import SEED_URL
from claims.models import (
    Claim,
    ClaimLink,
    DeskVisit,
    Document,
    Notification,
    Question,
    Source,
    SuggestedPair,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def log_claim(statement: str, by, **extra) -> Claim:
    return Claim.objects.create(
        document=Document.objects.get(url=SEED_URL), statement=statement,
        speaker=Source.objects.get(name="Vasily Malayev"), created_by=by, **extra,
    )


def a_pair(first: Claim, second: Claim, **extra) -> SuggestedPair:
    a, b = sorted([first.pk, second.pk])
    return SuggestedPair.objects.create(first_id=a, second_id=b, kind="contradicts",
                                        reason="figures differ", score=1.0,
                                        computed_at=timezone.now(), **extra)


# --- The stored suggested pairs --------------------------------------------------------------


def test_the_demo_desk_stores_its_suggested_pairs_in_order_and_none_already_linked(
    seed_without_body
):
    pairs = list(SuggestedPair.objects.values_list("first_id", "second_id"))
    assert pairs
    assert all(first < second for first, second in pairs)
    waiting = set(SuggestedPair.objects.waiting().values_list("first_id", "second_id"))
    for link in ClaimLink.objects.all():
        assert tuple(sorted([link.first_id, link.second_id])) not in waiting


def test_linking_a_suggested_pair_removes_it_and_the_link_keeps_who_had_it(
    seed_without_body, reviewer
):
    pair = SuggestedPair.objects.waiting().first()
    services_inbox.pair_assign(pair=pair, to=reviewer, by=reviewer)
    first, second = Claim.objects.get(pk=pair.first_id), Claim.objects.get(pk=pair.second_id)
    link = services.link_create(first=first, second=second, kind="contradicts",
                                nature="other", by=reviewer)
    assert not SuggestedPair.objects.filter(pk=pair.pk).exists()
    assert ClaimLink.objects.get(pk=link.pk).assignee == reviewer


def test_a_dismissed_pair_is_no_longer_waiting(seed_without_body, reviewer):
    from claims.models import SuggestionDismissal

    pair = SuggestedPair.objects.waiting().first()
    SuggestionDismissal.objects.create(first_id=pair.first_id, second_id=pair.second_id)
    assert pair.pk not in SuggestedPair.objects.waiting().values_list("pk", flat=True)


# --- Assignment ------------------------------------------------------------------------------


def test_a_reviewer_takes_a_contradiction_gives_it_back_and_the_history_keeps_both(
    client, seed_without_body, reviewer
):
    link = ClaimLink.objects.in_queue().first()
    client.force_login(reviewer)
    url = reverse("claims:link-assign", args=[link.pk])
    assert client.post(url, {"to": "me"}).status_code == 302
    assert ClaimLink.objects.get(pk=link.pk).assignee == reviewer
    assert client.post(url, {"to": ""}).status_code == 302
    assert ClaimLink.objects.get(pk=link.pk).assignee is None
    assignees = list(link.history.order_by("history_id").values_list("assignee_id", flat=True))
    assert assignees[-2:] == [reviewer.pk, None]


def test_only_an_admin_gives_a_review_to_someone_else(
    client, seed_without_body, reviewer, admin_user
):
    link = ClaimLink.objects.in_queue().first()
    url = reverse("claims:link-assign", args=[link.pk])
    client.force_login(reviewer)
    assert client.post(url, {"to": str(admin_user.pk)}).status_code == 403
    client.force_login(admin_user)
    assert client.post(url, {"to": str(reviewer.pk)}).status_code == 302
    assert ClaimLink.objects.get(pk=link.pk).assignee == reviewer
    assert Notification.objects.filter(user=reviewer, event="assigned", link=link).exists()
    # ... and the reviewer cannot take it from the one who has it now, unless it is theirs.
    client.force_login(reviewer)
    assert client.post(url, {"to": ""}).status_code == 302


def test_the_queue_filters_by_assignee(client, seed_without_body, reviewer):
    link = ClaimLink.objects.in_queue().first()
    services_inbox.link_assign(link=link, to=reviewer, by=reviewer)
    client.force_login(reviewer)
    mine = client.get(reverse("claims:review-queue") + "?assignee=me").content.decode()
    nobody = client.get(reverse("claims:review-queue") + "?assignee=none").content.decode()
    assert reverse("claims:link-detail", args=[link.pk]) in mine
    assert reverse("claims:link-detail", args=[link.pk]) not in nobody


# --- What the home page lists ------------------------------------------------------------------


def test_home_lists_claims_logged_since_the_visit_before_and_a_reload_keeps_them(
    client, seed_without_body, editor, reviewer
):
    Claim.objects.update(created_at=timezone.now() - timedelta(days=3))  # logged long ago
    client.force_login(reviewer)
    client.get(reverse("claims:home"))
    DeskVisit.objects.filter(user=reviewer).update(
        seen_at=timezone.now() - timedelta(hours=10), since=timezone.now() - timedelta(days=2)
    )
    new = log_claim("Zebras crossed the border at dawn.", editor)
    page = client.get(reverse("claims:home")).content.decode()
    assert "Zebras crossed the border at dawn." in page
    again = client.get(reverse("claims:home")).content.decode()
    assert "Zebras crossed the border at dawn." in again  # the same visit: "since" holds
    since = DeskVisit.objects.get(user=reviewer).since
    listing = client.get(
        reverse("claims:inbox-section", args=["new"]) + f"?since={inbox.since_param(since)}"
    ).content.decode()
    assert new.get_absolute_url() in listing
    assert Claim.objects.exclude(pk=new.pk).first().get_absolute_url() not in listing


def test_home_lists_claims_on_no_question(client, seed_without_body, editor):
    loose = log_claim("A claim nobody grouped.", editor)
    grouped = log_claim("A claim on a question.", editor)
    grouped.questions.add(Question.objects.first())
    client.force_login(editor)
    page = client.get(reverse("claims:inbox-section", args=["unquestioned"])).content.decode()
    assert loose.get_absolute_url() in page
    assert grouped.get_absolute_url() not in page


def test_every_count_on_home_links_to_its_list(client, seed_without_body, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("claims:home")).content.decode()
    for key in ("new", "unquestioned", "pairs", "open", "assigned-links", "assigned-pairs",
                "decided"):
        assert f'id="figure-{key}" href="' in page, key


def test_an_editor_sees_no_assignment_and_no_take_button(client, seed_without_body, editor):
    client.force_login(editor)
    page = client.get(reverse("claims:home")).content.decode()
    assert "Assigned to you" not in page
    assert ">Take<" not in page
    assert 'id="figure-pairs"' in page


def test_a_reviewer_sees_what_is_assigned_to_them_and_nobody_else_does(
    client, seed_without_body, reviewer, admin_user
):
    pair = SuggestedPair.objects.waiting().first()
    services_inbox.pair_assign(pair=pair, to=reviewer, by=admin_user)
    first = Claim.objects.get(pk=pair.first_id).statement
    client.force_login(reviewer)
    mine = client.get(reverse("claims:inbox-section", args=["pairs"]) + "?assignee=me")
    assert f"#pair-{pair.pk}" not in mine.content.decode()
    assert f'id="pair-{pair.pk}"' in mine.content.decode()
    client.force_login(admin_user)
    theirs = client.get(reverse("claims:inbox-section", args=["pairs"]) + "?assignee=me")
    assert f'id="pair-{pair.pk}"' not in theirs.content.decode()
    assert first


def test_home_lists_open_contradictions_oldest_first(client, seed_without_body, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("claims:home")).content.decode()
    links = list(ClaimLink.objects.in_queue().order_by("created_at", "pk")[:5])
    places = [page.index(reverse("claims:link-detail", args=[link.pk])) for link in links]
    assert places == sorted(places)


def test_my_proposal_resolved_is_on_my_home_and_i_am_told(
    client, seed_without_body, editor, reviewer
):
    first = log_claim("Four hundred crossed.", editor)
    second = log_claim("Nobody crossed.", editor)
    link = services.link_create(first=first, second=second, kind="contradicts",
                                nature="numeric", by=editor)
    services.contradiction_resolve(link=link, outcome="first_upheld", rationale="Counted.",
                                   by=reviewer, expected_version=link.version)
    assert Notification.objects.filter(user=editor, event="resolved", link=link).exists()
    client.force_login(editor)
    page = client.get(reverse("claims:home")).content.decode()
    assert reverse("claims:link-detail", args=[link.pk]) in page
    assert "First upheld" in page


# --- Notifications ---------------------------------------------------------------------------


def test_a_link_on_my_claim_tells_me_and_a_watched_question_tells_its_watcher(
    seed_without_body, editor, reviewer, admin_user
):
    mine = log_claim("Four hundred crossed.", editor)
    question = Question.objects.first()
    other = log_claim("Nobody crossed.", None)
    other.questions.add(question)
    services_inbox.question_watch(question=question, user=admin_user, on=True)
    with CaptureQueriesContext(connection) as ctx:
        services.link_create(first=mine, second=other, kind="contradicts", nature="numeric",
                             by=reviewer)
    inserts = [q for q in ctx.captured_queries
               if q["sql"].startswith('INSERT INTO "claims_notification"')]
    assert len(inserts) == 1  # one query for every notification of the action
    assert Notification.objects.filter(user=editor, event="proposed").count() == 1
    assert Notification.objects.filter(user=admin_user, event="disputed").count() == 1
    assert not Notification.objects.filter(user=reviewer).exists()  # not of one's own action


def test_mail_goes_after_the_commit_when_the_desk_mails(
    settings, seed_without_body, editor, reviewer, django_capture_on_commit_callbacks
):
    settings.DESK_NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor.email = "edna@example.org"
    editor.save()
    first, second = log_claim("Four hundred crossed.", editor), log_claim("None did.", None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.link_create(first=first, second=second, kind="contradicts",
                             nature="numeric", by=reviewer)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["edna@example.org"]]


def test_the_notification_list_reads_and_marks_read(client, seed_without_body, editor,
                                                    reviewer):
    first, second = log_claim("Four hundred crossed.", editor), log_claim("None did.", None)
    services.link_create(first=first, second=second, kind="supports", by=reviewer)
    client.force_login(editor)
    page = client.get(reverse("claims:notification-list")).content.decode()
    assert "A link was proposed on a claim you logged" in page
    assert ">1</span>" in client.get(reverse("claims:desk-changes")).content.decode()
    client.post(reverse("claims:notification-read"))
    assert not Notification.objects.unread(editor.pk).exists()


# --- The poll -----------------------------------------------------------------------------------


def test_the_poll_answers_304_until_something_changes(client, seed_without_body, editor):
    client.force_login(editor)
    poll = reverse("claims:desk-changes")
    first = client.get(poll)
    etag = first["ETag"]
    assert "HX-Trigger" not in first  # the first answer of a page is no change
    assert client.get(poll, HTTP_IF_NONE_MATCH=etag).status_code == 304
    log_claim("Something new.", None)
    changed = client.get(poll, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "deskChanged" in changed["HX-Trigger"]
    assert changed["ETag"] != etag


def test_the_poll_and_home_cost_the_same_with_many_rows(client, seed_without_body, editor,
                                                        reviewer):
    def grow(n: int) -> None:
        made = [log_claim(f"Zebras {n} {i}", editor, said_start=date(2014, 8, 4))
                for i in range(n)]
        for a, b in zip(made[::2], made[1::2], strict=False):
            a_pair(a, b)
        for a, b in zip(made[1::2], made[2::2], strict=False):
            link = ClaimLink.objects.create(first=a, second=b, kind="contradicts",
                                            nature="other", proposed_by=editor,
                                            assignee=reviewer)
            Notification.objects.create(user=reviewer, event="proposed", link=link)

    def count(url, **headers) -> int:
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **headers).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(reviewer)
    urls = [reverse("claims:home"), reverse("claims:desk-changes"),
            reverse("claims:inbox-section", args=["pairs"]),
            reverse("claims:notification-list")]
    grow(6)
    small = [count(u) for u in urls]
    grow(60)
    assert [count(u) for u in urls] == small
    # The poll: the session, the user, their permissions, the stamp and the unread count.
    assert small[1] <= 5


def test_the_inbox_refreshing_itself_is_a_fragment_and_not_a_visit(client, seed_without_body,
                                                                    reviewer):
    client.force_login(reviewer)
    client.get(reverse("claims:home"))
    before = DeskVisit.objects.get(user=reviewer)
    fragment = client.get(reverse("claims:home"), HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="inbox").content.decode()
    assert fragment.lstrip().startswith('<div id="inbox"') and "<html" not in fragment
    after = DeskVisit.objects.get(user=reviewer)
    assert (after.seen_at, after.since) == (before.seen_at, before.since)
    # Any other htmx request for the page gets the page.
    assert "<html" in client.get(reverse("claims:home"), **HX).content.decode()
