"""Many editors at once, in real parallel transactions on PostgreSQL: nothing lost, nothing doubled.

Eight threads, each with its own database connection, log claims on one document and
link the same pairs of claims (in either order), while others edit the same claim from
the same version. Every outcome must be a saved row or a clear refusal: never a
duplicate link, a lost update, a half-saved claim, or an unhandled database error.
"""

from __future__ import annotations

import itertools
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Count
from django.db.models.functions import Greatest, Least
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimLink, ClaimRelay, Document, Source
from claims.services_claims import StaleClaim, claim_create, claim_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent transactions; SQLite serialises every write",
    ),
]

THREADS = 8
CLAIMS_EACH = 3


def run_together(work, count: int = THREADS) -> list[object]:
    """Run work(i) in `count` threads that start at once; each result or exception."""
    barrier = threading.Barrier(count, timeout=20)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - every failure is examined by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (a deadlock?)"
    return results


def claim_data(statement: str, speaker: Source, relays: list[Source]) -> dict:
    return {
        "statement": statement, "quote": "", "speaker": speaker, "relays": relays,
        "questions": [], "anchor": None,
        "said_phrase": "", "said_start": None, "said_end": None, "said_precision": "",
        "about_phrase": "", "about_start": None, "about_end": None, "about_precision": "",
        "quantity_phrase": "", "quantity_low": None, "quantity_high": None,
        "quantity_low_inclusive": True, "quantity_high_inclusive": True, "quantity_unit": "",
        "certainty": "asserted",
    }


