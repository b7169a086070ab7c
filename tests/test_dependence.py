import pytest

from claims.dependence import (
    Evidence,
    claim_evidence,
    evidence_summary,
    independent_groups,
    normalise_quote,
    question_evidence,
)
from claims.models import Claim, ClaimLink, ClaimRelay, Document, Question, Source

pytestmark = pytest.mark.django_db


def relay_copy(claim: Claim, relays: list[Source], quote: str | None = None) -> Claim:
    """The same speaker's words, reported in another document through other relays."""
    document = Document.objects.create(
        title=f"Another report {Document.objects.count()}",
        published_at=claim.document.published_at,
    )
    copy = Claim.objects.create(
        document=document,
        statement=claim.statement,
        quote=claim.quote if quote is None else quote,
        speaker=claim.speaker,
    )
    for position, source in enumerate(relays, start=1):
        ClaimRelay.objects.create(claim=copy, source=source, position=position)
    return copy


def test_quotes_are_compared_without_case_punctuation_or_spacing():
    assert normalise_quote('  "438 Ukrainian  soldiers," had reached…') == normalise_quote(
        "438 ukrainian soldiers had reached"
    )
    assert normalise_quote("Ὀδυσσεύς") == normalise_quote("ὀδυσσεύς")
    assert normalise_quote("") == ""


def test_the_text_reads_plainly():
    assert Evidence(3, 1).text == "3 reports, 1 independent source"
    assert Evidence(1, 1).text == "1 report, 1 independent source"
    assert str(Evidence(4, 2)) == "4 reports, 2 independent sources"
    reports, independent = Evidence(2, 1)
    assert (reports, independent) == (2, 1)


def test_the_same_speaker_and_quote_through_other_relays_counts_once(seed_without_body):
    original = seed_without_body["438"]
    ria = Source.objects.get(name="RIA Novosti")
    via_ria = relay_copy(original, [ria])
    shouted = relay_copy(original, [], quote="438 UKRAINIAN SOLDIERS had reached Russia on Monday!")
    assert evidence_summary([original, via_ria, shouted]) == (3, 1)
    assert evidence_summary([original, via_ria, shouted]).text == (
        "3 reports, 1 independent source"
    )


def test_the_same_quote_from_another_speaker_is_independent(seed_without_body):
    original = seed_without_body["438"]
    other = relay_copy(original, [])
    Claim.objects.filter(pk=other.pk).update(speaker=Source.objects.get(name="Igor Klimov"))
    other.refresh_from_db()
    assert evidence_summary([original, other]) == (2, 2)


def test_repeats_links_count_once_and_transitively(seed_without_body):
    claims = seed_without_body
    a, b, c = claims["438"], claims["drills"], claims["casualties"]
    ClaimLink.objects.create(first=b, second=a, kind="repeats")
    ClaimLink.objects.create(first=c, second=b, kind="repeats")
    assert evidence_summary([a, b, c, claims["denial"]]) == (4, 2)
    groups = sorted(len(group) for group in independent_groups([a, b, c, claims["denial"]]))
    assert groups == [1, 3]


def test_a_dismissed_repeats_link_does_not_join_reports(seed_without_body):
    claims = seed_without_body
    ClaimLink.objects.create(
        first=claims["drills"], second=claims["438"], kind="repeats", status="dismissed"
    )
    assert evidence_summary([claims["438"], claims["drills"]]) == (2, 2)


def test_a_claim_counted_twice_is_one_report(seed_without_body):
    claim = seed_without_body["438"]
    assert evidence_summary([claim, claim]) == (1, 1)
    assert evidence_summary([]) == (0, 0)


def test_evidence_summary_takes_one_query(seed_without_body, django_assert_num_queries):
    claims = list(Claim.objects.all())
    with django_assert_num_queries(1):
        evidence_summary(claims)


