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
def test_postgresql_has_the_stored_vector_its_triggers_and_its_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'claims_claim' AND column_name = 'search_vector'"
        )
        assert cursor.fetchone() == ("tsvector",)
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name IN ('claims_claim_search_vector', "
            "'claims_document_search_language')"
        )
        assert {table for (table,) in cursor.fetchall()} == {"claims_claim", "claims_document"}
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


def claim_in(language: str, statement: str, quote: str = "") -> Claim:
    from datetime import UTC, datetime

    from claims.models import Document, Source

    document = Document.objects.create(
        title=f"A {language} report", published_at=datetime(2014, 8, 4, tzinfo=UTC),
        language=language,
    )
    speaker, _ = Source.objects.get_or_create(name="A spokesman", kind=Source.Kind.PERSON)
    return Claim.objects.create(document=document, statement=statement, quote=quote,
                                speaker=speaker)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="stemming by the document's language is PostgreSQL full-text search; "
                    "SQLite matches the words as typed")
def test_postgresql_finds_a_declined_russian_form_by_its_nominative(db):
    claim = claim_in("ru", "Свыше 400 военных", "свыше 400 украинских военнослужащих перешли")
    claim_in("en", "Soldiers crossed")
    assert list(search_claims(Claim.objects.all(), "военнослужащие")) == [claim]
    assert list(search_claims(Claim.objects.all(), "военнослужащий украинский")) == [claim]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the search configuration per language is PostgreSQL's")
def test_postgresql_uses_each_document_s_configuration(db):
    ukrainian = claim_in("uk", "понад чотириста українських військових")
    english = claim_in("en", "The soldiers deserted")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_vector::text FROM claims_claim ORDER BY id")
        vectors = dict(cursor.fetchall())
    assert "'військових'" in vectors[ukrainian.pk]  # simple: the word as written
    assert "'desert'" in vectors[english.pk]  # english: stemmed
    assert list(search_claims(Claim.objects.all(), "військових")) == [ukrainian]
    assert list(search_claims(Claim.objects.all(), "deserting")) == [english]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the stored vector is PostgreSQL's")
def test_postgresql_remakes_the_vectors_when_a_document_s_language_changes(db):
    claim = claim_in("en", "украинских военнослужащих")  # logged under the wrong language
    assert not search_claims(Claim.objects.all(), "военнослужащие").exists()
    claim.document.language = "ru"
    claim.document.save()
    assert list(search_claims(Claim.objects.all(), "военнослужащие")) == [claim]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's plain word match")
def test_sqlite_matches_russian_words_as_typed(db):
    claim = claim_in("ru", "свыше 400 украинских военнослужащих")
    assert list(search_claims(Claim.objects.all(), "военнослужащих")) == [claim]
    assert not search_claims(Claim.objects.all(), "военнослужащие").exists()
