"""Querysets compiled once (claims/compiled.py): the same rows and the same instances as the
ORM gives, on either database."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from claims.compiled import CompiledRows
from claims.models import LINK_CARD_COLUMNS, Claim, ClaimLink

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


def test_rows_over_a_list_of_ids_are_the_querysets_for_each_list(seed_without_body):
    from claims.models import ClaimRelay

    def relays(ids):
        return ClaimRelay.objects.filter(claim_id__in=ids).order_by("claim_id", "position") \
            .values_list("claim_id", "source__name", named=True)

    compiled = CompiledRows(relays, count=3)
    pks = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for ids in (pks[:3], pks[-3:], (pks[0], pks[5], 10**9)):
        assert compiled.rows(tuple(ids)) == list(relays(ids))
    assert any(compiled.rows(tuple(pks[i:i + 3])) for i in range(len(pks) - 2))
    assert compiled.rows(tuple(pks[:3]))[0]._fields == ("claim_id", "source__name")