def one_link_per_pair() -> None:
    per_pair = (
        ClaimLink.objects.annotate(lo=Least("first", "second"), hi=Greatest("first", "second"))
        .values("lo", "hi")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not per_pair.exists(), list(per_pair)


@pytest.fixture
def desk(seed_without_body, editor, reviewer):
    document = seed_without_body["438"].document
    relays = [Source.objects.get(name="Interfax"), Source.objects.get(name="The Moscow Times")]
    return {"document": document, "relays": relays, "seed": seed_without_body}


def test_eight_editors_log_claims_and_link_the_same_pairs_at_once(desk, editor, reviewer):
    document, relays = desk["document"], desk["relays"]
    speaker = desk["seed"]["438"].speaker
    before = Claim.objects.filter(document=document).count()
    # The pairs everyone links: among seed claims, so that they exist from the start.
    seed_claims = [desk["seed"][key] for key in ("180", "forced", "too-early", "brigade")]
    ClaimLink.objects.filter(first__in=seed_claims, second__in=seed_claims).delete()
    pairs = list(itertools.combinations(seed_claims, 2))

    def work(i: int):
        made = [
            claim_create(
                document=Document.objects.get(pk=document.pk),
                data=claim_data(f"Editor {i} claim {n}", speaker, relays),
                by=editor,
            )
            for n in range(CLAIMS_EACH)
        ]
        outcomes = []
        for first, second in pairs if i % 2 else [(b, a) for a, b in reversed(pairs)]:
            try:
                services.link_create(
                    first=first, second=second, kind="contradicts", nature="other",
                    note=f"by {i}", by=reviewer,
                )
                outcomes.append("linked")
            except services.LinkError as refused:  # DuplicateLink included
                outcomes.append(str(refused))
        return made, outcomes

    results = run_together(work)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures

    # Every claim saved, each with all its relays in order.
    mine = Claim.objects.filter(document=document).exclude(pk__in=[c.pk for c in seed_claims])
    assert Claim.objects.filter(document=document).count() == before + THREADS * CLAIMS_EACH
    for claim in mine.filter(statement__startswith="Editor "):
        chain = list(ClaimRelay.objects.filter(claim=claim).order_by("position"))
        assert [(r.position, r.source_id) for r in chain] == [
            (1, relays[0].pk), (2, relays[1].pk)
        ], claim

    # Each pair linked exactly once; every other attempt was told so in words.
    one_link_per_pair()
    for first, second in pairs:
        assert ClaimLink.between(first, second) is not None
    outcomes = Counter(o for _, done in results for o in done)
    assert outcomes["linked"] == len(pairs)
    assert sum(outcomes.values()) == THREADS * len(pairs)
    assert all(o == "linked" or "already linked" in o or "just now" in o for o in outcomes)
    # The statuses followed: an open contradiction makes both claims disputed.
    for claim in seed_claims:
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DISPUTED


def test_of_editors_saving_the_same_version_exactly_one_wins(desk, editor, reviewer):
    claim = desk["seed"]["438"]
    version = Claim.objects.get(pk=claim.pk).version
    speaker, relays = claim.speaker, desk["relays"]

    def work(i: int):
        current = Claim.objects.get(pk=claim.pk)  # everyone loaded the same version
        return claim_update(
            claim=current, data=claim_data(f"Edit number {i}", speaker, relays[: 1 + i % 2]),
            version=version, by=editor,
        )

    results = run_together(work)
    saved = [r for r in results if isinstance(r, Claim)]
    stale = [r for r in results if isinstance(r, StaleClaim)]
    assert len(saved) == 1 and len(stale) == THREADS - 1, results
    claim.refresh_from_db()
    assert claim.statement == saved[0].statement and claim.version == version + 1
    assert all(s.current.version == version + 1 for s in stale)
    # The winner's relays, whole: nobody else's half-written chain.
    winner = int(saved[0].statement.rsplit(" ", 1)[1])
    assert [r.source_id for r in claim.relay_links.order_by("position")] == [
        s.pk for s in relays[: 1 + winner % 2]
    ]
    # History holds the winner's edit only (the questions' change adds a record of its own).
    assert set(claim.history.filter(version=version + 1).values_list("statement", flat=True)) == {
        saved[0].statement
    }
    assert not claim.history.filter(version__gt=version + 1).exists()


# --- The same through HTTP, against a live server -------------------------------------


def session_for(user) -> tuple[str, str]:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value, _get_new_csrf_string()


def post(base: str, path: str, data: dict, session: tuple[str, str]) -> tuple[int, str]:
    session_id, token = session
    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(data, doseq=True).encode(),
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_id}; "
            f"{settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
        },
        method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_concurrent_link_and_edit_requests_never_answer_500(
    desk, live_server, editor, reviewer, admin_user
):
    seed = desk["seed"]
    pairs = [(seed["180"], seed["forced"]), (seed["forced"], seed["brigade"])]
    for a, b in pairs:
        ClaimLink.objects.filter(first__in=[a, b], second__in=[a, b]).delete()
    sessions = [session_for(user) for user in (reviewer, admin_user)]

    def link(i: int):
        a, b = pairs[i % 2]
        first, second = (a, b) if i % 4 < 2 else (b, a)
        data = {"first": first.pk, "second": second.pk, "kind": "contradicts",
                "nature": "causal", "note": f"thread {i}"}
        return post(live_server.url, reverse("claims:link-create"), data, sessions[i % 2])

    results = run_together(link)
    assert not [r for r in results if isinstance(r, BaseException)], results
    statuses = Counter(status for status, _ in results)
    assert statuses[500] == 0, results
    assert statuses[302] == len(pairs), statuses
    assert statuses[400] == THREADS - len(pairs), statuses
    assert all("already linked" in body or "just now" in body for s, body in results if s == 400)
    one_link_per_pair()

    # Eight saves of one claim from the same version, through the edit form.
    claim = Claim.objects.get(pk=seed["too-early"].pk)
    editor_session = session_for(admin_user)  # may edit any claim

    def edit(i: int):
        data = {"statement": f"Edited by request {i}", "quote": claim.quote,
                "speaker": claim.speaker_id, "version": claim.version,
                "quantity_low_inclusive": "on", "quantity_high_inclusive": "on"}
        return post(
            live_server.url, reverse("claims:claim-edit", args=[claim.pk]), data, editor_session
        )

    results = run_together(edit)
    assert not [r for r in results if isinstance(r, BaseException)], results
    statuses = Counter(status for status, _ in results)
    assert statuses == {302: 1, 200: THREADS - 1}, results
    assert all("changed by someone else" in body for status, body in results if status == 200)
    claim.refresh_from_db()
    assert claim.statement.startswith("Edited by request ")
    assert claim.version == Claim.objects.get(pk=claim.pk).version


def test_links_to_one_claim_made_at_once_never_deadlock(desk, editor, reviewer):
    """Eight reviewers each link the same claim to a different one, at the same moment."""
    document, relays = desk["document"], desk["relays"]
    hub = desk["seed"]["438"]
    others = [
        claim_create(
            document=document, data=claim_data(f"Other {n}", hub.speaker, relays), by=editor
        )
        for n in range(THREADS)
    ]
    for round_ in range(3):
        ClaimLink.objects.filter(first=hub).delete()
        ClaimLink.objects.filter(second=hub).delete()

        def work(i: int, note: str = f"round {round_}"):
            first, second = (hub, others[i]) if i % 2 else (others[i], hub)
            return services.link_create(
                first=first, second=second, kind="contradicts", nature="numeric",
                note=note, by=reviewer,
            )

        results = run_together(work)
        failures = [r for r in results if not isinstance(r, ClaimLink)]
        assert not failures, failures
        assert ClaimLink.objects.filter(first=hub).count() + ClaimLink.objects.filter(
            second=hub
        ).count() == THREADS
    one_link_per_pair()


