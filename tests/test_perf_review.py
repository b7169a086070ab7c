"""What the reviewer pages read in fewer steps still shows what the plain reads showed: the
queue's pages picked by a subquery, the compare page's link with the columns' claims, the
question cards' relays read as rows, and the number line's escaping."""

from datetime import date

import pytest
from django.template import engines
from django.urls import reverse

from claims import cards, numberline, services
from claims.models import Claim, ClaimLink, ClaimRelay, Question, Source
from claims.views import review

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
QUEUE = "/review/"


# --- The review queue -----------------------------------------------------------------------


def add_contradictions(desk, n, by):
    """n open contradictions between fresh claims of the seed's document and speaker."""
    base = desk["438"]
    links = []
    for i in range(n):
        first, second = (
            Claim.objects.create(document=base.document, speaker=base.speaker,
                                 statement=f"Claim {i}{side}")
            for side in "ab"
        )
        links.append(services.link_create(first=first, second=second, kind="contradicts",
                                          nature="numeric", by=by))
    return links


def test_each_queue_page_holds_the_next_links_oldest_first(
    client, reviewer, seed_without_body, monkeypatch
):
    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 3)
    add_contradictions(seed_without_body, 5, reviewer)
    expected = list(
        ClaimLink.objects.filter(kind="contradicts", status="open")
        .order_by("created_at", "pk").values_list("pk", flat=True)
    )
    assert len(expected) == 9  # the seed's four and five more
    client.force_login(reviewer)
    seen = []
    for number in (1, 2, 3):
        page = client.get(QUEUE, {"page": number}).context["page"]
        seen += [link.pk for link in page.object_list]
        assert page.has_next == (number < 3)
    assert seen == expected
    assert not client.get(QUEUE, {"page": 4}).context["page"].object_list


def test_a_queue_page_shows_each_links_own_claims_and_speakers(
    client, reviewer, seed_without_body, monkeypatch
):
    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 2)
    links = add_contradictions(seed_without_body, 3, reviewer)
    client.force_login(reviewer)
    for number in (1, 2, 3, 4):
        for link in client.get(QUEUE, {"page": number}).context["page"].object_list:
            stored = ClaimLink.objects.select_related("first__speaker", "second__speaker").get(
                pk=link.pk
            )
            assert (link.first.statement, link.second.statement) == (
                stored.first.statement, stored.second.statement
            )
            assert link.first.speaker_name == stored.first.speaker.name
            assert link.second.speaker_name == stored.second.speaker.name
    html = client.get(QUEUE, {"page": 4}, **HX).content.decode()
    assert f'id="link-{links[-1].pk}"' in html and "Claim 2a" in html and "Claim 2b" in html


def test_filtered_queue_pages_keep_the_filter(client, reviewer, seed_without_body, monkeypatch):
    monkeypatch.setattr(review, "QUEUE_PAGE_SIZE", 2)
    links = add_contradictions(seed_without_body, 3, reviewer)
    question = Question.objects.create(text="Which filler?")
    for link in links:
        link.first.questions.add(question)
    client.force_login(reviewer)
    first = client.get(QUEUE, {"question": question.pk}).context["page"]
    second = client.get(QUEUE, {"question": question.pk, "page": 2}).context["page"]
    assert [link.pk for link in [*first.object_list, *second.object_list]] == [
        link.pk for link in links
    ]
    assert first.has_next and not second.has_next


# --- The compare page ----------------------------------------------------------------------


def test_compare_shows_the_link_in_its_own_order_whichever_side_is_picked(
    client, editor, seed_without_body
):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    client.force_login(editor)
    for a, b in ((link.first, link.second), (link.second, link.first)):
        response = client.get(reverse("claims:compare"), {"a": a.pk, "b": b.pk})
        shown = response.context["pair"].link
        assert shown.pk == link.pk
        assert (shown.first.pk, shown.second.pk) == (link.first_id, link.second_id)
        html = response.content.decode()
        first_item = html.index('class="link-first"')
        second_item = html.index('class="link-second"')
        assert html.index(f'data-claim="{link.first_id}"', first_item) < second_item


