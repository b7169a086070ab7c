"""claims.suggestions: which claims may compete with a claim, each with the desk's flag."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import suggestions
from claims.compare import compare
from claims.models import Claim, ClaimLink
from claims.suggestions import search_claims, suggest_competitors, word_similarity

pytestmark = pytest.mark.django_db


def keys(desk, result):
    by_pk = {claim.pk: key for key, claim in desk.items()}
    return {by_pk[s.claim.pk]: s.verdict.flag for s in result}


def test_claims_on_the_same_question_are_suggested_with_their_flag(seed_without_body):
    desk = seed_without_body
    result = keys(desk, suggest_competitors(desk["400"]))
    assert result["too-early"] == "definite_vs_withheld"
    assert result["brigade"] == "definite_vs_hedged"


def test_the_claim_itself_and_linked_claims_are_left_out(seed_without_body):
    desk = seed_without_body
    result = keys(desk, suggest_competitors(desk["438"]))
    assert "438" not in result
    for linked in ("too-early", "400", "brigade"):
        assert linked not in result


def test_once_unlinked_too_early_is_suggested_for_438_as_withheld(seed_without_body):
    desk = seed_without_body
    ClaimLink.between(desk["438"], desk["too-early"]).delete()
    result = suggest_competitors(desk["438"])
    flags = keys(desk, result)
    assert flags["too-early"] == "definite_vs_withheld"
    first = next(s for s in result if s.claim.pk == desk["too-early"].pk)
    assert "same question" in first.reasons
    assert first.verdict.suggested_kind == "contradicts"
    assert first.verdict.suggested_nature == "certainty"


def test_similar_wording_about_an_overlapping_time_is_suggested(seed_without_body):
    desk = seed_without_body
    other = Claim.objects.create(
        document=desk["438"].document,
        statement="More than 500 Ukrainian soldiers reached Russia on Monday.",
        speaker=desk["400"].speaker,
        about_start=date(2014, 8, 4),
        about_end=date(2014, 8, 4),
        quantity_low=500,
        quantity_low_inclusive=False,
    )
    result = suggest_competitors(desk["438"])
    found = next(s for s in result if s.claim.pk == other.pk)
    assert "similar wording" in found.reasons
    assert found.verdict.flag == "numeric_conflict"
    assert found.similarity > 0


def test_similar_wording_about_another_time_is_not_suggested(seed_without_body):
    desk = seed_without_body
    other = Claim.objects.create(
        document=desk["438"].document,
        statement="438 Ukrainian soldiers reached Russia on Monday.",
        speaker=desk["400"].speaker,
        about_start=date(2015, 1, 1),
        about_end=date(2015, 1, 2),
    )
    assert other.pk not in {s.claim.pk for s in suggest_competitors(desk["438"])}


def test_the_limit_is_kept(seed_without_body):
    desk = seed_without_body
    assert len(suggest_competitors(desk["400"], limit=1)) == 1


def test_a_claim_with_nothing_alike_gets_no_suggestions(seed_without_body):
    assert suggest_competitors(seed_without_body["drills"]) == []


def test_word_similarity_ignores_small_words_and_plurals():
    assert word_similarity("The soldiers crossed", "a soldier crossed") == 1.0
    assert word_similarity("drills on Monday", "casualties since April") == 0.0
    assert word_similarity("", "anything") == 0.0


def test_the_fallback_works_where_trigram_is_unavailable(seed_without_body, monkeypatch):
    monkeypatch.setattr(suggestions, "trigram_available", lambda: False)
    desk = seed_without_body
    other = Claim.objects.create(
        document=desk["438"].document,
        statement="Some 438 Ukrainian soldiers reached Russia.",
        speaker=desk["400"].speaker,
    )
    assert other.pk in {s.claim.pk for s in suggest_competitors(desk["438"])}


@pytest.fixture
def fresh_trigram_cache():
    # The extension made inside a test's transaction goes with its rollback.
    suggestions._trigram_cache.clear()
    yield
    suggestions._trigram_cache.clear()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's")
def test_trigram_ranks_by_similarity_on_postgresql(seed_without_body, fresh_trigram_cache):
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    assert suggestions.trigram_available()
    desk = seed_without_body
    other = Claim.objects.create(
        document=desk["438"].document,
        statement="438 Ukrainian soldiers reached Russia on Monday!",
        speaker=desk["400"].speaker,
    )
    with CaptureQueriesContext(connection) as captured:
        result = suggest_competitors(desk["438"])
    assert len(captured) == 1  # similar, same question and what is shown: one statement
    found = next(s for s in result if s.claim.pk == other.pk)
    assert found.similarity > 0.8
    assert "similar wording" in found.reasons
    assert (found.claim.statement, found.claim.speaker.name) == (
        other.statement, other.speaker.name
    )
    same_question = next(s for s in suggest_competitors(desk["400"]) if s.claim == desk["brigade"])
    assert "same question" in same_question.reasons
    assert same_question.verdict == compare(desk["400"], desk["brigade"])


def test_search_matches_every_word_in_statement_quote_or_speaker(seed_without_body):
    desk = seed_without_body
    found = {c.pk for c in search_claims("malayev monday")}
    assert found == {desk["438"].pk, desk["180"].pk}
    assert search_claims("malayev", exclude=[desk["438"].pk])[0].pk == desk["180"].pk


def test_suggestions_take_a_fixed_number_of_queries_and_carry_what_is_shown(
    seed_without_body, django_assert_num_queries
):
    desk = seed_without_body
    # One statement with trigrams; else the same-question claims, then the pool.
    expected = 1 if suggestions.trigram_available() else 2
    with django_assert_num_queries(expected):
        result = suggest_competitors(desk["400"])
    assert result
    with django_assert_num_queries(0):
        shown = [(s.claim.pk, s.claim.statement, s.claim.speaker.name) for s in result]
    for pk, statement, speaker in shown:
        claim = Claim.objects.select_related("speaker").get(pk=pk)
        assert (statement, speaker) == (claim.statement, claim.speaker.name)
