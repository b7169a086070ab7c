"""The link suggestions made cheaper: the claim read by a statement written once, verdicts
computed only for candidates that can still be shown, the rows built by the
suggestion_rows tag; the same suggestions, order and markup as before."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape

from claims import compare as compare_module
from claims import suggestions
from claims.compare import compare
from claims.models import Claim, Question, Source
from claims.suggestions import SUGGESTED_FOR, claim_to_suggest_or_404, suggest_competitors
from claims.templatetags.desk import suggestion_rows

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"co\" {} %s"

# What templates/claims/link_suggestions.html's loop rendered for each row, before the rows
# were built in Python.
ROWS_TEMPLATE = Template(
    """{% load desk %}{% url 'claims:claim-detail' claim.pk as claim_url %}{% url 'claims:compare' as compare_url %}{% for row in rows %}{% with s=row.suggestion %}
    <li class="suggestion flag-{{ s.verdict.flag }}" data-claim="{{ s.claim.pk }}">
      <p class="suggestion-head"><span class="flag">{{ s.verdict.label }}</span>
        <span class="statement">{{ s.claim.statement }}</span>
        <span class="speaker">({{ s.claim.speaker.name }})</span>
        <span class="why">{{ s.reasons|join:", " }}</span></p>
      <p class="detail">{{ s.verdict.detail }} <a href="{{ compare_url }}?a={{ claim.pk }}&amp;b={{ s.claim.pk }}">Compare side by side</a></p>
      {% if row.form %}{% new_link_form row.form.initial row.form.auto_id claim_url %}{% endif %}
    </li>
    {% endwith %}{% endfor %}"""  # noqa: E501
)


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


def every_verdict(claim, limit):
    """suggest_competitors as it was: every candidate compared, all sorted, `limit` kept."""
    rows, similar, same_question = suggestions._candidates(claim, limit * 3)
    scored = []
    for pk, (_name, *values) in rows.items():
        other = Claim(pk=pk, **dict(zip(suggestions.SHOWN[2:], values[2:], strict=True)))
        verdict = compare(claim, other)
        score = (1.0 if pk in same_question else 0.0) + (0.5 if verdict.is_conflict else 0.0)
        scored.append((-(score + similar.get(pk, 0.0)), pk, verdict))
    return [(pk, verdict) for _, pk, verdict in sorted(scored, key=lambda item: item[:2])[:limit]]


@pytest.mark.parametrize("limit", [1, 3, 10, 50])
def test_comparing_only_the_candidates_that_can_be_shown_keeps_the_suggestions(
    crowded, limit, monkeypatch
):
    claim = claim_to_suggest_or_404(crowded.pk)
    everything = every_verdict(claim, 50)
    assert {verdict.is_conflict for _, verdict in everything} == {True, False}
    calls = []
    compare_sides = compare_module._compare_sides
    monkeypatch.setattr(
        compare_module, "_compare_sides", lambda a, b: calls.append(b) or compare_sides(a, b)
    )
    result = suggest_competitors(claim, limit=limit)
    assert [(s.claim.pk, s.verdict) for s in result] == everything[:limit]
    candidates = len(suggestions._candidates(claim, limit * 3)[0])
    assert len(calls) <= candidates
    if limit < 10:  # once `limit` conflicts on the question are found, the others wait
        assert len(calls) < candidates


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
def test_the_rows_are_what_the_template_rendered(client, crowded, request, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("claims:claim-suggestions", args=[crowded.pk])
    context = client.get(url, HTTP_HX_REQUEST="true").context_data
    assert len(context["rows"]) == 10
    assert any(row["form"] for row in context["rows"]) == (role == "reviewer")
    values = {**context, "csrf_token": "token-123"}
    built = Template("{% load desk %}{% suggestion_rows rows claim.pk %}").render(Context(values))
    assert built == ROWS_TEMPLATE.render(Context(values))
    assert built == suggestion_rows(Context(values), context["rows"], crowded.pk)
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
