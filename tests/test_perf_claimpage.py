"""The claim page made cheaper: the evidence in one query, the history compared field by
field, the relays and questions as plain lists. The same numbers and the same page."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.anchors import quote_key
from claims.claim_rows import (
    NOT_DIFFED,
    Change,
    HistoricalClaim,
    claim_history,
    claim_page,
    shown_value,
)
from claims.dependence import claim_evidence, evidence_summary
from claims.models import Claim, ClaimLink, Document, Question, Source

pytestmark = pytest.mark.django_db


def reference_evidence(claim: Claim):
    """The evidence worked out the slow way, from every claim and link held: the family
    by following same words and "repeats" links until nothing new turns up, then the
    claims that support any of it, summed up by evidence_summary."""
    claims = {c.pk: c for c in Claim.objects.all()}
    links = [link for link in ClaimLink.objects.all() if link.status != "dismissed"]

    def linked(pks, kind):
        return {
            other
            for link in links if link.kind == kind
            for near, other in ((link.first_id, link.second_id), (link.second_id, link.first_id))
            if near in pks
        }

    family = {claim.pk}
    while True:
        same = {
            c.pk for c in claims.values()
            for pk in family
            if claims[pk].quote_key and (c.speaker_id, c.quote_key)
            == (claims[pk].speaker_id, claims[pk].quote_key)
        }
        grown = family | same | linked(family, "repeats")
        if grown == family:
            break
        family = grown
    supporters = linked(family, "supports") - family
    return evidence_summary([claims[pk] for pk in family | supporters])


def random_desk(seed: int, seed_without_body) -> list[Claim]:
    """Forty claims by three speakers using six quotes (or none), and links of every
    kind and status between random pairs: families, chains, supporters that repeat each
    other, dismissed links."""
    rng = random.Random(seed)
    document = seed_without_body["438"].document
    speakers = list(Source.objects.order_by("pk")[:3])
    quotes = ["", "", "The first words.", "Second words", "THE FIRST WORDS!", "third",
              "fourth", "fifth"]
    claims = [
        Claim.objects.create(
            document=document, statement=f"Claim {n}", speaker=rng.choice(speakers),
            quote=rng.choice(quotes),
        )
        for n in range(40)
    ]
    pairs = set()
    while len(pairs) < 24:
        a, b = rng.sample(claims, 2)
        if (b.pk, a.pk) not in pairs:
            pairs.add((a.pk, b.pk))
    for a, b in sorted(pairs):
        status = rng.choice(["open", "open", "resolved", "dismissed"])
        kind = rng.choice(["repeats", "supports", "supports", "contradicts"])
        ClaimLink.objects.create(
            first_id=a, second_id=b, kind=kind, status=status,
            outcome="neither" if status == "resolved" else "",
        )
    return claims


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_evidence_is_what_following_every_link_by_hand_finds(seed, seed_without_body):
    claims = random_desk(seed, seed_without_body)
    answers = set()
    for claim in claims:
        expected = reference_evidence(claim)
        assert claim_evidence(claim) == expected, claim.statement
        answers.add(expected)
    assert len(answers) > 4, "the desk has families of several sizes"


def test_a_claim_with_nothing_beside_it_costs_one_query(seed_without_body):
    document = seed_without_body["438"].document
    lone = Claim.objects.create(
        document=document, statement="Alone", quote="Nobody else said this",
        speaker=Source.objects.get(name="Interfax"),
    )
    with CaptureQueriesContext(connection) as queries:
        assert claim_evidence(lone) == (1, 1)
    assert len(queries) == 1


@pytest.mark.parametrize("supporters", [2, 20])
def test_supporters_cost_one_more_query_however_many(supporters, seed_without_body):
    claim = seed_without_body["438"]
    ClaimLink.objects.all().delete()
    speaker = Source.objects.get(name="Interfax")
    others = [
        Claim.objects.create(
            document=claim.document, statement=f"Other {n}", quote=f"Words {n}", speaker=speaker
        )
        for n in range(supporters)
    ]
    for other in others:
        ClaimLink.objects.create(first=other, second=claim, kind="supports")
    ClaimLink.objects.create(first=others[0], second=others[1], kind="repeats")
    with CaptureQueriesContext(connection) as queries:
        evidence = claim_evidence(claim)
    assert evidence == (supporters + 1, supporters)
    assert len(queries) == 2


def test_the_history_lists_the_changes_diff_against_finds(seed_without_body, editor):
    claim = seed_without_body["438"]
    claim.statement = "Reworded"
    claim.save()
    claim.speaker = Source.objects.get(name="Interfax")
    claim.said_start = claim.said_end = date(2014, 8, 5)
    claim.quantity_low = Decimal("400")
    claim.quantity_high_inclusive = False
    claim.status = "disputed"
    claim.quote_prefix = "not shown"
    claim.save()
    claim.statement = "Reworded <script>"
    claim.save()
    history = claim_history(claim.pk)
    records = list(claim.history.all())
    assert len(history) == len(records) >= 3
    for entry, record, older in zip(history, records, records[1:] + [None], strict=True):
        assert entry.history_id == record.history_id
        expected = ()
        if older is not None:
            expected = tuple(
                Change(Claim._meta.get_field(c.field).verbose_name, shown_value(c.old),
                       shown_value(c.new))
                for c in record.diff_against(older, excluded_fields=NOT_DIFFED).changes
            )
        assert entry.changes == expected
    assert [c.field for c in history[1].changes] == [
        "quantity high inclusive", "quantity low", "said end", "said start", "speaker",
        "status",
    ]


def test_the_history_shows_fifty_versions_with_their_changes(seed_without_body):
    claim = seed_without_body["438"]
    for n in range(55):
        claim.statement = f"Edit {n}"
        claim.save()
    history = claim_history(claim.pk)
    assert len(history) == 50
    assert history[-1].changes == (Change("statement", "Edit 4", "Edit 5"),)


def test_the_page_lists_the_questions_newest_first_and_escaped(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    claim.questions.add(Question.objects.create(text="<script>alert(1)</script> asked?"))
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; asked?; How many Ukrainian soldiers"
    assert shown in html


def test_the_page_shows_the_relays_in_their_order(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    links = list(claim.relay_links.order_by("position"))
    assert len(links) == 2
    first, second = links
    first.position, second.position = 9, 8  # swapped, without a clash on the way
    first.save()
    second.save()
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    dd = html[html.index('<dd class="attribution">'):]
    assert dd.index(second.source.name) < dd.index(first.source.name)


def test_the_claim_page_shows_what_the_orm_loads(seed_without_body, editor):
    Claim.objects.filter(pk=seed_without_body["400"].pk).update(created_by=editor)
    for claim in Claim.objects.all():
        expected = Claim.objects.select_related(
            "speaker", "document", "document__publisher", "created_by"
        ).get(pk=claim.pk)
        with CaptureQueriesContext(connection) as queries:
            page = claim_page(claim.pk)
        # the claim, its relays, its questions, its evidence (one or two)
        assert len(queries) in (4, 5)
        assert (page.statement, page.quote, page.version) == (
            expected.statement, expected.quote, expected.version
        )
        assert page.rating.rating == expected.rating
        assert page.status_label == expected.get_status_display()
        assert page.certainty == expected.get_certainty_display()
        assert [b.name for b in page.chain] == [s.name for s in expected.attribution_chain()]
        assert page.document_title == expected.document.title
        assert page.document_url.startswith(expected.document.get_absolute_url())
        assert page.cite == (expected.document.url or "")
        assert page.publisher.name == expected.document.publisher.name
        assert page.logged_by == (expected.created_by.get_username() if expected.created_by
                                  else "")
        assert page.created_by_id == expected.created_by_id
        assert page.evidence == claim_evidence(expected).text
        assert page.questions == tuple(q.text for q in expected.questions.all())
    assert Claim.objects.filter(created_by=editor).exists()


def test_a_claim_nobody_logged_and_a_document_without_publisher_show_none(seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.filter(pk=claim.pk).update(created_by=None)
    Document.objects.filter(pk=claim.document_id).update(publisher=None)
    page = claim_page(claim.pk)
    assert page.logged_by == "" and page.publisher is None


def test_the_history_holds_what_the_orm_reads(seed_without_body, editor):
    claim = seed_without_body["438"]
    for n in range(3):
        claim.statement = f"Version {n} <b>"
        claim._history_user = editor if n % 2 else None
        claim.save()
    entries = claim_history(claim.pk)
    expected = list(
        HistoricalClaim.objects.filter(id=claim.pk).select_related("history_user")[:51]
    )
    assert [e.history_id for e in entries] == [r.history_id for r in expected]
    for entry, record in zip(entries, expected, strict=True):
        assert entry.by == (record.history_user.get_username() if record.history_user
                            else "the system")
        assert entry.action == record.get_history_type_display().lower()
    assert entries[0].changes == (Change("statement", "Version 1 <b>", "Version 2 <b>"),)


def test_changed_dates_and_figures_show_as_the_page_showed_them(seed_without_body):
    claim = seed_without_body["438"]
    claim.said_start = claim.said_end = date(2014, 8, 5)
    claim.quantity_low = Decimal("400")
    claim.save()
    changes = {c.field: c for c in claim_history(claim.pk)[0].changes}
    assert (changes["said start"].old, changes["said start"].new) == ("4 Aug 2014", "5 Aug 2014")
    assert changes["quantity low"].new == "400.0000"


def test_the_random_desk_says_the_same_words_in_other_ways():
    # What random_desk relies on: "THE FIRST WORDS!" is the same statement as the first.
    assert quote_key("THE FIRST WORDS!") == quote_key("The first words.")
    assert quote_key("") == ""