def test_compare_escapes_the_linked_claims_text(client, editor, seed_without_body):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    Claim.objects.filter(pk=link.first_id).update(statement="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(reverse("claims:compare"), {"a": link.second_id, "b": link.first_id})
    html = html.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- The question page's cards ---------------------------------------------------------------


def test_question_cards_are_what_the_row_query_would_show(client, editor, seed_without_body):
    """Cards built from question_cards' rows show the chain Claim.objects.for_rows reads."""
    question = Question.objects.create(text="Who relayed it?")
    base = seed_without_body["438"]
    shared = Source.objects.create(name="Shared <b>agency</b>", kind="organization")
    for i in range(4):
        claim = Claim.objects.create(document=base.document, speaker=base.speaker,
                                     statement=f"Relayed {i}", quantity_low=i, quantity_high=i)
        claim.questions.add(question)
        if i:  # no relay, one, and two in reverse order of position
            ClaimRelay.objects.create(claim=claim, source=shared, position=5)
        if i > 1:
            outlet = Source.objects.create(name=f"Outlet {i}", kind="outlet")
            ClaimRelay.objects.create(claim=claim, source=outlet, position=2)
    # The speaker relaying its own claim: the speaker's Source is reused for the relay.
    ClaimRelay.objects.create(claim=base, source=base.speaker, position=50)
    base.questions.add(question)
    client.force_login(editor)
    shown = client.get(reverse("claims:question-detail", args=[question.pk])).context["claims"]
    reference = {
        claim.pk: claim
        for claim in Claim.objects.for_rows(*cards.QUESTION_CARD_FIELDS[1:]).filter(
            questions=question
        )
    }
    assert len(shown) == 5
    for card in shown:
        claim = reference[card.pk]
        assert ", via ".join(b.name for b in card.chain) == claim.attribution_text()
        assert (card.statement, card.status, card.rating) == (
            claim.statement, claim.status, claim.rating
        )
    html = client.get(reverse("claims:question-detail", args=[question.pk])).content.decode()
    assert "Shared &lt;b&gt;agency&lt;/b&gt;" in html and "Shared <b>agency" not in html


def test_a_question_without_claims_reads_no_relays(client, editor, db):
    question = Question.objects.create(text="Nothing yet?")
    client.force_login(editor)
    response = client.get(reverse("claims:question-detail", args=[question.pk]))
    assert response.context["claims"] == []
    assert "No claims on this question yet." in response.content.decode()


# --- The number line's escaping ------------------------------------------------------------


def test_a_hostile_label_is_escaped_in_the_drawing():
    rows = [("<script>x</script>", "<i>said</i>", date(2024, 1, 1), None, "c\"d")]
    drawing = numberline.date_line(rows, title="<b>t</b>")
    macros = engines["jinja2"].env.get_template("claims/review_macros.html").module
    svg = str(macros.drawing(drawing))
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    assert "&lt;i&gt;said&lt;/i&gt;" in svg and 'class="nl-row c&#34;d"' in svg
    assert "<title>&lt;b&gt;t&lt;/b&gt;</title>" in svg


# --- The question list's counts ------------------------------------------------------------


def test_the_question_list_counts_each_questions_claims_on_every_page(
    client, editor, seed_without_body, monkeypatch
):
    monkeypatch.setattr(review, "QUESTION_PAGE_SIZE", 2)
    base = seed_without_body["438"]
    for n in (0, 3, 1):
        question = Question.objects.create(text=f"Counted {n}?")
        for i in range(n):
            Claim.objects.create(document=base.document, speaker=base.speaker,
                                 statement=f"On {n}: {i}").questions.add(question)
    expected = {q.pk: q.claims.count() for q in Question.objects.all()}
    assert sorted(expected.values()).count(0) >= 1
    client.force_login(editor)
    seen = {}
    for number in range(1, len(expected) // 2 + 2):
        page = client.get(reverse("claims:question-list"), {"page": number}).context["page"]
        seen.update({q.pk: q.claim_count for q in page.object_list})
    assert seen == expected
    first = client.get(reverse("claims:question-list")).content.decode()
    second = client.get(reverse("claims:question-list"), {"page": 2}).content.decode()
    assert "Counted 1?</a></td><td>1</td>" in first and "Counted 3?</a></td><td>3</td>" in first
    assert "Counted 0?</a></td><td>0</td>" in second


def test_a_typed_search_reads_the_candidates_alone(client, editor, seed_without_body):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.demo import Q_HOW_MANY

    question = Question.objects.get(text=Q_HOW_MANY)
    url = reverse("claims:question-detail", args=[question.pk])
    client.force_login(editor)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"q": "malayev"}, HTTP_HX_TARGET="question-candidates", **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="question-candidates">')
    assert "more than 180" in html and "Evidence:" not in html
    # No relays for the cards, no evidence (it reads the "repeats" links), no board.
    assert not [q for q in ctx.captured_queries
                if "claimrelay" in q["sql"] or "'repeats'" in q["sql"]]
