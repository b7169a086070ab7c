"""The link suggestions made cheaper: verdicts computed only for candidates that can still
be shown, the rows built once as presenters (cards.SuggestionRow); the same suggestions,
order and markup as before."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from markupsafe import escape

from claims import suggestions
from claims.cards import SuggestionRow
from claims.compare import compare
from claims.models import Claim, Question, Source
from claims.suggestions import SUGGESTED_FOR, claim_to_suggest_or_404, suggest_competitors

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"co\" {} %s"

@pytest.fixture
def crowded(seed_without_body):
    """The seed's "400" ("more than 400 soldiers") with 20 more claims on its question, by a
    hostile speaker: figures that conflict with it, agree with it, count other things or
    are withheld; a hostile statement and unit."""
    desk = seed_without_body
    claim = desk["400"]
    question = Question.objects.create(text="How many crossed?")
    claim.questions.add(question)
    hostile = Source.objects.create(name=HOSTILE, kind=Source.Kind.PERSON)
    figures = [(Decimal(n), "soldiers") for n in (400, 438, 12, 500, 9000, 401, 3)]
    figures += [(Decimal(7), f"{HOSTILE} soldiers"), (None, ""), (Decimal("2.5"), "tanks")]
    for i, (figure, unit) in enumerate(figures * 2):
        other = Claim.objects.create(
            document=claim.document, speaker=hostile, statement=f"{HOSTILE} claim {i}",
            quantity_low=figure, quantity_high=figure, quantity_unit=unit,
            about_start=date(2014, 8, 4), about_end=date(2014, 8, 4),
            certainty=Claim.Certainty.WITHHELD if i % 5 == 4 else Claim.Certainty.ASSERTED,
        )
        other.questions.add(question)
    return claim


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_a_smaller_limit_keeps_the_best_in_the_same_order(crowded, limit):
    claim = claim_to_suggest_or_404(crowded.pk)
    everything = suggest_competitors(claim, limit=50)
    assert {s.verdict.is_conflict for s in everything} == {True, False}
    result = suggest_competitors(claim, limit=limit)
    assert [(s.claim.pk, s.verdict) for s in result] == [
        (s.claim.pk, s.verdict) for s in everything[:limit]
    ]
    scores = [s.score for s in everything]
    assert scores == sorted(scores, reverse=True) and min(scores) >= suggestions.MIN_SCORE


def test_each_suggestion_carries_what_compare_says_of_the_pair_or_a_stance(crowded):
    claim = claim_to_suggest_or_404(crowded.pk)
    for suggestion in suggest_competitors(claim, limit=50):
        verdict = compare(claim, Claim.objects.get(pk=suggestion.claim.pk))
        assert suggestion.verdict == verdict or (
            verdict.flag in ("none", "definite_vs_hedged", "definite_vs_withheld")
            and suggestion.verdict.flag in (suggestions.DENIAL, suggestions.RIVAL_REASON)
        )


def test_the_claim_is_read_as_the_orm_reads_it(crowded):
    read = claim_to_suggest_or_404(crowded.pk)
    orm = Claim.objects.only(*SUGGESTED_FOR).get(pk=crowded.pk)
    loaded = {f.attname for f in Claim._meta.concrete_fields} - orm.get_deferred_fields()
    assert read.get_deferred_fields() == orm.get_deferred_fields()
    assert {name: getattr(read, name) for name in loaded} == {
        name: getattr(orm, name) for name in loaded
    }
    assert isinstance(read.quantity_low, Decimal) and read.created_at.tzinfo is not None
    with pytest.raises(Http404):
        claim_to_suggest_or_404(Claim.objects.order_by("-pk").first().pk + 1)


@pytest.fixture
def viewer(outsider):
    """May see claims, but not link them: no link forms."""
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="view_claim"))
    return outsider


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_the_rows_carry_what_is_shown_and_a_form_for_those_who_may_link(
    client, crowded, request, role
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("claims:claim-suggestions", args=[crowded.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    rows = response.context["rows"]
    assert len(rows) == 10 and all(isinstance(row, SuggestionRow) for row in rows)
    assert any(row.form for row in rows) == (role == "reviewer")
    expected = suggest_competitors(claim_to_suggest_or_404(crowded.pk))
    assert [(row.pk, row.flag, row.detail) for row in rows] == [
        (s.claim.pk, s.verdict.flag, s.verdict.detail) for s in expected
    ]
    built = response.content.decode()
    assert built.count('<li class="suggestion flag-') == 10
    assert built.count('<form class="link-form"') == (10 if role == "reviewer" else 0)
    assert "<script>" not in built and escape(HOSTILE) in built
    assert f"({escape(HOSTILE)})" in built and f"7 {escape(HOSTILE)} soldiers lies" in built


def test_the_fragment_escapes_and_links_each_suggestion(client, reviewer, crowded):
    client.force_login(reviewer)
    url = reverse("claims:claim-suggestions", args=[crowded.pk])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = client.get(url, **headers).content.decode()
        assert "<script>alert" not in html and escape(HOSTILE) in html
        assert html.count('<li class="suggestion flag-') == 10
        assert html.count('<form class="link-form"') == 10
        assert f"?a={crowded.pk}&amp;b=" in html
    assert client.get(reverse("claims:claim-suggestions", args=[10**9])).status_code == 404
