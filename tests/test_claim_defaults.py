"""Logging a claim on a document: said on the publication day and carried by the publisher
unless the editor says otherwise, and a new question started from the log form."""

from datetime import date

import pytest
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Claim, Document, Precision, Question, Source

pytestmark = pytest.mark.django_db

PUBLISHED = date(2014, 8, 4)  # the seed article: The Moscow Times, Monday 4 August 2014


@pytest.fixture
def document(seed_without_body):
    return Document.objects.get(url=SEED_URL)


def page(client, document) -> str:
    return client.get(document.get_absolute_url()).content.decode()


def log(client, document, **data):
    posted = {"statement": "The border was calm.", "speaker": malayev().pk, **data}
    return client.post(reverse("claims:claim-create", args=[document.pk]), posted)


def malayev():
    return Source.objects.get(name="Vasily Malayev")


def logged() -> Claim:
    return Claim.objects.get(statement="The border was calm.")


def test_the_log_form_shows_the_publication_day_as_when_it_was_said(client, editor, document):
    client.force_login(editor)
    html = page(client, document)
    assert 'name="said_start" value="2014-08-04"' in html
    assert 'name="said_end" value="2014-08-04"' in html
    assert '<option value="day" selected>' in html


def test_the_log_form_offers_the_publisher_as_a_relay_ticked(client, editor, document):
    client.force_login(editor)
    html = page(client, document)
    start = html.index('id="relays-chosen"')
    chosen = html[start:html.index("</ul>", start)]
    assert f'name="relays" value="{document.publisher_id}" checked' in chosen


def test_a_claim_saved_as_the_form_offers_it_is_dated_and_carried(client, editor, document):
    client.force_login(editor)
    # What the browser sends back for the form as the page gave it.
    response = log(client, document, said_start="2014-08-04", said_end="2014-08-04",
                   said_precision="day", relays=[document.publisher_id])
    assert response.status_code == 302
    claim = logged()
    assert (claim.said_start, claim.said_end, claim.said_precision) == (
        PUBLISHED, PUBLISHED, Precision.DAY)
    assert [r.source_id for r in claim.relay_links.all()] == [document.publisher_id]


def test_a_phrase_typed_without_javascript_wins_over_the_default(client, editor, document):
    client.force_login(editor)
    log(client, document, said_phrase="on Sunday", said_start="2014-08-04",
        said_end="2014-08-04", said_precision="day")
    assert logged().said_start == date(2014, 8, 3)


def test_the_default_day_can_be_changed_or_cleared(client, editor, document):
    client.force_login(editor)
    log(client, document, said_start="2014-08-02", said_end="2014-08-02", said_precision="day")
    assert logged().said_start == date(2014, 8, 2)
    Claim.objects.filter(statement="The border was calm.").delete()
    log(client, document)  # the fields emptied: saved undated
    assert logged().said_start is None


def test_the_publisher_unticked_is_no_relay(client, editor, document):
    client.force_login(editor)
    log(client, document, said_start="2014-08-04")
    assert not logged().relay_links.exists()


def test_the_publisher_ends_the_chain_whatever_the_order_picked(client, editor, document):
    interfax = Source.objects.get(name="Interfax")
    client.force_login(editor)
    log(client, document, relays=[document.publisher_id, interfax.pk])
    relays = [r.source_id for r in logged().relay_links.order_by("position")]
    assert relays == [interfax.pk, document.publisher_id]


def test_a_document_without_a_publisher_offers_no_relay(client, editor, document):
    document.publisher = None
    document.save()
    client.force_login(editor)
    html = page(client, document)
    start = html.index('id="relays-chosen"')
    assert 'name="relays"' not in html[start:html.index("</ul>", start)]


def test_the_claim_edit_form_keeps_the_claims_own_values(client, reviewer, document):
    claim = Claim.objects.filter(document=document).first()
    claim.said_start = claim.said_end = date(2014, 8, 1)
    claim.save()
    claim.relay_links.all().delete()
    client.force_login(reviewer)
    html = client.get(reverse("claims:claim-edit", args=[claim.pk])).content.decode()
    assert 'name="said_start" value="2014-08-01"' in html
    assert f'name="relays" value="{document.publisher_id}"' not in html
    assert 'name="new_question"' not in html


# --- a new question -------------------------------------------------------------------


def test_a_new_question_is_started_from_the_log_form(client, editor, document):
    client.force_login(editor)
    assert 'name="new_question"' in page(client, document)
    response = log(client, document, new_question="  Was the border   calm on Monday? ")
    assert response.status_code == 302
    question = Question.objects.get(text="Was the border calm on Monday?")
    assert question.created_by == editor
    assert list(logged().questions.all()) == [question]
    assert question.history.latest().history_user == editor


def test_a_new_question_joins_the_ticked_ones(client, editor, document):
    ticked = Question.objects.first()
    client.force_login(editor)
    log(client, document, questions=[ticked.pk], new_question="Was the border calm?")
    assert set(logged().questions.values_list("text", flat=True)) == {
        ticked.text, "Was the border calm?"}


def test_a_question_of_the_same_text_is_not_made_twice(client, editor, document):
    existing = Question.objects.first()
    client.force_login(editor)
    before = Question.objects.count()
    log(client, document, new_question=existing.text.upper())
    assert Question.objects.count() == before
    assert list(logged().questions.all()) == [existing]


def test_a_refused_claim_makes_no_question_and_keeps_what_was_typed(client, editor, document):
    client.force_login(editor)
    before = Question.objects.count()
    response = log(client, document, statement="", new_question="Who closed the border?")
    assert response.status_code == 200
    assert Question.objects.count() == before
    assert 'value="Who closed the border?"' in response.content.decode()


def test_a_too_long_question_is_refused_beside_its_field(client, editor, document):
    client.force_login(editor)
    response = log(client, document, new_question="Why " * 100)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="new_question-errors"' in html
    assert "limited to 300 characters" in html
    assert not Claim.objects.filter(statement="The border was calm.").exists()
