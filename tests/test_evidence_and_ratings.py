"""Where a claim appears, its rating ("B2") and, for reviewers, the control to grade it;
on the claim and question pages, how many reports back it and how many are independent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.demo import Q_HOW_MANY
from claims.dependence import question_evidence
from claims.models import Claim, ClaimLink, ClaimRelay, Question, Source

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def letter(claim) -> str:
    return Source.objects.get(pk=claim.speaker_id).reliability


def compare_url(a, b):
    return f"{reverse('claims:compare')}?a={a.pk}&b={b.pk}"


def copy_of(claim, *, relay: str, quote: str | None = None) -> Claim:
    """The same claim as reported through another relay."""
    copy = Claim.objects.create(
        document=claim.document,
        statement=claim.statement,
        quote=claim.quote if quote is None else quote,
        speaker=claim.speaker,
    )
    ClaimRelay.objects.create(claim=copy, source=Source.objects.get(name=relay), position=1)
    return copy


@pytest.fixture
def one_report_three_times(seed_without_body):
    """438 through Interfax, the same words through RIA Novosti, and a rewording that
    repeats it; nothing else supports it."""
    claim = seed_without_body["438"]
    ClaimLink.objects.filter(first=claim, kind=ClaimLink.Kind.SUPPORTS).delete()
    same_words = copy_of(claim, relay="RIA Novosti")
    reworded = copy_of(claim, relay="The Moscow Times", quote="438 soldiers had come over")
    ClaimLink.objects.create(first=reworded, second=claim, kind=ClaimLink.Kind.REPEATS)
    return claim, same_words, reworded


# --- The claim page --------------------------------------------------------------------------


def test_the_claim_page_counts_repeats_once(client, editor, one_report_three_times):
    claim, same_words, reworded = one_report_three_times
    client.force_login(editor)
    for each in (claim, same_words, reworded):
        html = client.get(each.get_absolute_url()).content.decode()
        assert '<dd class="evidence"' in html
        assert "3 reports, 1 independent source" in html


def test_a_supporting_claim_from_another_speaker_is_independent(
    client, editor, seed_without_body
):
    # The seed links 438 and "more than 400" (another speaker) as supporting.
    client.force_login(editor)
    html = client.get(seed_without_body["438"].get_absolute_url()).content.decode()
    assert "2 reports, 2 independent sources" in html


def test_a_reviewer_grades_the_claim_on_its_page(client, reviewer, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f'id="credibility-{claim.pk}"' in html
    assert '<abbr class="rating"' in html and f">{letter(claim)}-</abbr>" in html
    assert f'action="{reverse("claims:claim-credibility", args=[claim.pk])}"' in html
    assert f'<input type="hidden" name="next" value="{claim.get_absolute_url()}">' in html

    response = client.post(
        reverse("claims:claim-credibility", args=[claim.pk]),
        {"credibility": "2", "version": claim.version, "next": claim.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f">{letter(claim)}2</abbr>" in html
    assert '<option value="2" selected>' in html


def test_an_editor_sees_the_rating_without_a_control(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.filter(pk=claim.pk).update(credibility=3)
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f">{letter(claim)}3</abbr>" in html
    assert "claim credibility 3: possibly true" in html
    assert 'name="credibility"' not in html
    assert reverse("claims:claim-credibility", args=[claim.pk]) not in html


def test_grading_from_the_claim_page_answers_with_the_fragment(client, reviewer, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-credibility", args=[claim.pk]),
        {"credibility": "1", "version": claim.version, "next": claim.get_absolute_url()},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<span class="credibility" id="credibility-{claim.pk}">')
    assert f">{letter(claim)}1</abbr>" in html and "<html" not in html
    assert f'name="next" value="{claim.get_absolute_url()}"' in html
    assert "claimGraded" in response["HX-Trigger"]


def test_the_claim_page_as_a_reviewer_costs_what_it_costs_an_editor(
    client, editor, reviewer, seed_without_body
):
    url = seed_without_body["438"].get_absolute_url()

    def count(user):
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    assert count(reviewer) == count(editor)


# --- The compare page ------------------------------------------------------------------------


def test_the_compare_page_shows_both_ratings_with_controls_for_a_reviewer(
    client, reviewer, seed_without_body
):
    a, b = seed_without_body["438"], seed_without_body["too-early"]
    Claim.objects.filter(pk=a.pk).update(credibility=2)
    client.force_login(reviewer)
    html = client.get(compare_url(a, b)).content.decode()
    assert f'id="credibility-{a.pk}"' in html and f'id="credibility-{b.pk}"' in html
    assert f">{letter(a)}2</abbr>" in html
    assert f">{letter(b)}-</abbr>" in html
    # After grading, the reviewer comes back to this same pair.
    assert f'name="next" value="{compare_url(a, b).replace("&", "&amp;")}"' in html
    assert html.count('name="credibility"') == 2


def test_an_editor_sees_the_compare_ratings_without_controls(client, editor, seed_without_body):
    a, b = seed_without_body["438"], seed_without_body["too-early"]
    client.force_login(editor)
    html = client.get(compare_url(a, b)).content.decode()
    assert f'id="credibility-{a.pk}"' in html and f">{letter(a)}-</abbr>" in html
    assert 'name="credibility"' not in html


def test_a_swapped_column_carries_the_rating_and_control(client, reviewer, seed_without_body):
    a, b = seed_without_body["438"], seed_without_body["too-early"]
    client.force_login(reviewer)
    response = client.get(compare_url(a, b), HTTP_HX_TARGET="column-a", **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="credibility-{a.pk}"' in html and f'id="credibility-select-{a.pk}"' in html
    # The pairing refresh re-renders both columns out of band, controls included.
    response = client.get(compare_url(a, b), HTTP_HX_TARGET="pairing", **HX)
    html = response.content.decode()
    assert f'id="credibility-select-{a.pk}"' in html
    assert f'id="credibility-select-{b.pk}"' in html


def test_grading_on_the_compare_page_returns_to_it(client, reviewer, seed_without_body):
    a, b = seed_without_body["438"], seed_without_body["too-early"]
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claim-credibility", args=[b.pk]),
        {"credibility": "6", "version": b.version, "next": compare_url(a, b)},
    )
    assert response.status_code == 302 and response["Location"] == compare_url(a, b)
    html = client.get(response["Location"]).content.decode()
    assert f">{letter(b)}6</abbr>" in html


# --- The question page -----------------------------------------------------------------------


def test_the_question_page_counts_independent_sources(client, editor, one_report_three_times):
    claim, same_words, reworded = one_report_three_times
    question = Question.objects.get(text=Q_HOW_MANY)
    url = reverse("claims:question-detail", args=[question.pk])
    client.force_login(editor)
    before = question_evidence(question)
    assert f"<strong>Evidence:</strong> {before.text}" in client.get(url).content.decode()

    same_words.questions.add(question)
    reworded.questions.add(question)
    after = question_evidence(question)
    assert (after.reports, after.independent) == (before.reports + 2, before.independent)
    html = client.get(url).content.decode()
    assert f"<strong>Evidence:</strong> {after.text}" in html
    # The board fragment (htmx) carries it too.
    fragment = client.get(url, **HX).content.decode()
    assert "<html" not in fragment and f"<strong>Evidence:</strong> {after.text}" in fragment


def test_assigning_a_repeat_refreshes_the_summary_on_the_board(
    client, editor, one_report_three_times
):
    claim, same_words, _ = one_report_three_times
    question = Question.objects.get(text=Q_HOW_MANY)
    before = question_evidence(question)
    client.force_login(editor)
    response = client.post(
        reverse("claims:question-assign", args=[question.pk]), {"claim": same_words.pk}, **HX
    )
    html = response.content.decode()
    reports = before.reports + 1
    assert response.status_code == 200
    assert f"{reports} reports, {before.independent} independent sources" in html


def test_the_question_page_shows_each_claims_rating(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.filter(pk=claim.pk).update(credibility=2)
    question = Question.objects.get(text=Q_HOW_MANY)
    client.force_login(editor)
    html = client.get(reverse("claims:question-detail", args=[question.pk])).content.decode()
    assert f"· {letter(claim)}2</dd>" in html
