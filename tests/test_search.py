"""Claim search: full text on PostgreSQL, word matching elsewhere; and the list filters."""

import pytest
from django.db import connection

from claims.models import Claim
from claims.search import filter_claims, search_claims

pytestmark = pytest.mark.django_db


def found(text):
    return set(search_claims(Claim.objects.all(), text).values_list("statement", flat=True))


def test_an_empty_search_keeps_every_claim(seed_without_body):
    assert search_claims(Claim.objects.all(), "   ").count() == 11


def test_a_number_finds_its_claim(seed_without_body):
    assert found("438") == {seed_without_body["438"].statement}


def test_words_are_matched_in_statement_and_quote(seed_without_body):
    # "brigade" is in the statement and the quote of one claim only.
    assert found("brigade") == {seed_without_body["brigade"].statement}
    # "Western" is only in the quote of "supply", not in its statement.
    assert found("Western") == {seed_without_body["supply"].statement}


def test_every_word_must_match(seed_without_body):
    assert found("brigade military") == {seed_without_body["brigade"].statement}
    assert found("brigade casualties") == set()


def test_the_speaker_is_searched_by_name(seed_without_body):
    assert found("Klimov") == {seed_without_body["drills"].statement}


def test_search_is_case_insensitive(seed_without_body):
    assert found("BRIGADE") == {seed_without_body["brigade"].statement}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_search_stems_words(seed_without_body):
    # "deserting" stems to the same lexeme as "deserted" in the statement of "400".
    assert seed_without_body["400"].statement in found("deserting")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_postgresql_has_the_stored_vector_and_its_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'claims_claim' AND column_name = 'search_vector'"
        )
        (expression,) = cursor.fetchone()
        assert "to_tsvector" in expression and "statement" in expression and "quote" in expression
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'claims_claim' "
            "AND indexdef ILIKE '%gin%(search_vector)%'"
        )
        assert cursor.fetchall(), "no GIN index over the stored vector"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")
def test_postgresql_search_reads_the_stored_vector_and_follows_edits(seed_without_body):
    claim = seed_without_body["supply"]
    sql = str(search_claims(Claim.objects.all(), "howitzers").query)
    assert "search_vector" in sql and "to_tsvector" not in sql
    assert claim not in search_claims(Claim.objects.all(), "howitzers")
    claim.statement = "Howitzers crossed the border at night"
    claim.save()
    assert list(search_claims(Claim.objects.all(), "howitzer")) == [claim]


def test_filters_combine_with_search(seed_without_body):
    claims = filter_claims(Claim.objects.all(), {"q": "soldiers", "status": "open"})
    assert seed_without_body["438"] in claims
    assert filter_claims(Claim.objects.all(), {"q": "soldiers", "status": "refuted"}).count() == 0
