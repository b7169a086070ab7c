"""The cards read in fewer steps show what they showed before: link cards built from plain
rows (cards.card_of_row) equal those built from ClaimLink instances, a question's evidence
read in plain SQL agrees with the grouping over its claims, and a question card's chain is
the claim's attribution chain."""

import re

import pytest
from django.template import engines
from django.urls import reverse
from markupsafe import escape

from claims import cards, services
from claims.badges import source_badge
from claims.dependence import evidence_summary, question_evidence
from claims.models import Claim, ClaimLink, ClaimRelay, Question, Source

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script>"
CSRF = re.compile(r'(?<=name="csrfmiddlewaretoken" )value="[^"]+"')


def _pair(desk, first="First", second="Second"):
    base = desk["438"]
    return [
        Claim.objects.create(document=base.document, speaker=base.speaker, statement=text)
        for text in (first, second)
    ]


def _reference(link_pk: int, user) -> cards.LinkCard:
    """The link's card as made from model instances all the way down."""
    link = ClaimLink.objects.select_related("first__speaker", "second__speaker").get(pk=link_pk)
    return cards.card_of_link(link, cards.link_powers(user))


def _card_html(card, csrf_token="token") -> str:
    macros = engines["jinja2"].env.get_template("claims/review_macros.html").module
    return str(macros.link_card(card, csrf_token))


@pytest.mark.parametrize("state", ["open", "resolved", "supports"])
def test_a_card_from_a_row_is_the_card_from_the_link(reviewer, seed_without_body, state):
    first, second = _pair(seed_without_body, HOSTILE, 'Say "no" & <b>go</b>')
    first.speaker.name = "Speaker <i>one</i>"
    first.speaker.save()
    kind = "supports" if state == "supports" else "contradicts"
    link = services.link_create(first=first, second=second, kind=kind, nature="numeric",
                                note="A <note>", by=reviewer)
    if state == "resolved":
        services.contradiction_resolve(link=link, outcome="first_upheld",
                                       rationale="Because <b>", by=reviewer,
                                       expected_version=link.version)
    rows = cards.claim_link_cards(first, reviewer)
    assert [row.pk for row in rows] == [link.pk]
    assert isinstance(rows[0], cards.LinkCard)
    assert rows[0] == _reference(link.pk, reviewer)
    html = _card_html(rows[0])
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "Speaker &lt;i&gt;one&lt;/i&gt;" in html
    if state == "resolved":
        assert "Because &lt;b&gt;" in html and 'class="reopen-form"' in html
    if state == "open":
        assert 'class="resolve-form"' in html
    if state == "supports":
        assert "resolve-form" not in html and "reopen-form" not in html


def test_a_card_row_holds_each_sides_own_claim_and_speaker(reviewer, seed_without_body):
    first, second = _pair(seed_without_body)
    other = Source.objects.create(name="Other speaker", kind="person")
    Claim.objects.filter(pk=second.pk).update(speaker=other, status="disputed")
    link = services.link_create(first=first, second=second, kind="contradicts",
                                nature="numeric", by=reviewer)
    (row,) = cards.claim_link_cards(second, reviewer)
    assert (row.first_id, row.second_id) == (link.first_id, link.second_id)
    assert (row.first.pk, row.first.statement, row.first.speaker_name) == (
        first.pk, "First", first.speaker.name
    )
    assert (row.second.pk, row.second.status, row.second.speaker_name) == (
        second.pk, "disputed", "Other speaker"
    )
    assert row.proposed_by_id == reviewer.pk and row.version == link.version


def test_the_queue_shows_rows_whose_cards_match_the_links(client, reviewer, seed_without_body):
    client.force_login(reviewer)
    response = client.get(reverse("claims:review-queue"))
    rows = response.context["page"].object_list
    assert rows and all(isinstance(row, cards.LinkCard) for row in rows)
    html = CSRF.sub('value="token"', response.content.decode())
    for row in rows:
        assert row == _reference(row.pk, reviewer)
        assert _card_html(row) in html


