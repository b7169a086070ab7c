"""Querysets compiled once (claims/compiled.py), and the claim page read through them: the
same rows and the same instances as the ORM gives, on either database."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.compiled import CompiledRows
from claims.models import LINK_CARD_COLUMNS, Claim, ClaimLink, Document, Source
from claims.views.claim_pages import HistoricalClaim, _claim_for_page, claim_history

pytestmark = pytest.mark.django_db


def links_of(pk):
    return (
        ClaimLink.objects.filter(Q(first=pk) | Q(second=pk))
        .order_by("created_at", "pk")
        .values_list(*LINK_CARD_COLUMNS)
    )


def claims_with_numbers(pk):
    """Dates, decimals, booleans and a nullable join: columns each database converts."""
    return Claim.objects.filter(document=pk).order_by("pk").values_list(
        "pk", "created_at", "said_start", "quantity_low", "quantity_low_inclusive",
        "document__publisher__name",
    )


def test_the_rows_are_the_querysets_for_every_value(seed_without_body):
    claim = seed_without_body["438"]
    claim.quantity_low = Decimal("437.5")
    claim.save()
    for build in (links_of, claims_with_numbers):
        compiled = CompiledRows(build)
        values = {*Claim.objects.values_list("pk", flat=True), claim.document_id, 10**9}
        for value in sorted(values):
            assert compiled.rows(value) == list(build(value)), (build.__name__, value)
    assert any(CompiledRows(links_of).rows(pk) for pk in Claim.objects.values_list("pk", flat=True))
    assert Decimal("437.5") in [row[3] for row in CompiledRows(claims_with_numbers).rows(
        claim.document_id
    )]


def test_a_compiled_query_is_one_query_and_compiled_once(seed_without_body, monkeypatch):
    compiled = CompiledRows(links_of)
    pk = seed_without_body["438"].pk
    compiled.rows(pk)
    built = []
    monkeypatch.setattr(compiled, "build", lambda value: built.append(value))
    with CaptureQueriesContext(connection) as queries:
        compiled.rows(pk)
    assert len(queries) == 1 and built == []


def test_a_queryset_that_does_not_take_its_value_as_a_parameter_is_refused(seed_without_body):
    with pytest.raises(ValueError, match="parameter"):
        CompiledRows(lambda value: Claim.objects.values_list("pk")[:1]).rows(1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test database is one")
@pytest.mark.django_db(transaction=True)
def test_each_thread_runs_on_its_own_connection(seed_without_body):
    """A compiler holds its connection: a thread compiles again for its own."""
    compiled = CompiledRows(links_of)
    pk = seed_without_body["438"].pk
    expected = compiled.rows(pk)
    found = []

    def other_thread():
        try:
            found.append(compiled.rows(pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert found == [expected] and len(compiled._compiled) == 2


def test_the_claim_pages_claim_is_the_one_the_orm_loads(seed_without_body, editor):
    for claim in Claim.objects.all():
        Claim.objects.filter(pk=claim.pk).update(created_by=editor)
        expected = Claim.objects.select_related(
            "speaker", "document", "document__publisher", "created_by"
        ).get(pk=claim.pk)
        with CaptureQueriesContext(connection) as queries:
            loaded, _ = _claim_for_page(claim.pk)
            # What the page reads of it: no query more.
            shown = (
                loaded.speaker.name, loaded.speaker.reliability, loaded.document.title,
                loaded.document.url, loaded.document.published_at,
                loaded.document.get_absolute_url(), loaded.created_by.get_username(),
                loaded.document.publisher and loaded.document.publisher.name,
            )
        assert len(queries) == 3  # the claim, its questions, its relays
        for field in Claim._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field
        assert shown == (
            expected.speaker.name, expected.speaker.reliability, expected.document.title,
            expected.document.url, expected.document.published_at,
            expected.document.get_absolute_url(), editor.get_username(),
            expected.document.publisher and expected.document.publisher.name,
        )
    assert Document.objects.filter(publisher__isnull=False).exists()


def test_a_claim_nobody_logged_and_a_document_without_publisher_read_as_none(seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.filter(pk=claim.pk).update(created_by=None)
    Document.objects.filter(pk=claim.document_id).update(publisher=None)
    loaded, _ = _claim_for_page(claim.pk)
    assert loaded.created_by is None and loaded.document.publisher is None


def test_the_history_holds_what_the_orm_reads(seed_without_body, editor):
    claim = seed_without_body["438"]
    for n in range(3):
        claim.statement = f"Version {n} <b>"
        claim._history_user = editor if n % 2 else None
        claim.save()
    entries = claim_history(claim)
    expected = list(
        HistoricalClaim.objects.filter(id=claim.pk).select_related("history_user")[:51]
    )
    assert [e["record"].history_id for e in entries] == [r.history_id for r in expected]
    for entry, record in zip(entries, expected, strict=True):
        for field in HistoricalClaim._meta.concrete_fields:
            assert getattr(entry["record"], field.attname) == getattr(record, field.attname)
        assert (entry["record"].history_user or None) == record.history_user
    assert entries[0]["changes"] == [
        {"field": "statement", "old": "Version 1 <b>", "new": "Version 2 <b>"}
    ]


def test_the_claim_page_answers_404_for_a_claim_that_is_not_there(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:claim-detail", args=[10**9])).status_code == 404
    assert Source.objects.count() == 0


def test_the_question_pages_cards_are_the_claims_the_orm_pages_give(
    seed_without_body, monkeypatch
):
    from claims.cards import question_cards
    from claims.models import Question

    question = Question.objects.create(text="How many crossed?")
    speaker = seed_without_body["438"].speaker
    document = seed_without_body["438"].document
    for n in range(7):
        claim = Claim.objects.create(
            document=document, speaker=speaker, statement=f"Claim {n}",
            quantity_low=Decimal(n) if n % 2 else None, quantity_low_inclusive=bool(n % 3),
        )
        claim.questions.add(question)
    question.claims.add(*Claim.objects.exclude(questions=question)[:3])
    ordered = list(
        Claim.objects.filter(questions=question)
        .select_related("speaker")
        .order_by("said_start", "created_at", "pk")
    )
    assert len(ordered) == 10
    for start in range(0, 12, 3):
        shown = question_cards(question, start, 3)
        expected = ordered[start : start + 3]
        assert [c.pk for c in shown] == [c.pk for c in expected]
        for card, orm in zip(shown, expected, strict=True):
            for name in ("statement", "status", "said_start", "quantity_low",
                         "quantity_low_inclusive", "quantity_high", "quantity_unit"):
                assert getattr(card, name) == getattr(orm, name), name
            assert (card.speaker_name, card.rating) == (orm.speaker.name, orm.rating)