def test_two_links_sharing_a_claim_interleaved_at_the_worst_moment(
    desk, editor, reviewer, monkeypatch
):
    """Both links are inserted before either locks its claims to update their statuses.

    (No deadlock: Django's foreign keys on PostgreSQL are checked at commit, so the
    inserts take no lock on the claims that the status update's FOR UPDATE would meet.)
    """
    hub = desk["seed"]["438"]
    others = [
        claim_create(
            document=desk["document"], data=claim_data(f"Side {n}", hub.speaker, []), by=editor
        )
        for n in range(2)
    ]
    barrier = threading.Barrier(2, timeout=20)
    refresh = services._refresh_statuses

    def refresh_after_both_inserted(claim_ids, *, by):
        barrier.wait()
        return refresh(claim_ids, by=by)

    monkeypatch.setattr(services, "_refresh_statuses", refresh_after_both_inserted)

    def work(i: int):
        return services.link_create(
            first=hub, second=others[i], kind="contradicts", nature="numeric", by=reviewer
        )

    results = run_together(work, count=2)
    assert all(isinstance(r, ClaimLink) for r in results), results
    assert Claim.objects.get(pk=hub.pk).status == Claim.Status.DISPUTED


def test_two_resolutions_for_one_speaker_at_once_keep_the_track_record_whole(
    desk, editor, reviewer, admin_user, monkeypatch
):
    """Each resolution recounts the speaker's record: neither count may miss the other's."""
    from claims import reliability

    seed = desk["seed"]
    speaker = seed["438"].speaker
    other = seed["too-early"].speaker
    pairs = [
        tuple(
            claim_create(
                document=desk["document"], data=claim_data(f"{who} {n}", source, []), by=editor
            )
            for who, source in (("Mine", speaker), ("Theirs", other))
        )
        for n in range(2)
    ]
    links = [
        services.link_create(first=a, second=b, kind="contradicts", nature="numeric", by=editor)
        for a, b in pairs
    ]
    barrier = threading.Barrier(2, timeout=20)
    refresh = services._refresh_track_records

    def refresh_when_both_resolved(link):
        barrier.wait()  # both links are resolved (uncommitted) before either recounts
        return refresh(link)

    monkeypatch.setattr(services, "_refresh_track_records", refresh_when_both_resolved)

    def work(i: int):
        link = ClaimLink.objects.get(pk=links[i].pk)
        return services.contradiction_resolve(
            link=link, outcome="first_upheld", rationale=f"resolution {i}",
            by=(reviewer, admin_user)[i], expected_version=link.version,
        )

    results = run_together(work, count=2)
    assert all(isinstance(r, ClaimLink) for r in results), results
    stored = Source.objects.get(pk=speaker.pk)
    assert (stored.track_upheld, stored.track_resolved) == reliability.count_track_records(
        [speaker.pk]
    )[speaker.pk]
    assert stored.track_resolved >= 2


def test_identical_add_document_submissions_at_once_add_one_and_tell_the_others(
    desk, live_server, editor
):
    session = session_for(editor)
    data = {"url": "https://example.org/convoy", "title": "The convoy crosses",
            "published_at": "2014-08-15T09:00", "language": "en"}

    def add(i: int):
        return post(live_server.url, reverse("claims:document-create"), data, session)

    results = run_together(add)
    assert not [r for r in results if isinstance(r, BaseException)], results
    statuses = Counter(status for status, _ in results)
    assert statuses == {302: 1, 200: THREADS - 1}, results
    assert all(Document.URL_TAKEN in body for status, body in results if status == 200)
    assert Document.objects.filter(url=data["url"]).count() == 1


def test_claims_naming_one_new_source_at_once_make_one_source(desk, live_server, editor):
    """A picker's "Create" only chooses the name; the claims' saves make the source, and
    eight saves naming it at once make it once."""
    session = session_for(editor)
    document = desk["document"]

    def log(i: int):
        name = "A new spokesman" if i % 2 else "a new  SPOKESMAN"
        data = {"statement": f"The new spokesman spoke ({i}).", "speaker": f"new:person:{name}"}
        path = reverse("claims:claim-create", args=[document.pk])
        return post(live_server.url, path, data, session)

    results = run_together(log)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert Counter(status for status, _ in results) == {302: THREADS}, results
    made = Source.objects.get(name__iexact="a new spokesman", kind="person")
    # Every claim has the one source, the saves that lost the race included.
    spoken = Claim.objects.filter(statement__startswith="The new spokesman spoke")
    assert spoken.count() == THREADS
    assert set(spoken.values_list("speaker", flat=True)) == {made.pk}