def test_a_remover_sees_the_remove_form_on_a_row_card(editor, reviewer, seed_without_body):
    first, second = _pair(seed_without_body)
    link = services.link_create(first=first, second=second, kind="contradicts",
                                nature="numeric", by=editor)
    (row,) = cards.claim_link_cards(first, editor)
    html = _card_html(row)
    assert 'class="remove-form"' in html and 'class="resolve-form"' not in html
    assert row == _reference(link.pk, editor)
    (seen_by_reviewer,) = cards.claim_link_cards(first, reviewer)
    assert not seen_by_reviewer.may_remove or reviewer.has_perm("claims.delete_claimlink")
    assert not cards.claim_link_cards(first)[0].may_remove  # no user, no controls


# --- A question's evidence -----------------------------------------------------------------


def test_question_evidence_agrees_with_grouping_its_claims(reviewer, seed_without_body):
    base = seed_without_body["438"]
    question = Question.objects.create(text="How many?")
    other = Source.objects.create(name="Another", kind="person")
    claims = []
    for i, (speaker, quote) in enumerate([
        (base.speaker, "we have 40 tanks"),
        (base.speaker, "We have 40 tanks!"),  # the same words: one report
        (other, "we have 40 tanks"),  # another speaker's: independent
        (other, "a wholly different thing"),
        (other, "repeated by link"),
        (other, "dismissed repeat"),
    ]):
        claim = Claim.objects.create(document=base.document, speaker=speaker,
                                     statement=f"S{i}", quote=quote)
        claim.questions.add(question)
        claims.append(claim)
    outside = Claim.objects.create(document=base.document, speaker=other, statement="Off")
    services.link_create(first=claims[3], second=claims[4], kind="repeats", by=reviewer)
    dismissed = services.link_create(first=claims[3], second=claims[5], kind="repeats",
                                     by=reviewer)
    ClaimLink.objects.filter(pk=dismissed.pk).update(status="dismissed")
    # A repeat of a claim off the question does not join it.
    services.link_create(first=claims[5], second=outside, kind="repeats", by=reviewer)
    on_question = list(Claim.objects.filter(questions=question))
    expected = evidence_summary(on_question)
    assert question_evidence(question) == expected == (6, 4)
    assert question_evidence(Question.objects.create(text="Empty?")) == (0, 0)


# --- A question card's chain ---------------------------------------------------------------


def test_a_question_cards_chain_is_the_claims_attribution_chain(client, editor, seed_without_body):
    base = seed_without_body["438"]
    question = Question.objects.create(text="Who said?")
    agency = Source.objects.create(name="Agency <b>&</b>", kind="organization")
    ClaimRelay.objects.create(claim=base, source=agency, position=90)
    base.questions.add(question)
    client.force_login(editor)
    response = client.get(reverse("claims:question-detail", args=[question.pk]))
    (card,) = response.context["claims"]
    claim = Claim.objects.with_relays().select_related("speaker").get(pk=base.pk)
    assert card.chain == tuple(source_badge(s) for s in claim.attribution_chain())
    html = response.content.decode()
    assert escape("Agency <b>&</b>") in html and "<b>&</b>" not in html
    assert f'href="{claim.get_absolute_url()}"' in html
    assert f'href="{reverse("claims:compare")}?a={claim.pk}"' in html


@pytest.mark.django_db
def test_cards_ask_each_permission_once_per_page(client, reviewer, seed_without_body, monkeypatch):
    from accounts.backends import DeskBackend
    from claims.models import Claim
    from claims.services import link_create

    asked = []
    has_perm = DeskBackend.has_perm

    def counting(self, user_obj, perm, obj=None):
        asked.append(perm)
        return has_perm(self, user_obj, perm, obj)

    monkeypatch.setattr(DeskBackend, "has_perm", counting)
    client.force_login(reviewer)

    def asked_on_queue() -> tuple[int, int]:
        asked.clear()
        html = client.get(reverse("claims:review-queue")).content.decode()
        return html.count('class="resolve-form"'), len(asked)

    cards_before, asked_before = asked_on_queue()
    claims = list(Claim.objects.order_by("pk"))
    for a, b in ((claims[6], claims[7]), (claims[7], claims[10]), (claims[6], claims[10])):
        link_create(first=a, second=b, kind="contradicts", nature="numeric")
    cards_after, asked_after = asked_on_queue()
    assert cards_after == cards_before + 3
    assert asked_after == asked_before