def test_a_claims_evidence_gathers_its_repeats_and_supporters(seed_without_body):
    claims = seed_without_body
    # 438 is supported by "more than 400", from another speaker.
    assert claim_evidence(claims["438"]).text == "2 reports, 2 independent sources"
    via_ria = relay_copy(claims["438"], [Source.objects.get(name="RIA Novosti")])
    repeat = Claim.objects.create(
        document=via_ria.document,
        statement="Hundreds crossed, the FSB said.",
        quote="",
        speaker=Source.objects.get(name="The Moscow Times"),
    )
    ClaimLink.objects.create(first=repeat, second=via_ria, kind="repeats")
    evidence = claim_evidence(claims["438"])
    assert evidence == (4, 2)
    assert evidence.text == "4 reports, 2 independent sources"
    # Whichever copy is asked about, the answer is the same.
    assert claim_evidence(repeat) == (4, 2)


def test_a_question_shows_its_reports_and_independent_sources(seed_without_body):
    claims = seed_without_body
    question = Question.objects.get(text__startswith="How many")
    assert question_evidence(question).text == "4 reports, 4 independent sources"
    copy = relay_copy(claims["438"], [Source.objects.get(name="RIA Novosti")])
    copy.questions.add(question)
    assert question_evidence(question).text == "5 reports, 4 independent sources"


def test_every_save_keeps_the_quote_key(seed_without_body):
    claim = seed_without_body["438"]
    assert claim.quote_key and len(claim.quote_key) == 40
    copy = relay_copy(claim, [], quote=f"  {claim.quote.upper()}!! ")
    assert copy.quote_key == claim.quote_key
    copy.quote = "Other words entirely"
    copy.save()
    copy.refresh_from_db()
    assert copy.quote_key != claim.quote_key
    copy.quote = " … "
    copy.save()
    copy.refresh_from_db()
    assert copy.quote_key == ""


def test_the_family_is_found_by_the_key_not_by_reading_the_speakers_claims(seed_without_body):
    claim = seed_without_body["438"]
    same = relay_copy(claim, [], quote=claim.quote.lower())
    for n in range(40):
        relay_copy(claim, [], quote=f"Another statement number {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.dependence import SAME_WORDS, _neighbours, claim_family

    with CaptureQueriesContext(connection) as queries:
        family = claim_family(claim)
    assert {c.pk for c in family} == {claim.pk, same.pk}
    assert any(claim.quote_key in q["sql"] for q in queries), "looked up by quote_key"
    # Only the reports of the same words are read: none of the speaker's other 40.
    rows = _neighbours({claim.pk}, {(claim.speaker_id, claim.quote_key)})
    assert sorted(pk for pk, *_, how, _from in rows if how == SAME_WORDS) == sorted(
        [claim.pk, same.pk]
    )


def test_the_migration_fills_the_key_of_existing_claims(seed_without_body):
    import importlib

    from django.apps import apps

    Claim.objects.update(quote_key="")
    fill = importlib.import_module("claims.migrations.0007_claim_quote_key").fill_keys

    class Editor:
        from django.db import connection

    fill(apps, Editor)
    for claim in Claim.objects.all():
        from claims.anchors import quote_key

        assert claim.quote_key == quote_key(claim.quote)


def test_a_questions_evidence_is_one_query_and_follows_its_repeats_links(
    seed_without_body, django_assert_num_queries
):
    question = Question.objects.get(text__startswith="How many")
    # Two new reports on the question, from different speakers, in other words.
    first, second = (
        Claim.objects.create(document=claim.document, statement="Reworded", speaker=speaker)
        for claim, speaker in zip(
            question.claims.order_by("pk")[:2], Source.objects.order_by("pk")[:2], strict=True
        )
    )
    first.questions.add(question)
    second.questions.add(question)
    before = question_evidence(question)
    off_question = Claim.objects.exclude(questions=question).first()
    ClaimLink.objects.create(first=first, second=off_question, kind="repeats")
    ClaimLink.objects.create(first=second, second=first, kind="repeats", status="dismissed")
    assert question_evidence(question) == before
    ClaimLink.objects.filter(first=second, second=first).update(status="open")
    with django_assert_num_queries(1):
        after = question_evidence(question)
    assert after == (before.reports, before.independent - 1)
    assert after == evidence_summary(question.claims.all())
