"""claims.suggestions on PostgreSQL: the claims ranked by trigram similarity are those of
the claim's document and those nearest to it in time, read through claim_time_idx."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import suggestions
from claims.models import Claim, ClaimLink, Document, Source
from claims.suggestions import suggest_competitors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigram pool is PostgreSQL's"
    ),
]

DAY = date(2025, 3, 10)
STATEMENT = "438 Ukrainian soldiers crossed into Russia near Donetsk on Monday."


@pytest.fixture
def desk(db):
    assert suggestions.trigram_available()  # pg_trgm comes with migration 0002
    speaker = Source.objects.create(name="Ministry of Defence", kind=Source.Kind.ORGANIZATION)

    def claim(*, about=None, until=None, said=None, document=None, statement=STATEMENT, **extra):
        if document is None:
            document = Document.objects.create(title="Report", published_at=datetime.now(UTC))
        return Claim.objects.create(
            document=document, speaker=speaker, statement=statement,
            about_start=about, about_end=until, said_start=said, said_end=said, **extra,
        )

    return claim


def suggested(claim) -> set[int]:
    claim = Claim.objects.only(*suggestions.SUGGESTED_FOR).get(pk=claim.pk)
    return {s.claim.pk for s in suggest_competitors(claim, limit=50)}


def days(n: int) -> date:
    return DAY + timedelta(days=n)


def test_only_the_nearest_claims_on_each_side_of_its_time_are_ranked(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 2)
    claim = desk(about=DAY, until=days(10))
    before = [desk(about=days(-n)) for n in (1, 2, 3)]  # no end: they overlap any later time
    after = [desk(about=days(n), until=days(n)) for n in (1, 2, 3)]
    assert suggested(claim) == {before[0].pk, before[1].pk, after[0].pk, after[1].pk}


def test_the_pool_holds_the_claims_about_an_overlapping_time_or_none(desk):
    claim = desk(about=DAY, until=days(2))
    overlapping = [
        desk(about=days(-30)),  # no end
        desk(about=days(-5), until=DAY),
        desk(about=days(2), until=days(9)),
        desk(said=days(1)),  # about no time, said within the claim's
        desk(said=days(-40)),  # about no time, said before it
    ]
    desk(about=days(-5), until=days(-1))  # ended the day before
    desk(about=days(3), until=days(3))  # starts the day after
    desk(said=days(3))  # about no time, but placed after the claim's time ends
    assert suggested(claim) == {c.pk for c in overlapping}


def test_a_claim_about_a_time_without_an_end_ranks_all_later_claims(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 2)
    claim = desk(about=DAY)
    later = [desk(about=days(100), until=days(101)), desk(said=days(200))]
    desk(said=days(300))
    desk(about=days(-1), until=days(-1))  # ended before the claim's time starts
    assert suggested(claim) == {c.pk for c in later}


def test_a_claim_about_no_time_is_placed_by_when_it_was_said(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 1)
    claim = desk(said=DAY)
    nearest = [desk(about=days(-1), until=days(-1)), desk(about=days(5))]
    desk(about=days(-2), until=days(30))
    desk(said=days(9))
    assert suggested(claim) == {c.pk for c in nearest}


def test_a_claim_with_no_time_at_all_is_placed_by_when_it_was_logged(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 1)
    claim = desk()
    Claim.objects.filter(pk=claim.pk).update(created_at=datetime(2025, 3, 10, 23, 30, tzinfo=UTC))
    nearest = [desk(said=days(-1)), desk(about=days(1))]
    desk(said=days(-2))
    desk(about=days(2))
    assert suggested(claim) == {c.pk for c in nearest}


def test_claims_of_the_same_document_are_ranked_however_far_in_time(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 1)
    monkeypatch.setattr(suggestions, "SAME_DOCUMENT_POOL", 2)
    claim = desk(about=DAY, until=DAY)
    document = claim.document
    first = desk(document=document, about=days(-400), quote_start=10)  # no end: overlaps
    second = desk(document=document, said=days(500), quote_start=20)
    desk(document=document, said=days(600), quote_start=30)  # beyond SAME_DOCUMENT_POOL
    desk(document=document, about=days(-400), until=days(-399))  # does not overlap
    nearest = desk(about=DAY, until=DAY)
    desk(about=days(-1))  # further than the one nearest claim before
    assert suggested(claim) == {first.pk, second.pk, nearest.pk}


def test_linked_claims_take_no_place_in_the_pool(desk, monkeypatch):
    monkeypatch.setattr(suggestions, "NEAREST_POOL", 1)
    claim = desk(about=DAY, until=DAY)
    linked = desk(about=DAY, until=DAY)
    ClaimLink.objects.create(first=linked, second=claim, kind=ClaimLink.Kind.CONTRADICTS)
    behind = desk(about=days(-1))
    assert suggested(claim) == {behind.pk}


def test_a_statement_with_percent_signs_and_quotes_is_ranked(desk):
    statement = "50% of '%(pk)s' soldiers <script>alert(1)</script> crossed on Monday %s"
    claim = desk(about=DAY, until=DAY, statement=statement)
    other = desk(about=DAY, until=DAY, statement=statement + "!")
    result = suggest_competitors(Claim.objects.get(pk=claim.pk))
    assert [(s.claim.pk, s.claim.statement) for s in result] == [(other.pk, other.statement)]
    assert result[0].similarity > 0.9


@pytest.mark.parametrize(
    "time", [{"about": DAY, "until": days(3)}, {"about": DAY}, {"said": DAY}, {}],
    ids=["about-a-span", "about-an-open-time", "said", "logged"],
)
def test_both_walks_read_claim_time_idx(desk, time):
    """The expressions of _TRIGRAM_SQL are claim_time_idx's (migration 0008): were they to
    drift apart, the walks would read the whole table instead."""
    claim = Claim.objects.only(*suggestions.SUGGESTED_FOR).get(pk=desk(**time).pk)
    with CaptureQueriesContext(connection) as captured:
        suggest_competitors(claim)
    (query,) = captured.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert plan.count("Index Scan Backward using claim_time_idx") == 1
    assert plan.count("Index Scan using claim_time_idx") == 1
    if "about" in time:  # whether a claim before ends in time is told by the index
        assert "COALESCE(about_end, '9999-12-31'::date) >=" in plan
