"""Questions: list, create, the question page with columns, number line and timeline; assigning."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.demo import Q_HOW_MANY
from claims.models import Claim, ClaimRelay, Question, Source

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def how_many(seed_without_body):
    return Question.objects.get(text=Q_HOW_MANY)


def test_anonymous_visitors_are_sent_to_login(client, how_many):
    for url in [reverse("claims:question-list"), reverse("claims:question-create"),
                reverse("claims:question-detail", args=[how_many.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/?next=" in response["Location"]


def test_a_user_without_a_role_is_refused(client, outsider, how_many):
    client.force_login(outsider)
    assert client.get(reverse("claims:question-list")).status_code == 403
    assert client.get(reverse("claims:question-detail", args=[how_many.pk])).status_code == 403
    assert client.post(reverse("claims:question-create"), {"text": "x"}).status_code == 403


def test_the_list_shows_questions_with_their_claim_counts(client, editor, how_many):
    client.force_login(editor)
    page = client.get(reverse("claims:question-list"))
    html = page.content.decode()
    assert Q_HOW_MANY in html and "<td>4</td>" in html
    assert 'aria-current="page">Questions' in html
    fragment = client.get(reverse("claims:question-list"), **HX).content.decode()
    assert "<html" not in fragment and Q_HOW_MANY in fragment


def test_an_editor_creates_a_question(client, editor, db):
    client.force_login(editor)
    response = client.post(
        reverse("claims:question-create"), {"text": "  Who   fired first? ", "description": ""}
    )
    question = Question.objects.get()
    assert question.text == "Who fired first?" and question.created_by == editor
    assert response["Location"] == reverse("claims:question-detail", args=[question.pk])


def test_creating_by_htmx_redirects_the_client(client, editor, db):
    client.force_login(editor)
    response = client.post(reverse("claims:question-create"), {"text": "Why?"}, **HX)
    assert response["HX-Redirect"] == reverse(
        "claims:question-detail", args=[Question.objects.get().pk]
    )


def test_a_question_without_text_is_refused_keeping_the_description(client, editor, db):
    client.force_login(editor)
    response = client.post(
        reverse("claims:question-create"), {"text": "", "description": "kept words"}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required." in html
    assert "kept words" in html and "<html" not in html
    assert not Question.objects.exists()
    assert client.get(reverse("claims:question-create")).status_code == 200


def test_the_question_page_shows_columns_number_line_and_timeline(client, editor, how_many):
    client.force_login(editor)
    html = client.get(reverse("claims:question-detail", args=[how_many.pk])).content.decode()
    assert html.count('class="question-claim') == 4
    assert 'class="number-line"' in html
    assert "438 soldiers · Vasily Malayev" in html
    assert "over 400 soldiers · Unnamed FSB border security official" in html
    assert "When each claim was made" in html and "4 Aug 2014" in html
    assert 'class="nl-open"' in html


def test_the_board_is_a_fragment_too(client, editor, how_many):
    client.force_login(editor)
    html = client.get(
        reverse("claims:question-detail", args=[how_many.pk]), **HX
    ).content.decode()
    assert html.lstrip().startswith('<div id="question-board" ') and "<html" not in html


def test_searching_for_claims_to_add_lists_only_claims_off_the_question(
    client, editor, how_many, seed_without_body
):
    client.force_login(editor)
    url = reverse("claims:question-detail", args=[how_many.pk])
    html = client.get(url, {"q": "malayev"}, HTTP_HX_TARGET="question-candidates", **HX
                      ).content.decode()
    assert html.lstrip().startswith('<div id="question-candidates">')
    assert "more than 180" in html
    assert "438 Ukrainian" not in html


def test_an_editor_assigns_and_unassigns_a_claim(client, editor, how_many, seed_without_body):
    claim = seed_without_body["180"]
    client.force_login(editor)
    response = client.post(
        reverse("claims:question-assign", args=[how_many.pk]), {"claim": claim.pk}, **HX
    )
    assert "By Monday afternoon more than 180" in response.content.decode()
    assert how_many.claims.filter(pk=claim.pk).exists()
    response = client.post(
        reverse("claims:question-unassign", args=[how_many.pk]), {"claim": claim.pk}
    )
    assert response.status_code == 302
    assert not how_many.claims.filter(pk=claim.pk).exists()


def test_a_claim_put_on_or_taken_off_a_question_says_so_in_its_history(
    client, editor, reviewer, how_many, seed_without_body
):
    claim = seed_without_body["drills"]  # logged by someone else than the editor
    Claim.objects.filter(pk=claim.pk).update(created_by=reviewer)
    client.force_login(editor)
    assign = reverse("claims:question-assign", args=[how_many.pk])
    unassign = reverse("claims:question-unassign", args=[how_many.pk])
    assert client.post(assign, {"claim": claim.pk}).status_code == 302
    assert client.post(unassign, {"claim": claim.pk}).status_code == 302
    records = list(claim.history.order_by("-history_id")[:2])
    assert [(r.history_user, r.history_change_reason) for r in records] == [
        (editor, f"Taken off the question “{Q_HOW_MANY}”"),
        (editor, f"Put on the question “{Q_HOW_MANY}”"),
    ]
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f"by edna: Put on the question “{Q_HOW_MANY}”" in html


def test_taking_a_claim_off_a_question_it_is_not_on_changes_nothing(
    client, editor, how_many, seed_without_body
):
    claim = seed_without_body["drills"]
    records = claim.history.count()
    client.force_login(editor)
    response = client.post(
        reverse("claims:question-unassign", args=[how_many.pk]), {"claim": claim.pk}
    )
    assert response.status_code == 302
    assert claim.history.count() == records


def test_assigning_needs_a_claim(client, editor, how_many):
    client.force_login(editor)
    response = client.post(reverse("claims:question-assign", args=[how_many.pk]), {}, follow=True)
    assert "Choose a claim." in response.content.decode()


def test_assigning_needs_a_post_and_a_role(client, outsider, editor, how_many):
    client.force_login(editor)
    assert client.get(reverse("claims:question-assign", args=[how_many.pk])).status_code == 405
    client.force_login(outsider)
    assert client.post(reverse("claims:question-assign", args=[how_many.pk]),
                       {"claim": 1}).status_code == 403


def test_a_missing_question_is_404(client, editor, db):
    client.force_login(editor)
    assert client.get(reverse("claims:question-detail", args=[9999])).status_code == 404


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def add_claims(question, speaker, document, n, start=0):
    for i in range(start, start + n):
        claim = Claim.objects.create(
            document=document, statement=f"Filler {i}", speaker=speaker,
            quantity_low=i, quantity_high=i,
        )
        claim.questions.add(question)
        relay = Source.objects.create(name=f"Relay {i}", kind="outlet")
        ClaimRelay.objects.create(claim=claim, source=relay, position=1)


def test_query_counts_do_not_grow_with_rows(client, editor, seed_without_body):
    client.force_login(editor)
    speaker = seed_without_body["438"].speaker
    document = seed_without_body["438"].document
    question = Question.objects.create(text="Filler?")
    add_claims(question, speaker, document, 5)
    for i in range(5):
        Question.objects.create(text=f"Q{i}")
    detail = reverse("claims:question-detail", args=[question.pk])
    few = (queries(client, detail), queries(client, reverse("claims:question-list")))
    add_claims(question, speaker, document, 95, start=5)
    for i in range(95):
        Question.objects.create(text=f"R{i}")
    many = (queries(client, detail), queries(client, reverse("claims:question-list")))
    assert few == many


def test_each_claim_card_offers_to_take_it_off_only_to_those_who_may(client, editor, how_many):
    from django.contrib.auth.models import Permission

    client.force_login(editor)
    url = reverse("claims:question-detail", args=[how_many.pk])
    html = client.get(url).content.decode()
    assert html.count("Take off this question") == 4
    assert html.count(f'action="{reverse("claims:question-unassign", args=[how_many.pk])}"') == 4
    assert f'href="{reverse("claims:compare")}?a=' in html
    editor.groups.first().permissions.remove(Permission.objects.get(codename="change_claim"))
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert html.count('class="question-claim') == 4 and "Take off this question" not in html
